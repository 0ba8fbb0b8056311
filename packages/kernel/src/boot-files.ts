/**
 * The runtime's big boot files (`snapshot.bin.gz`, `site-packages.img.gz`): fetched, gunzipped
 * as they arrive, and kept inflated in Cache Storage for the next visit.
 *
 * Why keep them inflated: a revisit gets the 14 MB snapshot from the browser's HTTP cache for
 * free, but gunzipping it back to 65 MB takes the worker 0.7-1 s, the largest single cost of a
 * revisit. Reading the inflated copy back takes about 0.15 s. The copy is tied to the version
 * the server names (its ETag, or Last-Modified and length): the browser still revalidates the
 * .gz as the host's caching says, and a new version is inflated again and replaces the copy.
 * Any failure of Cache Storage (absent on plain http, refused in an opaque origin, quota) only
 * means gunzipping as before.
 */

export const INFLATED_CACHE = "wasmlit-inflated-v1";
const VERSION_HEADER = "x-wasmlit-version";

export interface BootFile {
  /** The inflated bytes, still arriving (a failed download rejects it). */
  content: Promise<Uint8Array>;
  /**
   * The buffer `content` will resolve to, already allocated at its final size, when that size
   * was known beforehand (`inflatedSize`): Pyodide can be handed it before it is filled.
   */
  buffer: Uint8Array | null;
  /** Whether `content` came from the inflated copy of an earlier visit. */
  fromCache: boolean;
  /** Keep the content inflated for the next visit (in the background; failures are ignored). */
  keep(): Promise<void>;
  /** Forget a kept copy that turned out unusable. */
  forget(): Promise<void>;
}

/**
 * The file at `url`, or null as soon as the file is known to be absent. `inflatedSize` (from the
 * runtime manifest) lets the content be written into a buffer allocated at once.
 */
export async function openBootFile(
  url: string,
  storage: CacheStorage | undefined = globalThis.caches,
  inflatedSize: Promise<number | null> = Promise.resolve(null),
): Promise<BootFile | null> {
  const response = await fetch(url).catch(() => null);
  if (!response?.ok || !response.body) return null;
  const version = versionOf(response);
  const cache = version ? await openCache(storage) : null;
  const forget = async () => {
    await cache?.delete(url).catch(() => false);
  };
  const kept = cache && version ? await readKept(cache, url, version) : null;
  if (kept) {
    response.body.cancel().catch(() => {});
    return { content: Promise.resolve(kept), buffer: kept, fromCache: true, keep: async () => {}, forget };
  }
  const size = await inflatedSize;
  const buffer = size === null ? null : new Uint8Array(size);
  const content = inflate(response.body, buffer);
  content.catch(() => {}); // a failed download is handled where the content is awaited
  const keep = async () => {
    if (!cache || !version) return;
    const bytes = await content.catch(() => null);
    if (!bytes) return;
    const copy = new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { [VERSION_HEADER]: version } });
    await cache.put(url, copy).catch(() => {});
  };
  return { content, buffer, fromCache: false, keep, forget };
}

/** What identifies the served file's version; null when the server says nothing usable. */
export function versionOf(response: Response): string | null {
  const etag = response.headers.get("etag");
  if (etag) return etag;
  const modified = response.headers.get("last-modified");
  const length = response.headers.get("content-length");
  return modified && length ? `${modified}; ${length}` : null;
}

async function openCache(storage: CacheStorage | undefined): Promise<Cache | null> {
  try {
    return storage ? await storage.open(INFLATED_CACHE) : null;
  } catch {
    return null; // e.g. an opaque origin, or storage turned off
  }
}

async function readKept(cache: Cache, url: string, version: string): Promise<Uint8Array | null> {
  try {
    const kept = await cache.match(url);
    if (!kept || kept.headers.get(VERSION_HEADER) !== version) return null;
    return new Uint8Array(await kept.arrayBuffer());
  } catch {
    return null;
  }
}

/** The body, gunzipped (unless the host already did); into `target` when given, which it must fill exactly. */
async function inflate(body: ReadableStream<Uint8Array<ArrayBuffer>>, target: Uint8Array | null): Promise<Uint8Array> {
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) throw new Error("empty file");
  const whole = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start: (controller) => controller.enqueue(first.value),
    pull: async (controller) => {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  const gzipped = first.value[0] === 0x1f && first.value[1] === 0x8b; // a host may already have inflated it
  const stream: ReadableStream<Uint8Array> = gzipped ? whole.pipeThrough(new DecompressionStream("gzip")) : whole;
  if (!target) return new Uint8Array(await new Response(stream).arrayBuffer());
  let filled = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    if (filled + chunk.length > target.length) throw new Error(`larger than the ${target.length} bytes the manifest says`);
    target.set(chunk, filled);
    filled += chunk.length;
  }
  if (filled !== target.length) throw new Error(`${filled} bytes, not the ${target.length} the manifest says`);
  return target;
}
