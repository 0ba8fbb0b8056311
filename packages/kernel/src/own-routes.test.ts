import assert from "node:assert/strict";
import { test } from "node:test";
import { answerOwnRoutes, ownServerPath } from "./own-routes";
import type { ShimHttpResponse } from "./shim-api";

const BUNDLE = "https://pages.example.test/site/";

test("URLs under the bundle, and under its frontend folder, are server paths; others are not", () => {
  const bundle = new URL(BUNDLE);
  assert.equal(ownServerPath(new URL("https://pages.example.test/site/api/items/21"), bundle), "/api/items/21");
  assert.equal(ownServerPath(new URL("https://pages.example.test/site/frontend/api/items/21"), bundle), "/api/items/21");
  assert.equal(ownServerPath(new URL("https://pages.example.test/site/"), bundle), "/");
  assert.equal(ownServerPath(new URL("https://pages.example.test/other/api"), bundle), null);
  assert.equal(ownServerPath(new URL("https://elsewhere.test/site/api"), bundle), null);
});

/** The network, as the worker's fetch: it records the URLs it was asked for. */
function networkFetch(asked: string[]): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response("net");
  }) as typeof fetch;
}

/** An app with one route, GET/POST /api/echo, that records what it was asked. */
function echoApp() {
  const asked: { method: string; path: string; query: string; body: string; type: string | undefined }[] = [];
  const app = {
    answers: (_method: string, path: string) => path.startsWith("/api/"),
    http: async (method: string, path: string, query: string, headers: [string, string][], body: Uint8Array) => {
      const type = headers.find(([name]) => name === "content-type")?.[1];
      asked.push({ method, path, query, body: new TextDecoder().decode(body), type });
      const reply: ShimHttpResponse = {
        status: 201,
        headers: [["content-type", "application/json"]],
        body: new TextEncoder().encode('{"ok":true}'),
      };
      return reply;
    },
  };
  return { app, asked };
}

test("a request for one of the app's routes is answered by the app, with its method, query and body", async () => {
  const { app, asked } = echoApp();
  const network: string[] = [];
  const scope = { fetch: networkFetch(network) };
  answerOwnRoutes(BUNDLE, app, scope);

  const response = await scope.fetch(`${BUNDLE}frontend/api/echo?x=1`, {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "hello",
  });
  assert.equal(response.status, 201);
  assert.deepEqual(await response.json(), { ok: true });
  assert.deepEqual(asked, [{ method: "POST", path: "/api/echo", query: "x=1", body: "hello", type: "text/plain" }]);
  assert.deepEqual(network, []);
});

test("everything else goes to the network as before, and the original fetch comes back", async () => {
  const { app, asked } = echoApp();
  const network: string[] = [];
  const original = networkFetch(network);
  const scope = { fetch: original };
  const restore = answerOwnRoutes(BUNDLE, app, scope);

  assert.equal(await (await scope.fetch(`${BUNDLE}pyodide/pyodide-lock.json`)).text(), "net"); // not a route
  assert.equal(await (await scope.fetch("https://pypi.example.test/api/echo")).text(), "net"); // another origin
  assert.deepEqual(network, [`${BUNDLE}pyodide/pyodide-lock.json`, "https://pypi.example.test/api/echo"]);
  assert.deepEqual(asked, []);
  restore();
  assert.equal(scope.fetch, original);
});

test("a request that is not the app's reaches the network with its body untouched", async () => {
  const { app } = echoApp();
  let given: RequestInit | undefined;
  const scope = {
    fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => {
      given = init;
      return new Response("net");
    }) as typeof fetch,
  };
  answerOwnRoutes(BUNDLE, app, scope);
  const body = new ReadableStream({ start: (controller) => controller.close() });
  await scope.fetch(`${BUNDLE}pyodide/upload`, { method: "POST", body, duplex: "half" } as RequestInit);
  assert.equal(given?.body, body);
  assert.equal(body.locked, false); // nothing read it on the way
});
