/**
 * The one script we put in front of the stock Streamlit frontend (first in <head>).
 *
 * It makes the frontend talk to the Python worker instead of a server: sets
 * `window.__streamlit` (backend base URL and a complete host config, so the frontend
 * connects at once), replaces WebSocket/fetch/XMLHttpRequest for server URLs, obtains its
 * MessagePort to the worker from the page that mounted it, and reports its height.
 */
import { serverPath } from "./backend-url";
import { BackendChannel } from "./channel";
import { nameDownloads } from "./downloads";
import { decodeFrameSettings, type FrameMessage } from "./frame-settings";
import { backendFetch, backendXMLHttpRequestClass } from "./http";
import { backendWebSocketClass } from "./websocket";

const base = new URL("./", location.href);
const settings = decodeFrameSettings(window.name);
const toServerPath = (url: URL) => serverPath(url, base);
const channel = new BackendChannel();

(window as any).__streamlit = {
  BACKEND_BASE_URL: base.href,
  HOST_CONFIG: {
    // The frontend honours HOST_CONFIG only with a non-empty allowedOrigins list and a
    // boolean useExternalAuthToken; true would make it wait for a token from the host.
    allowedOrigins: [location.origin],
    useExternalAuthToken: false,
    enableCustomParentMessages: false,
    enforceDownloadInNewTab: false,
    metricsUrl: "",
    blockErrorDialogs: false,
    ...settings.hostConfig,
  },
};

window.WebSocket = backendWebSocketClass(channel, toServerPath);
window.fetch = backendFetch(channel, toServerPath);
window.XMLHttpRequest = backendXMLHttpRequestClass(channel, toServerPath);
nameDownloads(HTMLAnchorElement);

function toParent(message: FrameMessage): void {
  window.parent.postMessage(message, "*");
}

// A busy script cannot read the socket: the page signals it through shared memory.
channel.onControl = (kind) => toParent({ type: "wasmlit:interrupt", kind });

window.addEventListener("message", (event: MessageEvent<FrameMessage>) => {
  if (event.source !== window.parent || event.data?.type !== "wasmlit:port" || !event.ports[0]) return;
  channel.attach(event.ports[0]);
});

if (window.parent !== window) {
  toParent({ type: "wasmlit:hello" });
  reportHeight();
} else {
  document.addEventListener("DOMContentLoaded", () => {
    document.body.textContent =
      "This is the wasmlit frontend. Open the page that mounts the app (it calls wasmlit.mount) instead.";
  });
}

/** Auto-height: tell the mounting page how tall the app's content is. */
function reportHeight(): void {
  let last = 0;
  const measure = () => {
    const content = document.querySelector('[data-testid="stMain"]') ?? document.body;
    const height = Math.ceil(content?.scrollHeight ?? 0);
    if (height !== last) {
      last = height;
      toParent({ type: "wasmlit:height", height });
    }
  };
  new ResizeObserver(measure).observe(document.documentElement);
  new MutationObserver(measure).observe(document.documentElement, { childList: true, subtree: true });
}
