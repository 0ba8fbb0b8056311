/**
 * What the frontend tells others about its own location names the app's URL, not ours.
 *
 * The stock frontend derives a v1 custom component's `streamlitUrl` (a query parameter of
 * the component's iframe) from `window.location`: on a server that is the app's page, here
 * it would be the runtime's internal `<bundle>/frontend/` folder, and components that build
 * links from it would point there. So each component frame is given the app's URL as the
 * person sees it (frame-settings.ts, AppAddress) before it loads, as native Streamlit names
 * it: the page's origin and path, without the query string. Page links (the sidebar,
 * `st.page_link`) likewise point at the app's pages (`<app>/second`), which open in a new
 * tab, where the page's URL holds the app's pages.
 */
import type { AppAddress } from "./messages";

/** The URL of the app's page `path` ("" = main page), as a person opens it. */
export function appUrlAt(address: AppAddress, path: string): string {
  return address.pagePaths ? new URL(path, address.url).href : address.url;
}

/** A component frame's `src`, with `streamlitUrl` naming `appUrl` (unchanged without one). */
export function withStreamlitUrl(src: string, appUrl: string): string {
  const url = new URL(src);
  if (!url.searchParams.has("streamlitUrl") || url.searchParams.get("streamlitUrl") === appUrl) return src;
  url.searchParams.set("streamlitUrl", appUrl);
  return url.href;
}

/**
 * Give a just-added component frame the app's URL, now and whenever the frontend sets its
 * `src` again (`currentPath`: the app's current page).
 */
export function nameAppUrl(frame: HTMLIFrameElement, address: AppAddress, currentPath: () => string): void {
  const rename = () => {
    const src = withStreamlitUrl(frame.src, appUrlAt(address, currentPath()));
    if (src !== frame.src) frame.src = src;
  };
  rename();
  new MutationObserver(rename).observe(frame, { attributeFilter: ["src"] });
}

/**
 * Page links name the app's pages where the page's URL holds them. The frontend takes a base
 * for its page links from its host (Streamlit's `SET_PAGE_LINK_BASE_URL` host message); this
 * frame is that host's stand-in: once the frontend says it listens (`GUEST_READY`, which it
 * echoes to its own window), the message is posted to it from here, same origin.
 */
export function namePageLinks(address: AppAddress): void {
  if (!address.pagePaths) return; // an embedding page's URL names no app page
  const onEcho = (event: MessageEvent) => {
    const data = event.data as { isGuestToHostEcho?: unknown; type?: unknown } | null;
    if (event.source !== window || data?.isGuestToHostEcho !== true || data.type !== "GUEST_READY") return;
    window.removeEventListener("message", onEcho);
    const pageLinkBaseUrl = address.url.replace(/\/$/, "");
    window.postMessage({ stCommVersion: 1, type: "SET_PAGE_LINK_BASE_URL", pageLinkBaseUrl }, location.origin);
  };
  window.addEventListener("message", onEcho);
}
