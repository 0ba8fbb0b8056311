/// <reference lib="webworker" />
/**
 * The service worker's side of asking a page to answer a request from its app's worker.
 */
import type { SwReply, SwRequest } from "./messages";

declare const self: ServiceWorkerGlobalScope;

/** Requests wait for the app to boot (tens of seconds on a slow machine), not forever. */
const REPLY_TIMEOUT_MS = 120_000;

export function ask(client: Client, request: SwRequest): Promise<SwReply> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      resolve(textReply(504, `The app did not answer ${request.method} ${request.path} in time.`));
    }, REPLY_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent<SwReply>) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(event.data);
    };
    // The body is copied, not transferred: the request may be asked of several pages.
    client.postMessage(request, [channel.port2]);
  });
}

/** The frontend (window client) that runs `appId`, asking each frontend in turn. */
export class AppOwners {
  private readonly known = new Map<string, string>();

  constructor(private readonly isFrontend: (client: Client) => boolean) {}

  async ask(appId: string, request: SwRequest): Promise<SwReply | null> {
    const knownId = this.known.get(appId);
    const knownClient = knownId ? await self.clients.get(knownId) : undefined;
    const candidates = (await self.clients.matchAll({ type: "window" })).filter(this.isFrontend);
    const ordered = knownClient ? [knownClient, ...candidates.filter((c) => c.id !== knownClient.id)] : candidates;
    for (const client of ordered) {
      const reply = await ask(client, request);
      if (reply.kind !== "not-mine") {
        this.known.set(appId, client.id);
        return reply;
      }
    }
    this.known.delete(appId);
    return null;
  }
}

export function textReply(status: number, text: string): Extract<SwReply, { kind: "response" }> {
  const body = new TextEncoder().encode(text).buffer as ArrayBuffer;
  return { kind: "response", status, headers: [["content-type", "text/plain; charset=utf-8"]], body };
}
