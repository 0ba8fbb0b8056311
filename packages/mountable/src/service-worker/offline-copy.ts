/// <reference lib="webworker" />
/**
 * An offline copy of what a service worker serves: every GET of its origin goes to the network
 * first (so a new version is picked up on the next online visit) and is kept; when the network
 * fails, the kept copy answers. One cache per origin (and runtime version, below), shared by
 * every service worker of that origin that keeps a copy: the sharing editor's (sharing-editor/src/service-worker/sw.ts, the
 * editor's page and the preview's) and wasmlit's own when its URL asks for it (`?offline=1`,
 * script-url.ts), for the runtime under its folder.
 *
 * A copy is rewritten only when the network's answer is another version (ETag, else
 * Last-Modified and length), so a revisit does not write the runtime's megabytes again.
 *
 * The cache is named after the wasmlit runtime version that keeps it (`wasmlit-offline-0.1.0`):
 * a runtime's files change names from one version to the next (the frontend's are
 * content-hashed), so copies of an older version would only take space. Each service worker
 * that keeps a copy deletes, when it activates, every offline cache of another version
 * (`evictOtherVersions`): after an update, the last of them to activate leaves only its own.
 * Within one version, a file is replaced in place (same URL); a rebuild of the same version
 * that renames files leaves the old names until the version changes.
 */
const OFFLINE_CACHE_PREFIX = "wasmlit-offline-";

/** The offline cache of a runtime version (the wasmlit version the service worker was built with). */
export function offlineCacheName(runtimeVersion: string): string {
  return `${OFFLINE_CACHE_PREFIX}${runtimeVersion}`;
}

/**
 * Deletes every offline cache but `current` (older versions', and `wasmlit-offline-v1`, the
 * name before caches carried the version); other caches of the origin are left alone.
 * Returns the names deleted.
 */
export async function evictOtherVersions(current: string): Promise<string[]> {
  const others = (await caches.keys()).filter((name) => name.startsWith(OFFLINE_CACHE_PREFIX) && name !== current);
  await Promise.all(others.map((name) => caches.delete(name)));
  return others;
}

/** The network's answer (kept in `cacheName`), or the kept copy when the network fails. */
export async function networkFirst(
  request: Request,
  cacheName: string,
  keep: (work: Promise<unknown>) => void,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await (await caches.open(cacheName)).match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
  // Only whole, readable answers of this origin (not a 206 range, not an opaque one).
  if (response.status === 200 && response.type === "basic") keep(keepCopy(cacheName, request, response.clone()));
  return response;
}

async function keepCopy(cacheName: string, request: Request, response: Response): Promise<void> {
  const cache = await caches.open(cacheName);
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
