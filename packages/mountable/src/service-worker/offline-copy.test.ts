import assert from "node:assert/strict";
import { test } from "node:test";
import { evictOtherVersions, networkFirst, offlineCacheName } from "./offline-copy";

/** Cache Storage as a service worker sees it, in memory: named caches of URL → Response. */
class FakeCaches {
  readonly stores = new Map<string, Map<string, Response>>();

  constructor(names: string[]) {
    for (const name of names) this.stores.set(name, new Map([["https://site.test/kept.js", new Response(name)]]));
  }
  async keys(): Promise<string[]> {
    return [...this.stores.keys()];
  }
  async delete(name: string): Promise<boolean> {
    return this.stores.delete(name);
  }
  async open(name: string): Promise<Cache> {
    const store = this.stores.get(name) ?? new Map<string, Response>();
    this.stores.set(name, store);
    const key = (request: RequestInfo | URL) => new URL(request instanceof Request ? request.url : String(request)).href.split("?")[0];
    return {
      match: async (request: RequestInfo | URL) => store.get(key(request))?.clone(),
      put: async (request: RequestInfo | URL, response: Response) => void store.set(key(request), response),
    } as unknown as Cache;
  }
}

function withCaches<T>(fake: FakeCaches, body: () => Promise<T>): Promise<T> {
  const global = globalThis as unknown as { caches?: unknown };
  const before = global.caches;
  global.caches = fake;
  return body().finally(() => (global.caches = before));
}

test("activating, a runtime deletes the offline copies older runtime versions left, and nothing else", async () => {
  const current = offlineCacheName("0.2.0");
  assert.equal(current, "wasmlit-offline-0.2.0");
  const fake = new FakeCaches([
    "wasmlit-offline-v1", // the name before caches carried the version
    "wasmlit-offline-0.1.0",
    current,
    "wasmlit-decoded-v1", // the runtime's decoded snapshot: not an offline copy
    "someone-elses-cache",
  ]);
  const evicted = await withCaches(fake, () => evictOtherVersions(current));
  assert.deepEqual(evicted.sort(), ["wasmlit-offline-0.1.0", "wasmlit-offline-v1"]);
  assert.deepEqual([...fake.stores.keys()].sort(), ["someone-elses-cache", "wasmlit-decoded-v1", current]);
  // The current version's copy is untouched.
  assert.equal(await fake.stores.get(current)?.get("https://site.test/kept.js")?.clone().text(), current);
});

test("a copy is kept in the current version's cache and answers when the network fails", async () => {
  const current = offlineCacheName("0.2.0");
  const fake = new FakeCaches(["wasmlit-offline-0.1.0"]);
  const realFetch = globalThis.fetch;
  const work: Promise<unknown>[] = [];
  try {
    globalThis.fetch = async () => Object.defineProperty(new Response("fresh", { headers: { etag: '"1"' } }), "type", { value: "basic" });
    const online = await withCaches(fake, async () => {
      const answer = await networkFirst(new Request("https://site.test/app.js"), current, (promise) => work.push(promise));
      await Promise.all(work);
      return answer;
    });
    assert.equal(await online.text(), "fresh");
    assert.ok(fake.stores.get(current)?.has("https://site.test/app.js"));
    assert.ok(!fake.stores.get("wasmlit-offline-0.1.0")?.has("https://site.test/app.js"));

    globalThis.fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const offline = await withCaches(fake, () => networkFirst(new Request("https://site.test/app.js?v=2"), current, () => {}));
    assert.equal(await offline.text(), "fresh");
    // An older version's copy never answers for the current one.
    await assert.rejects(withCaches(fake, () => networkFirst(new Request("https://site.test/kept.js"), current, () => {})), /Failed to fetch/);
  } finally {
    globalThis.fetch = realFetch;
  }
});
