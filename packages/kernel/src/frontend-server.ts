/**
 * Serve one frontend (an iframe running the stock Streamlit frontend) over its
 * MessagePort: HTTP requests and WebSocket frames go to the shim's AppServer.
 */
import { describeError } from "./errors";
import type { FromFrontend, ToFrontend } from "./protocol";
import { exactBuffer, transferablesOf } from "./transfer";
import type { RunningApp } from "./python-runtime";
import type { ShimAppServer, ShimWebSocket } from "./shim-api";

/**
 * Messages are dispatched strictly in arrival order once the app has
 * started; frames that arrive earlier wait (the frontend opens its socket at once).
 * Returns a function that hangs up: the frontend's sockets close, so their sessions end.
 */
export function serveFrontend(port: MessagePort, running: Promise<RunningApp>): () => void {
  const sockets = new Map<number, ShimWebSocket>();
  const send = (message: ToFrontend) => port.postMessage(message, transferablesOf(message));
  let inOrder: Promise<void> = Promise.resolve();

  port.onmessage = (event: MessageEvent<FromFrontend>) => {
    const message = event.data;
    inOrder = inOrder
      .then(() => running)
      .then(
        (app) => dispatch(app.bridge, message),
        () => refuse(message),
      );
  };

  function dispatch(bridge: ShimAppServer, message: FromFrontend): void {
    switch (message.type) {
      case "http":
        answerHttp(bridge, message).catch((error) =>
          send({ type: "http", id: message.id, status: 500, headers: [], body: encode(describeError(error).detail) }),
        );
        break;
      case "ws-open":
        sockets.set(
          message.id,
          bridge.open_websocket(
            message.path,
            message.query,
            message.headers,
            (data: Uint8Array | string) =>
              send({ type: "ws-message", id: message.id, data: typeof data === "string" ? data : exactBuffer(data) }),
            (code: number, reason: string) => {
              sockets.get(message.id)?.destroy();
              sockets.delete(message.id);
              send({ type: "ws-close", id: message.id, code, reason });
            },
          ),
        );
        break;
      case "ws-send":
        sockets.get(message.id)?.receive(typeof message.data === "string" ? message.data : new Uint8Array(message.data));
        break;
      case "ws-close":
        sockets.get(message.id)?.disconnect(message.code);
        sockets.get(message.id)?.destroy();
        sockets.delete(message.id);
        break;
    }
  }

  async function answerHttp(bridge: ShimAppServer, message: Extract<FromFrontend, { type: "http" }>): Promise<void> {
    if (message.ifRouted && !bridge.answers(message.method, message.path)) {
      send({ type: "http", id: message.id, status: 404, headers: [], body: new ArrayBuffer(0), notRouted: true });
      return;
    }
    const body = message.body ? new Uint8Array(message.body) : new Uint8Array();
    const response = await bridge.http(message.method, message.path, message.query, message.headers, body);
    send({
      type: "http",
      id: message.id,
      status: response.status,
      headers: response.headers,
      body: exactBuffer(response.body),
    });
  }

  return () => {
    port.onmessage = null;
    port.close();
    for (const socket of sockets.values()) {
      socket.disconnect(1001);
      socket.destroy();
    }
    sockets.clear();
  };

  /** The app never started: say so instead of leaving the frontend waiting. */
  function refuse(message: FromFrontend): void {
    if (message.type === "http") {
      send({ type: "http", id: message.id, status: 503, headers: [], body: encode("The app failed to start.") });
    } else if (message.type === "ws-open") {
      send({ type: "ws-close", id: message.id, code: 1011, reason: "The app failed to start." });
    }
  }
}

function encode(text: string): ArrayBuffer {
  return exactBuffer(new TextEncoder().encode(text));
}
