/**
 * The editor site's offline copy, on both of its origins: the editor's page, and the preview's
 * page (registered by preview/offline.ts), whose runtime wasmlit's own service worker keeps
 * in the same cache (`?offline=1`). Every GET of this origin is answered from the network when
 * it can be and kept; when the network fails, the kept copy answers (network first, so a new
 * version is picked up on the next online visit): packages/mountable/src/service-worker/offline-copy.ts.
 */
import { withIsolationHeaders } from "../../../packages/mountable/src/service-worker/isolation";
import { evictOtherVersions, networkFirst, offlineCacheName } from "../../../packages/mountable/src/service-worker/offline-copy";
import { markedPreviewOrigin } from "../shared/isolation-mark";

declare const self: ServiceWorkerGlobalScope;
declare const __RUNTIME_VERSION__: string;

/** This site's offline copy, named after its runtime version: older versions' are evicted on activate. */
const OFFLINE_CACHE = offlineCacheName(__RUNTIME_VERSION__);

// What loads before this service worker controls a first visit's page: kept at install.
// The editor's page and the preview's (the same site is published on both origins).
const SHELL = [
  "./",
  "index.html",
  "editor.js",
  "editor.css",
  "samples.json",
  "config.json",
  "manifest.webmanifest",
  "icon.svg",
  "preview/",
  "preview/preview.js",
  "runtime/wasmlit.js",
];
// The cache of the editor's first builds, before the offline copy was shared with the runtime.
const OLD_CACHES = ["wasmlit-editor-v1"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(OFFLINE_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) =>
  event.waitUntil(
    Promise.all([...OLD_CACHES.map((name) => caches.delete(name)), evictOtherVersions(OFFLINE_CACHE)]).then(() => self.clients.claim()),
  ),
);

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(networkFirst(event.request, OFFLINE_CACHE, (work) => event.waitUntil(work)).then((r) => isolated(event.request, r)));
});

/**
 * Cross-origin isolation, so Stop reaches a preview's script that never yields (the first
 * visit's pages load before this worker controls them; nothing reloads for it):
 *  - the preview's page, framed by the editor, always gets COEP and says that an isolated page
 *    on another origin may frame it (`Cross-Origin-Resource-Policy`); its runtime is isolated by
 *    wasmlit's own service worker (preview/offline.ts asks for it);
 *  - the preview's page opened alone (an app-only link) is isolated too: it frames only its
 *    runtime, on its own origin;
 *  - the editor's page gets COOP/COEP (as wasmlit's exports do, service-worker/isolation.ts)
 *    once its preview said it came from this worker (shared/isolation-mark.ts): an isolated
 *    page cannot frame a preview without those headers.
 */
async function isolated(request: Request, response: Response): Promise<Response> {
  if (request.destination === "document" && !isPreviewPage(request.url) && (await markedPreviewOrigin(self.registration.scope)) === null) {
    return response;
  }
  const answer = withIsolationHeaders(request, response);
  if (request.destination !== "iframe" || answer === response || answer.headers.has("cross-origin-resource-policy")) {
    return answer;
  }
  const headers = new Headers(answer.headers);
  headers.set("cross-origin-resource-policy", "cross-origin");
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}

function isPreviewPage(url: string): boolean {
  const path = new URL(url).pathname;
  const preview = new URL("preview/", self.registration.scope).pathname;
  return path === preview || path === `${preview}index.html`;
}
