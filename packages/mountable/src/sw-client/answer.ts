/**
 * The pages' side of the service worker's questions (see service-worker/messages.ts): a page passes the
 * request to its app's worker and sends the reply back on the port that came with it.
 */
import type { HostPageAnnouncement, SwReply, SwRequest } from "../service-worker/messages";

export type SwRequestHandler = (request: SwRequest) => Promise<SwReply>;

export function answerServiceWorker(handler: SwRequestHandler): void {
  const container = navigator.serviceWorker;
  if (!container) return;
  container.addEventListener("message", (event: MessageEvent<SwRequest>) => {
    const port = event.ports[0];
    if (event.data?.type !== "wasmlit:sw-request" || !port) return;
    handler(event.data).then(
      (reply) => port.postMessage(reply, reply.kind === "response" ? [reply.body] : []),
      (error: unknown) => port.postMessage(failure(error)),
    );
  });
  // Messages from the service worker wait until a page says it listens.
  container.startMessages();
}

/** Tell the service worker this page runs an app (again whenever a new one takes over). */
export function announceHostPage(): void {
  const container = navigator.serviceWorker;
  if (!container) return;
  const announce = () => container.controller?.postMessage({ type: "wasmlit:host-page" } satisfies HostPageAnnouncement);
  announce();
  container.addEventListener("controllerchange", announce);
}

function failure(error: unknown): SwReply {
  const text = error instanceof Error ? error.message : String(error);
  return {
    kind: "response",
    status: 500,
    headers: [["content-type", "text/plain; charset=utf-8"]],
    body: new TextEncoder().encode(text).buffer as ArrayBuffer,
  };
}
