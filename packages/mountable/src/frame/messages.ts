/**
 * What the host page (mount(), app-frame.ts) and a frontend iframe (the frame script,
 * frame/entry.ts) say to each other, and the settings the page hands the frame when it
 * creates it. Types only: frame-settings.ts encodes the settings, and each side checks the
 * other's origin before it reads a message. The app's own traffic never comes this way: it
 * flows on the MessagePort to the worker (kernel/src/protocol.ts).
 */

/**
 * What mount() tells a frontend iframe before its first script runs. It travels in the
 * iframe's `name` (readable synchronously, before Streamlit's bundle reads
 * `window.__streamlit`, which it freezes at load).
 */
export interface FrameSettings {
  /** Extra host-config keys (mount's `hostConfig` option), merged over our defaults. */
  hostConfig?: Record<string, unknown>;
  /** Names this app in its server URLs, so the service worker can route a component's files. */
  appId?: string;
  /** Ask wasmlit's service worker for cross-origin isolation (true), not (false), or keep what is registered. */
  isolate?: boolean;
  /** The page and query string to open (from the host page's URL), if this app follows it. */
  location?: FrameLocation;
  /** Where a person sees the app: what a custom component is told is the app's URL. */
  address?: AppAddress;
  /** The origin of the page that made the frame: the only one the frame talks to (an http(s) origin; file:// pages have none). */
  pageOrigin?: string;
}

/**
 * The app's URL as a person sees it: the page that shows it (the URL of the app's main
 * page), and whether the app's other pages are paths under it (`<url>second`, where the
 * page is the app's own, as `wasmlit serve` and exports make it) or not (a page embedding it).
 */
export interface AppAddress {
  url: string;
  pagePaths: boolean;
}

/**
 * A location of the app: the page path ("" for the main page, "page_two"), "?query", and
 * "#fragment" (a heading's anchor; "" for none, absent where not known).
 */
export interface FrameLocation {
  path: string;
  search: string;
  hash?: string;
}

/** Messages between mount() and a frontend iframe (the app's own traffic uses the port). */
export type FrameMessage =
  | { type: "wasmlit:hello" }
  | { type: "wasmlit:port" }
  | { type: "wasmlit:height"; height: number }
  /** The frontend sent a Stop or rerun; a busy script must be interrupted to read it. */
  | { type: "wasmlit:interrupt"; kind: "stop" | "rerun" }
  /** Frame -> page: the app is now at this location (`push`: a new history entry). */
  | { type: "wasmlit:location"; location: FrameLocation; push: boolean }
  /** Page -> frame: the person went Back/Forward to this location. */
  | { type: "wasmlit:navigate"; location: FrameLocation }
  /**
   * Frame -> page: the app's page title or icon changed (st.set_page_config, st.navigation),
   * as its own tab would show them. Plain text and a URL, never markup.
   */
  | { type: "wasmlit:tab"; title?: string; icon?: string };
