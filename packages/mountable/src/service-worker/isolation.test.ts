import assert from "node:assert/strict";
import { test } from "node:test";
import { isolateIfRequested, withIsolationHeaders } from "./isolation";
import { mustAnswer } from "./responses";

/** A request as the service worker sees it; only its destination matters here. */
const requestFor = (destination: string) => ({ destination }) as Request;

test("without ?isolate=1 the service worker leaves the bundle's files to the browser", () => {
  assert.equal(isolateIfRequested("https://pages.example.test/site/wasmlit-sw.js"), false);
  assert.equal(mustAnswer(requestFor("document")), false);
});

test("isolating, it answers pages, frames and worker scripts, and nothing else of the bundle", () => {
  assert.equal(isolateIfRequested("https://pages.example.test/site/wasmlit-sw.js?isolate=1"), true);
  for (const destination of ["document", "iframe", "worker", "sharedworker"]) {
    assert.equal(mustAnswer(requestFor(destination)), true, destination);
  }
  // The snapshot and Pyodide's files (fetch: ""), the frontend's scripts, styles and images go
  // straight to the network and the HTTP cache.
  for (const destination of ["", "script", "style", "image", "font"]) {
    assert.equal(mustAnswer(requestFor(destination)), false, destination);
  }
});

test("a page or worker script gets COOP and COEP; other responses are left as they are", () => {
  const page = withIsolationHeaders(requestFor("document"), new Response("<!doctype html>"));
  assert.equal(page.headers.get("cross-origin-opener-policy"), "same-origin");
  assert.equal(page.headers.get("cross-origin-embedder-policy"), "credentialless");
  const file = new Response("bytes");
  assert.equal(withIsolationHeaders(requestFor(""), file), file);
});
