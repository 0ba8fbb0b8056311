import assert from "node:assert/strict";
import { test } from "node:test";
import { applyChange } from "./live-reload";

function recordingApp(failing: string[] = []) {
  const calls: string[] = [];
  const step = (name: string) => {
    calls.push(name);
    return failing.includes(name) ? Promise.reject(new Error("nope")) : Promise.resolve();
  };
  return {
    calls,
    app: {
      install: (requirements: string[]) => step(`install ${requirements.join(" ")}`),
      unlink: (path: string) => step(`unlink ${path}`),
      writeFile: (path: string) => step(`write ${path}`),
    },
  };
}

const readFile = async (name: string) => new TextEncoder().encode(name);

test("packages are installed before files change, deletions before writes", async () => {
  const { app, calls } = recordingApp();
  const reported: string[] = [];
  await applyChange(app, { install: ["humanize"], written: ["a.py", "b.csv"], removed: ["old.py"] }, readFile, (m) => reported.push(m));
  assert.deepEqual(calls, ["install humanize", "unlink old.py", "write a.py", "write b.csv"]);
  assert.deepEqual(reported, []);
});

test("each failure is reported once and the rest still applies", async () => {
  const { app, calls } = recordingApp(["install nowhere", "write a.py"]);
  const reported: string[] = [];
  const unreadable = async (name: string) => {
    if (name === "gone.txt") throw new Error("the server answered 404");
    return readFile(name);
  };
  await applyChange(app, { install: ["nowhere"], written: ["a.py", "gone.txt", "b.py"], removed: [] }, unreadable, (m) => reported.push(m));
  assert.deepEqual(calls, ["install nowhere", "write a.py", "write b.py"]);
  assert.deepEqual(reported, [
    "could not install nowhere: nope",
    "could not update a.py: nope",
    "could not update gone.txt: the server answered 404",
  ]);
});
