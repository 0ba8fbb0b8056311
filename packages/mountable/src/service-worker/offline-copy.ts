/// <reference lib="webworker" />
/**
 * An offline copy of what a service worker serves: every GET of its origin goes to the network
 * first (so a new version is picked up on the next online visit) and is kept; when the network
 * fails, the kept copy answers. One cache per origin, shared by every service worker of that
 * origin that keeps a copy: the sharing editor's (sharing-editor/src/service-worker/sw.ts, the
 * editor's page and the preview's) and wasmlit's own when its URL asks for it (`?offline=1`,
 * script-url.ts), for the runtime under its folder.
 *
 * A copy is rewritten only when the network's answer is another version (ETag, else
 * Last-Modified and length), so a revisit does not write the runtime's megabytes again.
 */
export const OFFLINE_CACHE = "wasmlit-offline-v1";

/** The network's answer (kept), or the kept copy when the network fails. */
export async function networkFirst(request: Request, keep: (work: Promise<unknown>) => void): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await (await caches.open(OFFLINE_CACHE)).match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
  // Only whole, readable answers of this origin (not a 206 range, not an opaque one).
  if (response.status === 200 && response.type === "basic") keep(keepCopy(request, response.clone()));
  return response;
}

async function keepCopy(request: Request, response: Response): Promise<void> {
  const cache = await caches.open(OFFLINE_CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  const version = versionOf(response);
  if (kept && version !== null && versionOf(kept) === version) {
    await response.body?.cancel();
    return;
  }
  await cache.put(request, response).catch(() => {}); // storage full: the network still answered
}

function versionOf(response: Response): string | null {
  const headers = response.headers;
  const etag = headers.get("etag");
  if (etag) return etag;
  const modified = headers.get("last-modified");
  return modified ? `${modified} ${headers.get("content-length") ?? ""}` : null;
}
