import assert from "node:assert/strict";
import { test } from "node:test";
import { type AppViews, reportTo } from "./app-reports";

/** Views that record every call made to them, as "view.method", in order. */
function recordingViews(): { views: AppViews; calls: [string, ...unknown[]][] } {
  const calls: [string, ...unknown[]][] = [];
  const recorder = <T extends object>(name: string) =>
    new Proxy({} as T, {
      get:
        (_target, method) =>
        (...args: unknown[]) => {
          calls.push([`${name}.${String(method)}`, ...args]);
          return undefined;
        },
    });
  const views: AppViews = {
    status: recorder("status"),
    recovery: recorder("recovery"),
    app: recorder("app"),
    frame: recorder("frame"),
  };
  return { views, calls };
}

test("progress goes to the status panel and the controller's events", () => {
  const { views, calls } = recordingViews();
  reportTo(views).progress("packages", "Installing faker");
  assert.deepEqual(calls, [
    ["status.showStage", "packages", "Installing faker"],
    ["app.loadProgress", "Installing faker"],
  ]);
});

test("ready clears the crash notice and the progress, then fires loadFinished", () => {
  const { views, calls } = recordingViews();
  reportTo(views).ready();
  assert.deepEqual(calls, [["recovery.hide"], ["status.hideProgress"], ["app.loadFinished"]]);
});

test("a boot error hides the frame, is shown, and fires loadError", () => {
  const { views, calls } = recordingViews();
  reportTo(views).bootError("No module named 'faker'", "Traceback");
  assert.deepEqual(calls, [
    ["frame.hide"],
    ["status.showBootError", "No module named 'faker'", "Traceback"],
    ["app.loadError", "No module named 'faker'"],
  ]);
});

test("a crash is shown with Restart; restarting reloads the frame onto the fresh worker", () => {
  const { views, calls } = recordingViews();
  const listeners = reportTo(views);
  listeners.crash("Python died", "stack");
  listeners.restarting();
  assert.deepEqual(calls, [
    ["status.hideProgress"],
    ["recovery.showCrash", "Python died", "stack"],
    ["app.crash", "Python died", "stack"],
    ["recovery.showRestarting"],
    ["frame.reload"],
  ]);
});

test("problems and auto-loads are shown and announced", () => {
  const { views, calls } = recordingViews();
  const listeners = reportTo(views);
  const done = Promise.resolve();
  listeners.problem("Could not load faker", "404");
  listeners.moduleAutoLoad(["humanize"], done);
  assert.deepEqual(calls, [
    ["status.showProblem", "Could not load faker", "404"],
    ["status.showAutoLoad", ["humanize"], done],
    ["app.moduleAutoLoad", ["humanize"], done],
  ]);
});
