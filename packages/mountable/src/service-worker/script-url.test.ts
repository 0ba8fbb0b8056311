import { test } from "node:test";
import assert from "node:assert/strict";
import {
  isolatingServiceWorkerUrl,
  isolationRequested,
  offlineCopyRequested,
  offlineServiceWorkerUrl,
  SERVICE_WORKER_FILE,
  serviceWorkerUrlFor,
} from "./script-url";

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

test("a page's isolation choice keeps the offline copy another page asked for", () => {
  const offline = offlineServiceWorkerUrl(PLAIN);
  assert.equal(offlineCopyRequested(offline), true);
  assert.equal(offlineCopyRequested(PLAIN), false);
  const isolated = serviceWorkerUrlFor(PLAIN, offline, true);
  assert.equal(isolationRequested(isolated) && offlineCopyRequested(isolated), true);
  const plain = serviceWorkerUrlFor(PLAIN, isolatedOf(offline), false);
  assert.equal(!isolationRequested(plain) && offlineCopyRequested(plain), true);
  // No choice: what is registered stays; nothing registered: the plain script.
  assert.equal(serviceWorkerUrlFor(PLAIN, isolatedOf(offline), undefined), isolatedOf(offline));
  assert.equal(serviceWorkerUrlFor(PLAIN, undefined, undefined), PLAIN);
  // Another script registered at the scope is not this one's settings.
  assert.equal(serviceWorkerUrlFor(PLAIN, "https://example.test/site/other.js?offline=1", undefined), PLAIN);
});

function isolatedOf(url: string): string {
  return isolatingServiceWorkerUrl(url);
}
