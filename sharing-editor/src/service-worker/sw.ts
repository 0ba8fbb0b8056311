/**
 * The editor site's offline copy, on both of its origins: the editor's page, and the preview's
 * page (registered by preview/offline.ts), whose runtime wasmlit's own service worker keeps
 * in the same cache (`?offline=1`). Every GET of this origin is answered from the network when
 * it can be and kept; when the network fails, the kept copy answers (network first, so a new
 * version is picked up on the next online visit): packages/mountable/src/service-worker/offline-copy.ts.
 */
import { networkFirst, OFFLINE_CACHE } from "../../../packages/mountable/src/service-worker/offline-copy";

declare const self: ServiceWorkerGlobalScope;

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
  event.waitUntil(Promise.all(OLD_CACHES.map((name) => caches.delete(name))).then(() => self.clients.claim())),
);

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(networkFirst(event.request, (work) => event.waitUntil(work)));
});
