/**
 * The preview works offline after its first visit: this origin keeps a copy of what it served
 * (packages/mountable/src/service-worker/offline-copy.ts, one cache for the origin and runtime version):
 *
 *  - the site's service worker (`../sw.js`, the editor's own) keeps the preview's page, its
 *    script, `config.json` and `wasmlit.js`;
 *  - wasmlit's service worker, registered here with `?offline=1` before the app starts, keeps
 *    the runtime under `../runtime/` (the worker, Pyodide, the frontend): what it serves anyway
 *    (components, `st.App` routes), so a second one would only take those requests from it.
 *    `?isolate=1` too: the runtime's frame and worker get COEP, so the preview is cross-origin
 *    isolated when the editor's page is (see ../service-worker/sw.ts) and Stop ends a busy loop.
 *
 * Nothing here touches the editor's origin: this origin's caches are its own.
 */
import {
  isolatingServiceWorkerUrl,
  offlineServiceWorkerUrl,
  SERVICE_WORKER_FILE,
} from "../../../packages/mountable/src/service-worker/script-url";

/** How long a first visit waits for the service workers before starting without them. */
const ACTIVE_WITHIN_MS = 10_000;

export async function keepOfflineCopy(): Promise<void> {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const runtime = new URL("../runtime/", location.href);
  const runtimeWorker = isolatingServiceWorkerUrl(offlineServiceWorkerUrl(new URL(SERVICE_WORKER_FILE, runtime).href));
  await Promise.all([
    registered(new URL("../sw.js", location.href).href),
    registered(runtimeWorker, { scope: runtime.pathname }),
  ]);
}

/**
 * Whether this page's next load comes from the site's service worker, with the headers that
 * let an isolated editor frame it (see ../service-worker/sw.ts).
 */
export async function nextLoadIsolatable(): Promise<boolean> {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return false;
  return !!(await navigator.serviceWorker.getRegistration().catch(() => undefined))?.active;
}

async function registered(url: string, options?: RegistrationOptions): Promise<void> {
  try {
    await activeWithin(await navigator.serviceWorker.register(url, options), ACTIVE_WITHIN_MS);
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
