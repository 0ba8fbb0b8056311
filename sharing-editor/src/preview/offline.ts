/**
 * The preview works offline after its first visit: this origin keeps a copy of what it served
 * (packages/mountable/src/service-worker/offline-copy.ts, one cache for the origin):
 *
 *  - the site's service worker (`../sw.js`, the editor's own) keeps the preview's page, its
 *    script, `config.json` and `wasmlit.js`;
 *  - wasmlit's service worker, registered here with `?offline=1` before the app starts, keeps
 *    the runtime under `../runtime/` (the worker, Pyodide, the frontend): what it serves anyway
 *    (components, `st.App` routes), so a second one would only take those requests from it.
 *
 * Nothing here touches the editor's origin: this origin's caches are its own.
 */
import { offlineServiceWorkerUrl, SERVICE_WORKER_FILE } from "../../../packages/mountable/src/service-worker/script-url";

/** How long a first visit waits for the runtime's service worker before starting without it. */
const ACTIVE_WITHIN_MS = 10_000;

export async function keepOfflineCopy(): Promise<void> {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(new URL("../sw.js", location.href)).catch((error) => warn(error));
  const runtime = new URL("../runtime/", location.href);
  try {
    const registration = await navigator.serviceWorker.register(
      offlineServiceWorkerUrl(new URL(SERVICE_WORKER_FILE, runtime).href),
      { scope: runtime.pathname },
    );
    await activeWithin(registration, ACTIVE_WITHIN_MS);
  } catch (error) {
    warn(error);
  }
}

/** Resolves once the registration has an active worker, or after `ms` (the app starts anyway). */
function activeWithin(registration: ServiceWorkerRegistration, ms: number): Promise<void> {
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated" || worker.state === "redundant") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function warn(error: unknown): void {
  console.warn("[wasmlit preview] no offline copy:", error instanceof Error ? error.message : error);
}
