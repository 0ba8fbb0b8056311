/**
 * The frontend iframe's URL, as the stock frontend reads and writes it, kept in step with
 * the page that mounted the app.
 *
 * Streamlit reads the current page and the query string from `location` (the first run's
 * page, `st.query_params`) and writes them with `history.pushState`/`replaceState`. Inside
 * our iframe that URL is `<frontend>/<page>?<query>`; a person sees the host page's URL.
 * So:
 *  - at start, the page's location from mount() (the deep link or query the person opened)
 *    becomes the iframe's URL, before the frontend reads it;
 *  - every URL the frontend writes is reported to the host page, which mirrors it. A
 *    `pushState` here becomes a `replaceState`: the host page keeps the history entry, so
 *    Back takes one press, not two (a frame's pushes join the tab's history);
 *  - Back/Forward on the host page arrive as `navigate` and replay as the `popstate` the
 *    frontend listens to.
 *  - The fragment too: a heading's anchor link (`#the-heading`) changes this frame's hash,
 *    which is reported like a URL the frontend wrote; a fragment the page opens with is
 *    this frame's at start, so the frontend scrolls to that heading when it draws it.
 */
import type { FrameLocation } from "./messages";

export function applyInitialLocation(pageBase: URL, initial: FrameLocation): void {
  history.replaceState(history.state, "", new URL(initial.path + initial.search + (initial.hash ?? ""), pageBase));
}

export function reportLocationChanges(
  pageBase: URL,
  report: (location: FrameLocation, push: boolean) => void,
): void {
  const nativeReplace = history.replaceState.bind(history);
  const write = (push: boolean) => (state: unknown, unused: string, url?: string | URL | null) => {
    nativeReplace(state, unused, url);
    const current = frameLocation(pageBase);
    if (current) report(current, push);
  };
  history.pushState = write(true);
  history.replaceState = write(false);
  window.addEventListener("hashchange", () => {
    const current = frameLocation(pageBase);
    if (current) report(current, false);
  });
}

/** The host page went Back or Forward: show that location as the frontend would. */
export function followNavigation(pageBase: URL, target: FrameLocation): void {
  const current = frameLocation(pageBase);
  const samePage = current !== null && current.path === target.path && current.search === target.search;
  const hash = target.hash ?? current?.hash ?? "";
  if (samePage && current.hash === hash) return;
  // The native replaceState: this change comes from the host page and is not reported back.
  const url = new URL(target.path + target.search + hash, pageBase);
  History.prototype.replaceState.call(history, samePage ? history.state : null, "", url);
  if (!samePage) window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
  else if (hash) scrollToAnchor(hash);
}

/** Show the heading `hash` names, as following its anchor link would. */
function scrollToAnchor(hash: string): void {
  try {
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  } catch {
    // A malformed %-escape names no heading.
  }
}

/** The iframe's page path (relative to `pageBase`) and query, or null outside it. */
export function frameLocation(pageBase: URL): FrameLocation | null {
  if (!location.pathname.startsWith(pageBase.pathname)) return null;
  const path = location.pathname.slice(pageBase.pathname.length);
  return { path: path === "index.html" ? "" : path, search: location.search, hash: location.hash };
}
