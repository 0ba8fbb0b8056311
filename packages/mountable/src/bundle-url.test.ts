import assert from "node:assert/strict";
import { test } from "node:test";
import { runtimeFiles, scriptUrlFromStack } from "./bundle-url";

// wasmlit.js loaded with <script type="module" src> has no document.currentScript: its own URL
// is the first script URL of a stack trace, in each browser's format.
test("the running script's URL from Chromium's stack traces", () => {
  const topLevel = "Error\n    at https://cdn.example/wasmlit/wasmlit.js:1:2345\n    at f (https://page.example/app.js:3:4)";
  assert.equal(scriptUrlFromStack(topLevel), "https://cdn.example/wasmlit/wasmlit.js");
  const named = "Error\n    at Object.<anonymous> (http://127.0.0.1:8000/w/wasmlit.js:12:34)";
  assert.equal(scriptUrlFromStack(named), "http://127.0.0.1:8000/w/wasmlit.js");
});

test("the running script's URL from Firefox's and Safari's stack traces", () => {
  assert.equal(scriptUrlFromStack("@https://host:8443/a/b/wasmlit.js:1:5\n"), "https://host:8443/a/b/wasmlit.js");
  assert.equal(scriptUrlFromStack("global code@file:///home/me/site/wasmlit.js:1:99"), "file:///home/me/site/wasmlit.js");
});

test("no URL in the stack: null, not a wrong guess", () => {
  assert.equal(scriptUrlFromStack("Error\n    at <anonymous>"), null);
});

test("the runtime's files are found under the bundle URL", () => {
  assert.deepEqual(runtimeFiles("https://host/site/wasmlit/"), {
    frontendPage: "https://host/site/wasmlit/frontend/index.html",
    worker: "https://host/site/wasmlit/worker.js",
  });
});
