import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { readFileSync } from "node:fs";
import { DECODED_CACHE, openBootFile, originCaches, versionOf } from "./boot-files";

const URL_ = "https://example.test/pyodide/snapshot.bin.zst";
// testdata/README.md says how lines.zst was made from these lines.
const CONTENT = new TextEncoder().encode(Array.from({ length: 50000 }, (_, i) => `line ${i} of a heap\n`).join(""));
const COMPRESSED = new Uint8Array(readFileSync("packages/kernel/src/testdata/lines.zst"));

/** A CacheStorage with one cache, enough for boot-files.ts. */
class FakeCaches {
  readonly entries = new Map<string, Response>();
  opened: string[] = [];
  async open(name: string): Promise<Cache> {
    this.opened.push(name);
    const entries = this.entries;
    return {
      match: async (url: string) => entries.get(url)?.clone(),
      put: async (url: string, response: Response) => void entries.set(url, response),
      delete: async (url: string) => entries.delete(url),
    } as unknown as Cache;
  }
}

const realFetch = globalThis.fetch;
let fetched: string[] = [];
/** Answer every fetch with `body`, arriving in chunks of `chunkBytes` (as a network delivers it). */
function serve(status: number, body: Uint8Array, headers: Record<string, string>, chunkBytes = 1000): void {
  fetched = [];
  globalThis.fetch = (async (url: string) => {
    if (!String(url).startsWith("https://example.test/")) return realFetch(url); // zstddec's own wasm
    fetched.push(url);
    if (status === 404) return new Response("missing", { status, headers });
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        await new Promise((resolve) => setTimeout(resolve, 0)); // each chunk in a later task
        if (offset >= body.length) return controller.close();
        controller.enqueue(body.slice(offset, offset + chunkBytes));
        offset += chunkBytes;
      },
    });
    return new Response(stream, { status, headers });
  }) as typeof fetch;
}
afterEach(() => {
  globalThis.fetch = realFetch;
});

test("a file is decoded from zstd as it arrives, then kept under the version the server names", async () => {
  const storage = new FakeCaches();
  serve(200, COMPRESSED, { etag: '"v1"' });
  const file = await openBootFile(URL_, storage as unknown as CacheStorage);
  assert.ok(file);
  assert.equal(file.fromCache, false);
  assert.deepEqual(await file.content, CONTENT);
  assert.equal(storage.entries.size, 0, "nothing is kept until asked");
  await file.keep();
  assert.deepEqual(storage.opened, [DECODED_CACHE]);
  const kept = storage.entries.get(URL_);
  assert.equal(kept?.headers.get("x-wasmlit-version"), '"v1"');
  assert.deepEqual(new Uint8Array(await kept!.clone().arrayBuffer()), CONTENT);
});

test("a revisit of the same version reads the kept copy; a new version is decoded again", async () => {
  const storage = new FakeCaches();
  serve(200, COMPRESSED, { etag: '"v1"' });
  await (await openBootFile(URL_, storage as unknown as CacheStorage))!.keep();

  const again = await openBootFile(URL_, storage as unknown as CacheStorage);
  assert.equal(again?.fromCache, true);
  assert.deepEqual(await again!.content, CONTENT);

  // With the size known, the kept copy is read into a buffer handed out before it is read.
  const sized = await openBootFile(URL_, storage as unknown as CacheStorage, Promise.resolve(CONTENT.length));
  assert.equal(sized?.fromCache, true);
  assert.equal(await sized!.content, sized!.buffer);
  assert.deepEqual(sized!.buffer, CONTENT);

  const newer = new TextEncoder().encode("the next release, served as it is");
  serve(200, newer, { etag: '"v2"' });
  const updated = await openBootFile(URL_, storage as unknown as CacheStorage);
  assert.equal(updated?.fromCache, false);
  assert.deepEqual(await updated!.content, newer);
  await updated!.keep();
  assert.equal(storage.entries.get(URL_)?.headers.get("x-wasmlit-version"), '"v2"');
});

test("forget drops the kept copy, so the next visit decodes the served file", async () => {
  const storage = new FakeCaches();
  serve(200, COMPRESSED, { etag: '"v1"' });
  await (await openBootFile(URL_, storage as unknown as CacheStorage))!.keep();
  await (await openBootFile(URL_, storage as unknown as CacheStorage))!.forget();
  assert.equal((await openBootFile(URL_, storage as unknown as CacheStorage))?.fromCache, false);
});

test("a host that already decoded the file, or names no version, or has no Cache Storage still works", async () => {
  serve(200, CONTENT, {}); // no ETag, no Last-Modified: nothing to tie a kept copy to
  const storage = new FakeCaches();
  const plain = await openBootFile(URL_, storage as unknown as CacheStorage);
  assert.deepEqual(await plain!.content, CONTENT);
  await plain!.keep();
  assert.equal(storage.entries.size, 0);

  serve(200, COMPRESSED, { etag: '"v1"' });
  const refusing = { open: async () => Promise.reject(new DOMException("denied", "SecurityError")) };
  const file = await openBootFile(URL_, refusing as unknown as CacheStorage);
  assert.deepEqual(await file!.content, CONTENT);
  await file!.keep(); // no error
  assert.deepEqual(await (await openBootFile(URL_, undefined))!.content, CONTENT);
});

test("a missing file is null at once", async () => {
  serve(404, new Uint8Array(), {});
  assert.equal(await openBootFile(URL_, new FakeCaches() as unknown as CacheStorage), null);
  assert.deepEqual(fetched, [URL_]);
});

test("the version is the ETag, else Last-Modified with the length", () => {
  assert.equal(versionOf(new Response("x", { headers: { etag: 'W/"abc"' } })), 'W/"abc"');
  const dated = { "last-modified": "Tue, 01 Dec 2026 10:00:00 GMT", "content-length": "1" };
  assert.equal(versionOf(new Response("x", { headers: dated })), "Tue, 01 Dec 2026 10:00:00 GMT; 1");
  assert.equal(versionOf(new Response("x")), null);
});

test("with its decoded size known, the content fills a buffer handed out before it arrives", async () => {
  serve(200, COMPRESSED, { etag: '"v1"' });
  const file = await openBootFile(URL_, undefined, Promise.resolve(CONTENT.length));
  assert.ok(file?.buffer);
  assert.equal(file.buffer.length, CONTENT.length);
  const content = await file.content;
  assert.equal(content, file.buffer, "the same buffer, filled");
  assert.deepEqual(content, CONTENT);
});

test("content of another size than the manifest says is refused, not cut or padded", async () => {
  serve(200, COMPRESSED, {});
  const short = await openBootFile(URL_, undefined, Promise.resolve(CONTENT.length - 1));
  await assert.rejects(short!.content, /larger than the/);
  serve(200, COMPRESSED, {});
  const long = await openBootFile(URL_, undefined, Promise.resolve(CONTENT.length + 1));
  await assert.rejects(long!.content, /not the .* the manifest says/);
});

test("the decoded bytes are the same however the download is cut into chunks", async () => {
  for (const chunkBytes of [7, 4096, COMPRESSED.length]) {
    serve(200, COMPRESSED, {}, chunkBytes);
    assert.deepEqual(await (await openBootFile(URL_, undefined))!.content, CONTENT, `chunks of ${chunkBytes}`);
    serve(200, COMPRESSED, {}, chunkBytes);
    const sized = await openBootFile(URL_, undefined, Promise.resolve(CONTENT.length));
    assert.deepEqual(await sized!.content, CONTENT, `chunks of ${chunkBytes}, into a buffer`);
  }
});

test("a download cut short is refused", async () => {
  serve(200, COMPRESSED.slice(0, COMPRESSED.length / 2), {});
  await assert.rejects((await openBootFile(URL_, undefined))!.content);
});

test("a context whose Cache Storage throws when read (a data: URL worker) has none, and still boots", async () => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "caches");
  Object.defineProperty(globalThis, "caches", {
    configurable: true,
    get: () => {
      throw new DOMException("Cache storage is disabled inside 'data:' URLs.", "SecurityError");
    },
  });
  try {
    assert.equal(originCaches(), undefined);
    serve(200, COMPRESSED, { etag: '"v1"' });
    const file = await openBootFile(URL_);
    assert.deepEqual(await file!.content, CONTENT);
    await file!.keep();
  } finally {
    if (descriptor) Object.defineProperty(globalThis, "caches", descriptor);
    else delete (globalThis as { caches?: unknown }).caches;
  }
});
