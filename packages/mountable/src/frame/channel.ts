/**
 * The iframe's end of the MessagePort to the worker: correlates HTTP replies with
 * requests and routes WebSocket frames to their socket. Messages sent before the port
 * arrives are queued, so the frontend can start talking at once.
 */
import type { FromFrontend, Headers, ToFrontend } from "@wasmlit/kernel/src/protocol";
import { transferablesOf } from "@wasmlit/kernel/src/transfer";
import type { ControlKind } from "@wasmlit/kernel/src/protocol";
import { controlKindOf } from "./control-messages";

export interface HttpReply {
  status: number;
  headers: Headers;
  body: ArrayBuffer;
  /** Asked with `ifRouted`, and the app has no route for the path. */
  notRouted?: boolean;
}

export interface SocketEnd {
  receive(data: ArrayBuffer | string): void;
  closedByServer(code: number, reason: string): void;
}

export class BackendChannel {
  private port: MessagePort | undefined;
  private readonly queued: FromFrontend[] = [];
  private nextId = 1;
  private readonly pendingHttp = new Map<number, (reply: HttpReply) => void>();
  private readonly sockets = new Map<number, SocketEnd>();
  /** Called after a Stop or rerun frame is sent, so the page can interrupt a busy script. */
  onControl: ((kind: ControlKind) => void) | undefined;

  attach(port: MessagePort): void {
    this.port = port;
    port.onmessage = (event: MessageEvent<ToFrontend>) => this.onMessage(event.data);
    for (const message of this.queued.splice(0)) this.post(message);
  }

  request(
    method: string,
    path: string,
    query: string,
    headers: Headers,
    body: ArrayBuffer | null,
    options: { ifRouted?: boolean } = {},
  ): Promise<HttpReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pendingHttp.set(id, resolve);
      this.post({ type: "http", id, method, path, query, headers, body, ...options });
    });
  }

  openSocket(end: SocketEnd, path: string, query: string, headers: Headers): number {
    const id = this.nextId++;
    this.sockets.set(id, end);
    this.post({ type: "ws-open", id, path, query, headers });
    return id;
  }

  sendFrame(id: number, data: ArrayBuffer | string): void {
    const control = typeof data === "string" ? null : controlKindOf(new Uint8Array(data)); // before the transfer
    this.post({ type: "ws-send", id, data });
    if (control) this.onControl?.(control);
  }

  closeSocket(id: number, code: number): void {
    this.sockets.delete(id);
    this.post({ type: "ws-close", id, code });
  }

  private post(message: FromFrontend): void {
    if (this.port) this.port.postMessage(message, transferablesOf(message));
    else this.queued.push(message);
  }

  private onMessage(message: ToFrontend): void {
    switch (message.type) {
      case "http":
        this.pendingHttp.get(message.id)?.(message);
        this.pendingHttp.delete(message.id);
        break;
      case "ws-message":
        this.sockets.get(message.id)?.receive(message.data);
        break;
      case "ws-close":
        this.sockets.get(message.id)?.closedByServer(message.code, message.reason);
        this.sockets.delete(message.id);
        break;
    }
  }
}
