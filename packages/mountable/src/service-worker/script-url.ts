/**
 * The service worker's script URL, which both sides read: the pages that register it
 * (sw-client/register.ts) and the service worker itself, at start-up (isolation.ts).
 *
 * Its settings travel in the URL: `?isolate=1` asks for cross-origin isolation, `?offline=1`
 * for an offline copy of the bundle's files (offline-copy.ts; the sharing editor's preview asks
 * for it). Every registration of the scope must then use that URL, or the next one replaces it:
 * register.ts keeps the settings of the registered URL that a page does not choose itself.
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

export const OFFLINE_PARAM = "offline";

/** The service worker's URL with an offline copy asked for. */
export function offlineServiceWorkerUrl(serviceWorkerUrl: string): string {
  const url = new URL(serviceWorkerUrl);
  url.searchParams.set(OFFLINE_PARAM, "1");
  return url.href;
}

export function offlineCopyRequested(serviceWorkerUrl: string): boolean {
  return new URL(serviceWorkerUrl).searchParams.get(OFFLINE_PARAM) === "1";
}

/**
 * The URL to register: `current` (what is registered now, if it is this script) with its
 * settings, isolation set as `isolate` says (undefined keeps the current one's).
 */
export function serviceWorkerUrlFor(plain: string, current: string | undefined, isolate: boolean | undefined): string {
  const url = new URL(current && new URL(current).pathname === new URL(plain).pathname ? current : plain);
  if (isolate === true) url.searchParams.set(ISOLATE_PARAM, "1");
  if (isolate === false) url.searchParams.delete(ISOLATE_PARAM);
  return url.href;
}
