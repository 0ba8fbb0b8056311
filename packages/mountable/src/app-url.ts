/**
 * The host page's URL follows the app: a person sees (and can share, bookmark, reload) the
 * app's current page and query string, and Back/Forward move the app.
 *
 * The frontend's iframe reports each URL it writes (frame/location.ts); this page mirrors it.
 *  - The query string (`st.query_params`) is always mirrored, both ways: the page's query
 *    string is what the app starts with.
 *  - The page path (`/page_two`) is mirrored only where this page is the app's page, i.e.
 *    it sits in the bundle's folder as `wasmlit serve` and exports put it (`/`,
 *    `/index.html`, or a page path such as `/page_two` opened as a deep link). A page of its
 *    own elsewhere (`/docs/demo.html`) keeps its path; the app's page then lives in the
 *    history entries only, so Back still works.
 *  - The fragment (`#the-heading`, a heading's anchor the person followed in the app) is
 *    mirrored too, so a link to a section can be shared; the app opens at the page's
 *    fragment and scrolls there. A page of its own keeps its fragment until the app sets one.
 * Only one app of a page follows the URL: the first mounted.
 */
import type { AppAddress, FrameLocation } from "./frame/messages";
import { isPagePath } from "./service-worker/routes";

interface HistoryState {
  wasmlitApp?: FrameLocation;
}

let claimed = false;

export class HostUrl {
  private readonly pageBase: URL;
  private readonly ownsPagePaths: boolean;
  private readonly onPopState: (event: PopStateEvent) => void;

  /** The page's URL for one app, or null if another app of this page has it. */
  static claim(bundleUrl: string, navigate: (location: FrameLocation) => void): HostUrl | null {
    if (claimed) return null;
    claimed = true;
    return new HostUrl(bundleUrl, navigate);
  }

  private constructor(bundleUrl: string, navigate: (location: FrameLocation) => void) {
    this.pageBase = new URL(bundleUrl);
    this.ownsPagePaths = pagePathIn(new URL(location.href), this.pageBase) !== null;
    this.onPopState = (event) => navigate((event.state as HistoryState | null)?.wasmlitApp ?? this.current());
    window.addEventListener("popstate", this.onPopState);
  }

  /** Where the app is according to the page's URL (where it opens). */
  current(): FrameLocation {
    const url = new URL(location.href);
    const path = this.ownsPagePaths ? (pagePathIn(url, this.pageBase) ?? "") : "";
    return { path, search: url.search, hash: url.hash };
  }

  /** The app's URL as a person sees it on this page. */
  address(): AppAddress {
    return this.ownsPagePaths ? { url: this.pageBase.href, pagePaths: true } : embeddingPageAddress();
  }

  /** The app moved: show it in the page's URL (`push`: as a new history entry). */
  follow(app: FrameLocation, push: boolean): void {
    // The message comes from the app's frame, where app code runs: only a page path and a
    // query string are taken, and the page's URL never leaves its origin.
    if ((app.path !== "" && !isPagePath(app.path)) || (app.search !== "" && !app.search.startsWith("?"))) return;
    if (app.hash !== undefined && app.hash !== "" && !app.hash.startsWith("#")) return;
    const hash = (this.ownsPagePaths ? app.hash : app.hash || undefined) ?? location.hash;
    const target = this.ownsPagePaths
      ? new URL(app.path + app.search + hash, this.pageBase)
      : new URL(location.pathname + app.search + hash, location.href);
    if (target.origin !== location.origin) return;
    const previous = (history.state as HistoryState | null)?.wasmlitApp ?? this.current();
    const moved = target.href !== location.href || previous.path !== app.path;
    const state: HistoryState = { ...(history.state as object | null), wasmlitApp: app };
    if (push && moved) history.pushState(state, "", target);
    else history.replaceState(state, "", target);
  }

  release(): void {
    window.removeEventListener("popstate", this.onPopState);
    claimed = false;
  }
}

/** The app's page path in `url`, if `url` is the app's page in `pageBase` ("" = main page). */
function pagePathIn(url: URL, pageBase: URL): string | null {
  if (url.origin !== pageBase.origin || !url.pathname.startsWith(pageBase.pathname)) return null;
  const rest = url.pathname.slice(pageBase.pathname.length);
  if (rest === "" || rest === "index.html") return "";
  return isPagePath(rest) ? rest : null;
}

/** An app on a page of its own (`/docs/demo.html`) is at that page, whatever its app page. */
export function embeddingPageAddress(): AppAddress {
  return { url: location.origin + location.pathname, pagePaths: false };
}
