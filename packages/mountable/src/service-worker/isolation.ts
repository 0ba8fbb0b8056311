/**
 * Cross-origin isolation from the service worker, for static hosts that cannot send headers.
 *
 * Stopping a script that never yields needs SharedArrayBuffer (kernel/src/control-buffer.ts),
 * which browsers only give a cross-origin-isolated page: its documents and workers served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy` (`require-corp`
 * or `credentialless`). `wasmlit serve` sends them; GitHub Pages and most static hosts cannot.
 * The service worker can: it answers the requests under its scope and adds the headers (the
 * technique of coi-serviceworker). A page is isolated from its next load after the service
 * worker controls it, so a page that was not reloads once (`reloadOnceForIsolation` in
 * sw-client/isolate-page.ts, the page's side; this module is the service worker's).
 *
 * Opt-in, because the headers constrain the page too: COOP cuts `window.opener` links to
 * popups on other origins, and COEP hides cross-origin iframes that do not opt in themselves.
 * The service worker isolates only when its script URL asks for it (`?isolate=1`, see
 * script-url.ts); every registration of the scope must then use that URL, or the next one
 * replaces it. `credentialless` (not `require-corp`) keeps images from sites
 * that send no Cross-Origin-Resource-Policy loading (Chromium and Firefox; Safari ignores it
 * and stays not isolated, and the page then says Stop cannot reach a busy script).
 */
import { addResponseTransform } from "./responses";
import { isolationRequested } from "./script-url";

/** Requests whose responses decide isolation: documents (pages, iframes) and workers. */
const ISOLATED_DESTINATIONS = new Set(["document", "iframe", "frame", "worker", "sharedworker"]);

/** `response`, with the isolation headers it lacks if it is a document or a worker script. */
export function withIsolationHeaders(request: Request, response: Response): Response {
  if (!ISOLATED_DESTINATIONS.has(request.destination)) return response;
  // Opaque responses (and errors) cannot be rebuilt; the browser then blocks or shows them as they are.
  if (response.status === 0 || response.type === "opaque" || response.type === "opaqueredirect") return response;
  const headers = new Headers(response.headers);
  if (!headers.has("cross-origin-embedder-policy")) headers.set("cross-origin-embedder-policy", "credentialless");
  if (!headers.has("cross-origin-opener-policy")) headers.set("cross-origin-opener-policy", "same-origin");
  const nullBody = [101, 103, 204, 205, 304].includes(response.status);
  return new Response(nullBody ? null : response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Service worker side, at start-up: isolate the scope's pages and workers if asked to. */
export function isolateIfRequested(serviceWorkerUrl: string): boolean {
  if (!isolationRequested(serviceWorkerUrl)) return false;
  // Not only the app's requests: the bundle's own pages and worker.js decide isolation too.
  // Other requests (fetches, scripts, images) need no headers and never come through here.
  addResponseTransform(withIsolationHeaders, { mustSee: (request) => ISOLATED_DESTINATIONS.has(request.destination) });
  return true;
}
