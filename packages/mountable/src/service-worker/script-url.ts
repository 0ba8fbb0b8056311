/**
 * The service worker's script URL, which both sides read: the pages that register it
 * (sw-client/register.ts) and the service worker itself, at start-up (isolation.ts).
 *
 * Its one setting travels in the URL: `?isolate=1` asks for cross-origin isolation. Every
 * registration of the scope must then use that URL, or the next one replaces it.
 */

/** The service worker script, next to wasmlit.js in the bundle. */
export const SERVICE_WORKER_FILE = "wasmlit-sw.js";

export const ISOLATE_PARAM = "isolate";

/** The service worker's URL with isolation asked for. */
export function isolatingServiceWorkerUrl(serviceWorkerUrl: string): string {
  const url = new URL(serviceWorkerUrl);
  url.searchParams.set(ISOLATE_PARAM, "1");
  return url.href;
}

export function isolationRequested(serviceWorkerUrl: string): boolean {
  return new URL(serviceWorkerUrl).searchParams.get(ISOLATE_PARAM) === "1";
}
