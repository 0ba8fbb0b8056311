/**
 * Route the frontend's own HTTP requests (fetch and XMLHttpRequest: health pings,
 * host-config, uploads through axios, component files) to the worker instead of a server.
 */
import type { BackendChannel, HttpReply } from "./channel";

type ToServerPath = (url: URL) => string | null;

/** Bodies of these statuses must be null in a Response. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function backendFetch(channel: BackendChannel, toServerPath: ToServerPath): typeof fetch {
  const nativeFetch = window.fetch.bind(window);
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const path = toServerPath(url);
    if (path === null) return nativeFetch(input, init);
    const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
    const reply = await channel.request(request.method, path, url.search.slice(1), [...request.headers], body);
    return toResponse(reply);
  };
}

function toResponse(reply: HttpReply): Response {
  return new Response(NULL_BODY_STATUSES.has(reply.status) ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}

/**
 * An XMLHttpRequest that answers requests for server paths from the worker and behaves
 * exactly like the browser's own for every other URL. Only what axios uses is needed,
 * but the object stays a real XMLHttpRequest so nothing else can tell the difference.
 */
export function backendXMLHttpRequestClass(
  channel: BackendChannel,
  toServerPath: ToServerPath,
): typeof XMLHttpRequest {
  const Native = window.XMLHttpRequest;

  class BackendXMLHttpRequest extends Native {
    private routed: { method: string; url: URL; path: string; headers: [string, string][] } | null = null;
    private reply: HttpReply | null = null;
    private state = 0;

    open(method: string, url: string | URL, ...rest: unknown[]): void {
      const target = new URL(url, location.href);
      const path = toServerPath(target);
      if (path === null) {
        this.routed = null;
        (super.open as (...args: unknown[]) => void)(method, url, ...rest);
        return;
      }
      this.routed = { method: method.toUpperCase(), url: target, path, headers: [] };
      this.reply = null;
      this.setState(1);
    }

    setRequestHeader(name: string, value: string): void {
      if (this.routed) this.routed.headers.push([name.toLowerCase(), value]);
      else super.setRequestHeader(name, value);
    }

    send(body?: Document | XMLHttpRequestBodyInit | null): void {
      if (!this.routed) return super.send(body);
      const routed = this.routed;
      this.dispatchEvent(new ProgressEvent("loadstart"));
      encodeBody(body ?? null).then(async ({ bytes, contentType }) => {
        if (contentType && !routed.headers.some(([name]) => name === "content-type")) {
          routed.headers.push(["content-type", contentType]);
        }
        const total = bytes?.byteLength ?? 0;
        this.upload.dispatchEvent(new ProgressEvent("progress", { lengthComputable: true, loaded: total, total }));
        this.upload.dispatchEvent(new ProgressEvent("load", { lengthComputable: true, loaded: total, total }));
        this.reply = await channel.request(routed.method, routed.path, routed.url.search.slice(1), routed.headers, bytes);
        this.setState(2);
        this.setState(3);
        this.setState(4);
        const size = this.reply.body.byteLength;
        for (const type of ["progress", "load", "loadend"]) {
          this.dispatchEvent(new ProgressEvent(type, { lengthComputable: true, loaded: size, total: size }));
        }
      });
    }

    abort(): void {
      if (!this.routed) return super.abort();
      this.routed = null;
      this.dispatchEvent(new ProgressEvent("abort"));
    }

    get readyState(): number {
      return this.routed ? this.state : super.readyState;
    }
    get status(): number {
      return this.routed ? (this.reply?.status ?? 0) : super.status;
    }
    get statusText(): string {
      return this.routed ? (this.reply ? String(this.reply.status) : "") : super.statusText;
    }
    get responseURL(): string {
      return this.routed ? this.routed.url.href : super.responseURL;
    }
    get responseText(): string {
      return this.routed ? (this.reply ? new TextDecoder().decode(this.reply.body) : "") : super.responseText;
    }
    get response(): any {
      if (!this.routed) return super.response;
      if (!this.reply) return null;
      switch (this.responseType) {
        case "arraybuffer":
          return this.reply.body;
        case "blob":
          return new Blob([this.reply.body]);
        case "json":
          return JSON.parse(this.responseText);
        default:
          return this.responseText;
      }
    }
    getResponseHeader(name: string): string | null {
      if (!this.routed) return super.getResponseHeader(name);
      const found = this.reply?.headers.find(([key]) => key.toLowerCase() === name.toLowerCase());
      return found ? found[1] : null;
    }
    getAllResponseHeaders(): string {
      if (!this.routed) return super.getAllResponseHeaders();
      return (this.reply?.headers ?? []).map(([key, value]) => `${key.toLowerCase()}: ${value}\r\n`).join("");
    }

    private setState(state: number): void {
      this.state = state;
      this.dispatchEvent(new Event("readystatechange"));
    }
  }

  return BackendXMLHttpRequest;
}

/** Bytes and content type of an XHR body, encoded as the browser would send it. */
async function encodeBody(
  body: Document | XMLHttpRequestBodyInit | null,
): Promise<{ bytes: ArrayBuffer | null; contentType: string | null }> {
  if (body === null) return { bytes: null, contentType: null };
  if (body instanceof Document) body = new XMLSerializer().serializeToString(body);
  const encoded = new Response(body as BodyInit);
  return { bytes: await encoded.arrayBuffer(), contentType: encoded.headers.get("content-type") };
}
