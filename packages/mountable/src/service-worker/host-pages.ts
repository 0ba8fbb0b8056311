/// <reference lib="webworker" />
/**
 * The pages that mounted an app (announced by wasmlit.js), so their own requests
 * (`fetch("api/users")` from the page) can be routed to their app.
 *
 * The browser stops an idle service worker and starts it again for the next request, with
 * its memory gone; the set is kept in Cache Storage too, so it survives that.
 */
declare const self: ServiceWorkerGlobalScope;

const CACHE_NAME = "wasmlit-host-pages";

export class HostPages {
  private readonly ids = new Set<string>();
  private readonly loaded: Promise<void>;

  constructor() {
    this.loaded = this.load().catch(() => {});
  }

  async add(clientId: string): Promise<void> {
    this.ids.add(clientId);
    const cache = await caches.open(CACHE_NAME);
    await cache.put(keyOf(clientId), new Response(""));
  }

  async has(clientId: string): Promise<boolean> {
    await this.loaded;
    return this.ids.has(clientId);
  }

  /** Read back the set, forgetting pages that are gone. */
  private async load(): Promise<void> {
    const cache = await caches.open(CACHE_NAME);
    const open = new Set((await self.clients.matchAll({ includeUncontrolled: true })).map((client) => client.id));
    for (const key of await cache.keys()) {
      const id = new URL(key.url).searchParams.get("client") ?? "";
      if (open.has(id)) this.ids.add(id);
      else await cache.delete(key);
    }
  }
}

function keyOf(clientId: string): string {
  return new URL(`wasmlit-host-page?client=${encodeURIComponent(clientId)}`, self.registration.scope).href;
}
