/**
 * A script's HTTP requests to its own app's routes are answered in the worker.
 *
 * FluxLit's pattern: an `st.App` mounts an API (FastAPI at /api) and the script calls it,
 * `requests.get(urljoin(st.context.url, "api/items/21"))`. Over the network that request goes
 * nowhere: the service worker answers an app's route by asking a page, which asks this worker,
 * and it asks only pages, never the worker itself, so the request would reach the static host
 * (a 404). Here the worker's `fetch`, which requests (urllib3), httpx and urllib use while the
 * script waits suspended (JSPI, see python/shim/wasmlit_shim/sync_http/), answers the URLs of
 * the app's own routes from the app's server: the event loop runs the route meanwhile, as a
 * server's would. URLs map to server paths as the service worker maps them (routes.ts):
 * `<bundle>/<path>` and `<bundle>/frontend/<path>` are `/<path>`.
 *
 * Limits: only for an app alone in its worker (in a shared worker a request does not say whose
 * script made it); and where the script cannot suspend (no JSPI), the clients send a
 * synchronous XMLHttpRequest, which this thread cannot answer: those still go to the network.
 */
import type { ShimAppServer } from "./shim-api";
import { exactBuffer } from "./transfer";

/** Bodies of these statuses must be null in a Response. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The app's server path for `url`, or null where the URL is not under the bundle. */
export function ownServerPath(url: URL, bundle: URL): string | null {
  if (url.origin !== bundle.origin || !url.pathname.startsWith(bundle.pathname)) return null;
  const rest = url.pathname.slice(bundle.pathname.length);
  return "/" + (rest.startsWith("frontend/") ? rest.slice("frontend/".length) : rest);
}

/**
 * Replace `scope.fetch` so requests for the app's own routes are answered by `app`; every
 * other request goes where it went. Returns a function that puts the original back.
 */
export function answerOwnRoutes(
  bundle: string,
  app: Pick<ShimAppServer, "answers" | "http">,
  scope: { fetch: typeof fetch } = globalThis,
): () => void {
  const networkFetch = scope.fetch;
  const base = new URL(bundle);
  const ownFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // Decided from the URL and method alone: a request that is not the app's goes on untouched
    // (a Request built from `init` would take its body stream, and the network's copy with it).
    const url = new URL(input instanceof Request ? input.url : String(input), globalThis.location?.href);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const path = ownServerPath(url, base);
    if (path === null || !app.answers(method, path)) return networkFetch(input, init);
    const request = new Request(input, init);
    const body = new Uint8Array(await request.arrayBuffer());
    const reply = await app.http(request.method, path, url.search.slice(1), [...request.headers], body);
    return new Response(NULL_BODY_STATUSES.has(reply.status) ? null : exactBuffer(reply.body), {
      status: reply.status,
      headers: reply.headers,
    });
  };
  scope.fetch = ownFetch;
  return () => {
    if (scope.fetch === ownFetch) scope.fetch = networkFetch;
  };
}
