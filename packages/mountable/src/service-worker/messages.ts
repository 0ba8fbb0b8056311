/**
 * What the service worker and the pages under it say to each other.
 *
 * The service worker cannot run the app: each tab runs its own Pyodide worker. For a
 * request the app should answer, the service worker asks a page of the tab that made it
 * (the app's frontend iframe, or the page that mounted the app), and that page passes the
 * request to its worker over the channel it already has. The reply comes back on a
 * MessagePort sent with the request.
 */
import type { Headers } from "@wasmlit/kernel/src/protocol";

/** Service worker -> page: answer this request from your app's worker. */
export interface SwRequest {
  type: "wasmlit:sw-request";
  /**
   * The app the URL names (`<frontend>/_wasmlit/<appId>/...`, the URLs of component
   * iframes); a frontend answers `not-mine` for another app's. Null: the page's own app.
   */
  appId: string | null;
  method: string;
  /** The server path, as the app's ASGI routes see it ("/api/users"). */
  path: string;
  /** Without the "?". */
  query: string;
  headers: Headers;
  body: ArrayBuffer | null;
  /** Only if the app has a route for the path; else the reply is `not-routed`. */
  ifRouted: boolean;
}

export type SwReply =
  | { kind: "response"; status: number; headers: Headers; body: ArrayBuffer }
  /** The app has no route for the path: the request goes to the network. */
  | { kind: "not-routed" }
  /** This page does not run the app the request names. */
  | { kind: "not-mine" };

/** Page -> service worker: this page mounted an app, so its own requests may be the app's. */
export interface HostPageAnnouncement {
  type: "wasmlit:host-page";
}

/** The path segment that names an app in its frontend's server URLs. */
export const APP_SEGMENT = "_wasmlit";
