/**
 * The runtime's big boot files (`snapshot.bin.zst`, `site-packages.img.zst`): fetched, decoded
 * from Zstandard as they arrive (python/wasmlit/runtime_build/compression.py says why not
 * gzip), and kept decoded in Cache Storage for the next visit.
 *
 * Why keep them decoded: a revisit gets the snapshot from the browser's HTTP cache for free,
 * but decoding it back to 65 MB costs the worker a large part of a second, the largest single
 * cost of a revisit. Reading the decoded copy back takes about 0.15 s. The copy is tied to the
 * version the server names (its ETag, or Last-Modified and length): the browser still
 * revalidates the file as the host's caching says, and a new version is decoded again and
 * replaces the copy. Any failure of Cache Storage (absent on plain http, refused in an opaque
 * origin, quota) only means decoding as before.
 */

import { ZSTDDecoder } from "zstddec/stream";

export const DECODED_CACHE = "wasmlit-decoded-v1";
const VERSION_HEADER = "x-wasmlit-version";

export interface BootFile {
  /** The decoded bytes, still arriving (a failed download rejects it). */
  content: Promise<Uint8Array>;
  /**
   * The buffer `content` will resolve to, already allocated at its final size, when that size
   * was known beforehand (`decodedSize`): Pyodide can be handed it before it is filled.
   */
  buffer: Uint8Array | null;
  /** Whether `content` came from the decoded copy of an earlier visit. */
  fromCache: boolean;
  /** Keep the content decoded for the next visit (in the background; failures are ignored). */
  keep(): Promise<void>;
  /** Forget a kept copy that turned out unusable. */
  forget(): Promise<void>;
}

/**
 * The file at `url`, or null as soon as the file is known to be absent. `decodedSize` (from the
 * runtime manifest) lets the content be written into a buffer allocated at once.
 */
export async function openBootFile(
  url: string,
  storage: CacheStorage | undefined = originCaches(),
  decodedSize: Promise<number | null> = Promise.resolve(null),
): Promise<BootFile | null> {
  const response = await fetch(url).catch(() => null);
  if (!response?.ok || !response.body) return null;
  const version = versionOf(response);
  const cache = version ? await openCache(storage) : null;
  const forget = async () => {
    await cache?.delete(url).catch(() => false);
  };
  const kept = cache && version ? await findKept(cache, url, version) : null;
  const size = await decodedSize;
  const buffer = size === null ? null : new Uint8Array(size);
  if (kept) {
    // Read while Pyodide compiles its wasm (it holds `buffer` already): not before.
    response.body.cancel().catch(() => {});
    const content = decode(kept, buffer, { compressed: false });
    content.catch(() => {});
    return { content, buffer, fromCache: true, keep: async () => {}, forget };
  }
  const content = decode(response.body, buffer, { compressed: "if-marked" });
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

/** This context's Cache Storage, if it may have one. */
export function originCaches(): CacheStorage | undefined {
  try {
    return globalThis.caches;
  } catch {
    return undefined; // reading it throws where storage is off, e.g. in a worker started from a data: URL
  }
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
    return storage ? await storage.open(DECODED_CACHE) : null;
  } catch {
    return null; // e.g. an opaque origin, or storage turned off
  }
}

/** The body of the copy kept for this version of the file, not read yet. */
async function findKept(cache: Cache, url: string, version: string): Promise<ReadableStream<Uint8Array> | null> {
  try {
    const kept = await cache.match(url);
    return kept?.body && kept.headers.get(VERSION_HEADER) === version ? kept.body : null;
  } catch {
    return null;
  }
}

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const YIELD_EVERY_MS = 20;

/**
 * The body, decoded from Zstandard when it is compressed (a served file that starts with
 * Zstandard's magic number: a host may have decoded it already); into `target` when given,
 * which it must fill exactly. Decoded as it arrives, so a cold visit decodes while the rest
 * still downloads.
 */
async function decode(
  body: ReadableStream<Uint8Array>,
  target: Uint8Array | null,
  { compressed: given }: { compressed: false | "if-marked" },
): Promise<Uint8Array> {
  const chunks = new ChunkQueue(body);
  const first = await chunks.peek();
  if (first === null) throw new Error("empty file");
  const compressed = given === "if-marked" && ZSTD_MAGIC.every((byte, index) => first[index] === byte);
  const parts: Uint8Array[] = [];
  let filled = 0;
  const put = (part: Uint8Array) => {
    if (!target) parts.push(part);
    else if (filled + part.length > target.length) throw new Error(`larger than the ${target.length} bytes the manifest says`);
    else target.set(part, filled);
    filled += part.length;
  };
  if (compressed) {
    const decoder = new ZSTDDecoder();
    await decoder.init();
    // zstddec pulls its input synchronously: only ask it for more output while a chunk is
    // waiting (it takes at most one per step), and wait for the network otherwise.
    const output = decoder.decodeStreaming(chunks.taken())[Symbol.iterator]();
    let lastYield = performance.now();
    for (;;) {
      if (!(await chunks.waitForOne())) {
        for (let step = output.next(); !step.done; step = output.next()) put(step.value);
        break;
      }
      const step = output.next();
      if (step.done) break;
      put(step.value);
      // When the bytes come faster than they decode (localhost, the HTTP cache), the loop would
      // hold the thread to the end; let Pyodide's own loading (module imports, fetches) go on.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
  } else {
    for (let chunk = await chunks.next(); chunk !== null; chunk = await chunks.next()) put(chunk);
  }
  if (target && filled !== target.length) throw new Error(`${filled} bytes, not the ${target.length} the manifest says`);
  return target ?? new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
}

/** A body's chunks, read ahead one at a time, and handed out synchronously when there. */
class ChunkQueue {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly waiting: Uint8Array[] = [];
  private ended = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The first chunk still waiting, without taking it (null at the end). */
  async peek(): Promise<Uint8Array | null> {
    return (await this.waitForOne()) ? this.waiting[0] : null;
  }

  /** Whether a chunk is waiting, reading one from the network if none is (false at the end). */
  async waitForOne(): Promise<boolean> {
    while (this.waiting.length === 0 && !this.ended) {
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else if (value.length > 0) this.waiting.push(value);
    }
    return this.waiting.length > 0;
  }

  async next(): Promise<Uint8Array | null> {
    return (await this.waitForOne()) ? this.waiting.shift()! : null;
  }

  /** The chunks waiting, taken as they are asked for (for a synchronous consumer). */
  *taken(): Generator<Uint8Array> {
    while (this.waiting.length > 0 || !this.ended) {
      const chunk = this.waiting.shift();
      if (chunk === undefined) throw new Error("read ahead of the download"); // waitForOne() first
      yield chunk;
    }
  }
}
