import assert from "node:assert/strict";
import { test } from "node:test";
import { persistWhenHidden } from "./page-lifecycle";

// This page: its document (with a visibility state) and its window, as event targets.
const page = Object.assign(new EventTarget(), { visibilityState: "visible" });
const win = new EventTarget();
Object.assign(globalThis, { document: page, window: win });

function kernel(shared: boolean) {
  const calls: string[] = [];
  return { calls, kernel: { shared, persist: () => calls.push("persist"), terminate: () => calls.push("terminate") } };
}

const pageHide = (persisted: boolean) => win.dispatchEvent(Object.assign(new Event("pagehide"), { persisted }));
const visibility = (state: string) => {
  page.visibilityState = state;
  page.dispatchEvent(new Event("visibilitychange"));
};

test("the app's folders are saved when the page hides, not when it shows", () => {
  const { calls, kernel: app } = kernel(false);
  const stop = persistWhenHidden(app);
  visibility("hidden");
  visibility("visible");
  assert.deepEqual(calls, ["persist"]);
  stop();
});

test("a shared app leaves its worker when the page goes, not when it is only cached", () => {
  const { calls, kernel: app } = kernel(true);
  const stop = persistWhenHidden(app);
  pageHide(true);
  assert.deepEqual(calls, ["persist"]);
  pageHide(false);
  assert.deepEqual(calls, ["persist", "persist", "terminate"]);
  stop();
});

test("an app of its own worker is only saved when the page goes", () => {
  const { calls, kernel: app } = kernel(false);
  const stop = persistWhenHidden(app);
  pageHide(false);
  assert.deepEqual(calls, ["persist"]);
  stop();
});

test("after stopping, the page's changes are not followed", () => {
  const { calls, kernel: app } = kernel(true);
  persistWhenHidden(app)();
  visibility("hidden");
  pageHide(false);
  assert.deepEqual(calls, []);
});
