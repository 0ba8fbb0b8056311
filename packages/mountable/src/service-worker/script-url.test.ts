import { test } from "node:test";
import assert from "node:assert/strict";
import { isolatingServiceWorkerUrl, isolationRequested, SERVICE_WORKER_FILE } from "./script-url";

const PLAIN = `https://example.test/site/${SERVICE_WORKER_FILE}`;

test("the isolating URL asks for isolation; the plain one does not", () => {
  assert.equal(isolatingServiceWorkerUrl(PLAIN), `${PLAIN}?isolate=1`);
  assert.equal(isolationRequested(isolatingServiceWorkerUrl(PLAIN)), true);
  assert.equal(isolationRequested(PLAIN), false);
});

test("asking twice gives the same URL, and other parameters are kept", () => {
  const once = isolatingServiceWorkerUrl(`${PLAIN}?v=2`);
  assert.equal(isolatingServiceWorkerUrl(once), once);
  assert.equal(new URL(once).searchParams.get("v"), "2");
});

test("only isolate=1 asks for it", () => {
  assert.equal(isolationRequested(`${PLAIN}?isolate=0`), false);
  assert.equal(isolationRequested(`${PLAIN}?isolate=yes`), false);
});
