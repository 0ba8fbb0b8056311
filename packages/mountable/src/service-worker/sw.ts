/// <reference lib="webworker" />
/**
 * The service worker (`wasmlit-sw.js`, next to wasmlit.js): the app's worker as a real server
 * for every request under the bundle's folder that the page's scripts cannot catch.
 *
 * The frame script (frame/) already carries the frontend's own fetch/XHR/WebSocket traffic. What it
 * cannot see are requests the browser makes by itself: a component's iframe and its
 * scripts, `<img src="app/static/...">`, a deep link opened in a tab, or a `fetch` from the
 * host page to an `st.App` route. For those, `routes.ts` decides who answers, and this
 * module asks that page's app (relay.ts) or leaves the request to the network.
 *
 * Routing is by the requesting page (`clientId`), never by guessing: with several tabs,
 * each runs its own app, and a request that names no page and no app (a URL typed into a
 * new tab) is never handed to some other tab's app.
 */
import type { HostPageAnnouncement, SwReply, SwRequest } from "./messages";
import { APP_SEGMENT } from "./messages";
import { HostPages } from "./host-pages";
import { AppOwners, ask, textReply } from "./relay";
// Cross-origin isolation headers plug in through responses.ts: a module that calls
// addResponseTransform() at load, imported here, sees every response this worker gives.
import { finish, mustAnswer } from "./responses";
import { isolateIfRequested } from "./isolation";
import { evictOtherVersions, networkFirst, offlineCacheName } from "./offline-copy";
import { offlineCopyRequested } from "./script-url";
import { decide, type Decision } from "./routes";

declare const self: ServiceWorkerGlobalScope;
/** The wasmlit version this bundle was built as (set by scripts/build-js.mjs). */
declare const __RUNTIME_VERSION__: string;

const scope = new URL(self.registration.scope);
const frontendBase = new URL("frontend/", scope);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A frontend iframe of an app (not a component iframe inside it, whose URL names its app). */
function isFrontend(client: Client): boolean {
  return client.url.startsWith(frontendBase.href) && !client.url.startsWith(frontendBase.href + APP_SEGMENT + "/");
}

/** The app a component iframe belongs to, from its URL (`frontend/_wasmlit/<appId>/...`). */
function appOfComponentFrame(client: Client): string | null {
  const prefix = frontendBase.href + APP_SEGMENT + "/";
  return client.url.startsWith(prefix) ? client.url.slice(prefix.length).split("/")[0] || null : null;
}

// Cross-origin isolation (COOP/COEP on every page and worker), if this script's URL asks for it.
isolateIfRequested(self.location.href);
// An offline copy of the bundle's files (the runtime, the frontend), if this script's URL asks for it.
const keepOffline = offlineCopyRequested(self.location.href);
const offlineCache = offlineCacheName(__RUNTIME_VERSION__);

const hostPages = new HostPages();
const appOwners = new AppOwners(isFrontend);

self.addEventListener("install", () => {
  void self.skipWaiting();
});

// Take the pages that are already open (the one that registered us, on its first visit);
// an offline copy drops what an older runtime version kept (offline-copy.ts).
self.addEventListener("activate", (event) =>
  event.waitUntil(Promise.all([self.clients.claim(), keepOffline ? evictOtherVersions(offlineCache) : null])),
);

self.addEventListener("message", (event: ExtendableMessageEvent) => {
  const message = event.data as HostPageAnnouncement;
  const source = event.source;
  if (message?.type === "wasmlit:host-page" && source && "id" in source) {
    event.waitUntil(hostPages.add(source.id));
  }
});

self.addEventListener("fetch", (event: FetchEvent) => {
  const request = event.request;
  const decision = decide(
    {
      url: new URL(request.url),
      method: request.method,
      mode: request.mode,
      destination: request.destination,
      accept: request.headers.get("accept") ?? "",
    },
    scope,
  );
  const offlineCopy = keepOffline && decision.kind === "network" && keepsCopy(request);
  if (decision.kind === "network" && !mustAnswer(request) && !offlineCopy) return;
  const answered = offlineCopy ? networkFirst(request, offlineCache, (work) => event.waitUntil(work)) : answer(event, decision);
  event.respondWith(answered.then((response) => finish(request, response)));
});

/** A file of this origin (not another site's, not an event stream, which never ends). */
function keepsCopy(request: Request): boolean {
  return (
    request.method === "GET" &&
    new URL(request.url).origin === self.location.origin &&
    !(request.headers.get("accept") ?? "").includes("text/event-stream")
  );
}

async function answer(event: FetchEvent, decision: Decision): Promise<Response> {
  const request = event.request;
  switch (decision.kind) {
    case "network":
      return fetch(request);
    case "page":
      // A missing path opened in a tab: the app's page (a deep link to one of its pages, or
      // one of its routes, which that tab's own app then answers: route-view.ts).
      return orFallback(request, scope, { baseHref: scope.href });
    case "frontend-page":
      return orFallback(request, new URL("index.html", frontendBase));
    case "app": {
      const reply = await appOwners.ask(decision.appId, await swRequest(request, decision.appId, decision.path, false));
      if (reply === null) {
        return toResponse(request, textReply(503, "The app this URL belongs to is no longer open in this browser."));
      }
      return reply.kind === "response" ? toResponse(request, reply) : fetch(request);
    }
    case "requester":
      return fromRequester(event, decision.path, decision.ifRouted);
  }
}

/** Ask the app of the page that made the request; pages that run no app get the network. */
async function fromRequester(event: FetchEvent, path: string, ifRouted: boolean): Promise<Response> {
  const request = event.request;
  const client = event.clientId ? await self.clients.get(event.clientId) : undefined;
  if (!client || client.type !== "window") return fetch(request);
  let reply: SwReply | null;
  const componentApp = appOfComponentFrame(client);
  if (componentApp !== null) {
    reply = await appOwners.ask(componentApp, await swRequest(request, componentApp, path, ifRouted));
  } else if (isFrontend(client) || (await hostPages.has(client.id))) {
    reply = await ask(client, await swRequest(request, null, path, ifRouted));
  } else {
    return fetch(request);
  }
  // Not the app's (no route, or its app is gone): as if there were no service worker.
  return reply?.kind === "response" ? toResponse(request, reply) : fetch(request);
}

/**
 * The network's answer, or `fallbackUrl`'s when the network has no such file. `baseHref`:
 * the page's relative URLs (`./wasmlit.js`, the app's files) keep resolving against the
 * fallback's folder although the tab shows a deeper URL (`/api/users`).
 */
async function orFallback(request: Request, fallbackUrl: URL, options: { baseHref?: string } = {}): Promise<Response> {
  const response = await fetch(request);
  if (response.status !== 404) return response;
  const page = await fetch(fallbackUrl, { credentials: "same-origin" });
  if (!page.ok) return response;
  const headers = new Headers(page.headers);
  headers.delete("content-encoding"); // the body read here is already decoded
  headers.delete("content-length");
  let body: BodyInit | null = page.body;
  if (options.baseHref && (headers.get("content-type") ?? "").startsWith("text/html")) {
    const base = `<base href="${options.baseHref.replace(/"/g, "%22")}">`;
    body = (await page.text()).replace(/<head[^>]*>/i, (head) => head + base);
  }
  return new Response(body, { status: 200, statusText: "OK", headers });
}

/** The request as the page passes it to its worker (the body is read from a copy). */
async function swRequest(request: Request, appId: string | null, path: string, ifRouted: boolean): Promise<SwRequest> {
  const url = new URL(request.url);
  return {
    type: "wasmlit:sw-request",
    appId,
    method: request.method,
    path,
    query: url.search.slice(1),
    headers: [...request.headers],
    body: hasBody(request) ? await request.clone().arrayBuffer() : null,
    ifRouted,
  };
}

function hasBody(request: Request): boolean {
  return request.method !== "GET" && request.method !== "HEAD";
}

function toResponse(request: Request, reply: Extract<SwReply, { kind: "response" }>): Response {
  const headers = new Headers(reply.headers);
  // A component's page, embedded by a frontend that may be cross-origin isolated (COEP):
  // such a frontend only shows frames that declare an embedder policy too.
  if (request.destination === "iframe" && !headers.has("cross-origin-embedder-policy")) {
    headers.set("cross-origin-embedder-policy", "credentialless");
  }
  return new Response(NULL_BODY_STATUSES.has(reply.status) ? null : reply.body, { status: reply.status, headers });
}
