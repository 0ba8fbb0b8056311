/**
 * A WebSocket class that carries the frontend's `/_stcore/stream` connection to the
 * worker; every other URL goes to the browser's own WebSocket.
 *
 * It reports OPEN at once (the frontend gives up on a socket that takes 15 s to open,
 * and booting Python can take longer); frames wait in the channel until the app runs.
 */
import type { BackendChannel, SocketEnd } from "./channel";

type Listener = ((event: Event) => void) | null;

export function backendWebSocketClass(
  channel: BackendChannel,
  toServerPath: (url: URL) => string | null,
): typeof WebSocket {
  const NativeWebSocket = window.WebSocket;

  class BackendWebSocket extends EventTarget implements SocketEnd {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;

    readonly url: string = "";
    readonly extensions = "";
    readonly bufferedAmount = 0;
    protocol = "";
    readyState = 0;
    binaryType: BinaryType = "blob";
    onopen: Listener = null;
    onmessage: Listener = null;
    onclose: Listener = null;
    onerror: Listener = null;
    private readonly id: number = 0;

    constructor(url: string | URL, protocols?: string | string[]) {
      super();
      const target = new URL(url, location.href);
      const path = toServerPath(target);
      if (path === null) {
        // Not ours: hand back a real socket (a constructor may return another object).
        return new NativeWebSocket(url, protocols) as unknown as BackendWebSocket;
      }
      this.url = target.href;
      const offered = protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols];
      // Streamlit reads the session id and token from this raw header, not from the ASGI scope.
      const headers: [string, string][] = offered.length ? [["sec-websocket-protocol", offered.join(", ")]] : [];
      this.id = channel.openSocket(this, path, target.search.slice(1), headers);
      setTimeout(() => {
        if (this.readyState !== this.CONNECTING) return;
        this.readyState = this.OPEN;
        this.protocol = offered[0] ?? "";
        this.emit(new Event("open"));
      });
    }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (this.readyState === this.CONNECTING) throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
      if (this.readyState !== this.OPEN) return;
      if (typeof data === "string") channel.sendFrame(this.id, data);
      else if (data instanceof Blob) data.arrayBuffer().then((buffer) => channel.sendFrame(this.id, buffer));
      else if (ArrayBuffer.isView(data)) channel.sendFrame(this.id, copyBytes(data));
      else channel.sendFrame(this.id, (data as ArrayBuffer).slice(0));
    }

    close(code = 1000, reason = ""): void {
      if (this.readyState >= this.CLOSING) return;
      this.readyState = this.CLOSING;
      channel.closeSocket(this.id, code);
      this.closedByServer(code, reason);
    }

    receive(data: ArrayBuffer | string): void {
      if (this.readyState !== this.OPEN) return;
      const payload = typeof data === "string" || this.binaryType === "arraybuffer" ? data : new Blob([data]);
      this.emit(new MessageEvent("message", { data: payload, origin: new URL(this.url).origin }));
    }

    closedByServer(code: number, reason: string): void {
      if (this.readyState === this.CLOSED) return;
      this.readyState = this.CLOSED;
      this.emit(new CloseEvent("close", { code, reason, wasClean: code === 1000 }));
    }

    private emit(event: Event): void {
      this.dispatchEvent(event);
      const handler = (this as unknown as Record<string, Listener>)["on" + event.type];
      handler?.call(this, event);
    }
  }

  return BackendWebSocket as unknown as typeof WebSocket;
}

function copyBytes(view: ArrayBufferView): ArrayBuffer {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice().buffer;
}
