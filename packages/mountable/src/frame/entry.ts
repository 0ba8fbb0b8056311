/**
 * The one script we put in front of the stock Streamlit frontend (first in <head>).
 *
 * It makes the frontend talk to the Python worker instead of a server: sets
 * `window.__streamlit` (backend base URL and a complete host config, so the frontend
 * connects at once), replaces WebSocket/fetch/XMLHttpRequest for server URLs, obtains its
 * MessagePort to the worker from the page that mounted it, and reports its height. It also
 * keeps the frontend's URL (page, query string) in step with the host page's, and lets
 * the service worker (wasmlit-sw.js) reach the app for what the page's scripts cannot catch.
 */
import { APP_SEGMENT } from "../service-worker/messages";
import { answerServiceWorker } from "../sw-client/answer";
import { answerFromApp, randomAppId } from "../sw-client/app-requests";
import { chooseIsolation, registerServiceWorker, reportMissingServiceWorker } from "../sw-client/register";
import { nameAppUrl, namePageLinks } from "./app-address";
import { serverPath } from "./backend-url";
import { BackendChannel } from "./channel";
import { guardComponentFrames } from "./component-frames";
import { nameDownloads } from "./downloads";
import { decodeFrameSettings } from "./frame-settings";
import type { FrameMessage } from "./messages";
import { backendFetch, backendXMLHttpRequestClass } from "./http";
import { reportPageTitle } from "./page-title";
import { applyInitialLocation, followNavigation, frameLocation, reportLocationChanges } from "./location";
import { backendWebSocketClass } from "./websocket";

/** The frontend's folder; page URLs are `<frontend>/<page>` under it. */
const frontendBase = new URL("./", location.href);
const settings = decodeFrameSettings(window.name);
/**
 * The app's server URLs carry its id (`<frontend>/_wasmlit/<id>/_stcore/...`): a component's
 * iframe loads from such a URL, and that is how the service worker knows whose app it is.
 */
const appId = settings.appId ?? randomAppId();
const base = new URL(`${APP_SEGMENT}/${appId}/`, frontendBase);
// Server URLs relative to the frontend's page (`app/static/...` in the app's markdown) too.
const toServerPath = (url: URL) => serverPath(url, base) ?? serverPath(url, frontendBase);
const channel = new BackendChannel();

// The app opens at the page and query the host page asked for (else its main page: the
// frontend would take `index.html` for a page name). A reload of this frame, at
// `<frontend>/<page>`, keeps its own URL.
if (location.pathname.endsWith("/index.html")) {
  applyInitialLocation(frontendBase, settings.location ?? { path: "", search: "" });
}

(window as any).__streamlit = {
  BACKEND_BASE_URL: base.href,
  // Page URLs are relative to the frontend's folder, not to the server URLs above.
  MAIN_PAGE_BASE_URL: frontendBase.href,
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

if (settings.isolate !== undefined) chooseIsolation(settings.isolate);
const serviceWorker = registerServiceWorker(new URL("../", frontendBase).href);
answerServiceWorker(answerFromApp(channel, appId));
// A component is told the app's URL (as the page shows it), not this frame's.
const address = settings.address ?? { url: new URL("../", frontendBase).href, pagePaths: true };
guardComponentFrames(base, serviceWorker, (frame) =>
  nameAppUrl(frame, address, () => frameLocation(frontendBase)?.path ?? ""),
);
namePageLinks(address);
reportMissingServiceWorker(serviceWorker);

// Messages go only to the page that made this frame, and only its messages are read. A page
// opened from file:// has an opaque origin (its `location.origin` says "file://", its messages
// "null"), which postMessage cannot name: there only the parent window itself is checked.
const pageOrigin = /^https?:/.test(settings.pageOrigin ?? "") ? settings.pageOrigin : undefined;
const parentTarget = pageOrigin ?? "*";

function toParent(message: FrameMessage): void {
  window.parent.postMessage(message, parentTarget);
}

// A busy script cannot read the socket: the page signals it through shared memory.
channel.onControl = (kind) => toParent({ type: "wasmlit:interrupt", kind });

window.addEventListener("message", (event: MessageEvent<FrameMessage>) => {
  if (event.source !== window.parent || (pageOrigin !== undefined && event.origin !== pageOrigin)) return;
  if (event.data?.type === "wasmlit:port" && event.ports[0]) channel.attach(event.ports[0]);
  else if (event.data?.type === "wasmlit:navigate") followNavigation(frontendBase, event.data.location);
});

if (window.parent !== window) {
  reportLocationChanges(frontendBase, (location, push) => toParent({ type: "wasmlit:location", location, push }));
  reportPageTitle((change) => toParent({ type: "wasmlit:tab", ...change }));
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
