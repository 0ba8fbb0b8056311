/**
 * Answer the service worker's requests (service-worker/messages.ts) from an app's worker,
 * over a channel that page already has. Used by the frontend iframe and the host page.
 */
import type { BackendChannel } from "../frame/channel";
import type { SwRequestHandler } from "./answer";

/** `appId`: the app this channel reaches; a request naming another app is not ours. */
export function answerFromApp(channel: BackendChannel, appId: string | null): SwRequestHandler {
  return async (request) => {
    if (request.appId !== null && request.appId !== appId) return { kind: "not-mine" };
    const reply = await channel.request(request.method, request.path, request.query, request.headers, request.body, {
      ifRouted: request.ifRouted,
    });
    if (reply.notRouted) return { kind: "not-routed" };
    return { kind: "response", status: reply.status, headers: reply.headers, body: reply.body };
  };
}

/** An id for an app's URLs (`crypto.randomUUID` needs a secure context; this does not). */
export function randomAppId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
