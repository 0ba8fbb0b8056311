/**
 * Which requests under the service worker's scope the app answers, and who to ask.
 *
 * A pure function of the request's URL and kind, so it is decided synchronously: requests
 * for the bundle's own files (the frontend's scripts, Pyodide) are left to the browser
 * without the service worker touching them.
 *
 * The layout it knows (the scope is the bundle's folder, where wasmlit-sw.js lives):
 *   <scope>frontend/_wasmlit/<appId>/<server path>   an app's server URL: a component iframe's
 *                                                    files; asked of the frontend of <appId>
 *   <scope>frontend/<server path>                   `_stcore/`, `media/`, `component/`, `app/`
 *                                                    relative to the frontend (e.g.
 *                                                    `app/static/...` in the app's markdown)
 *   <scope>frontend/static/, index.html, ...        the frontend's own files: network
 *   <scope>pyodide/, wasmlit.js, worker.js, ...      the bundle's own files: network
 *   <scope><anything else>                          the app's own routes (`st.App`), if it
 *                                                    has one for the path; else network
 */
import { APP_SEGMENT } from "./messages";
import { SERVICE_WORKER_FILE } from "./script-url";

export interface RequestFacts {
  url: URL;
  method: string;
  /** Request.mode: "navigate" for a document (a page, an iframe). */
  mode: string;
  /** Request.destination: "document" for a tab, "iframe" for a frame. */
  destination: string;
  accept: string;
}

export type Decision =
  /** Not the app's: the browser fetches it as if there were no service worker. */
  | { kind: "network" }
  /** An app's server URL: asked of the frontend running `appId`, wherever it came from. */
  | { kind: "app"; appId: string; path: string }
  /** Asked of the app of the page that made the request (its frontend or its host page). */
  | { kind: "requester"; path: string; ifRouted: boolean }
  /** A tab opens a URL under the scope: the network, or the app's page if there is no such file. */
  | { kind: "page" }
  /** The frontend iframe reloads at a page URL (`frontend/<page>`): its index.html. */
  | { kind: "frontend-page" };

const APP_ADDRESSED = new RegExp(`^${APP_SEGMENT}/([^/]+)/(.*)$`);
const SERVER_PREFIXES = ["_stcore/", "media/", "component/", "app/"];
const FRONTEND_FILES = ["index.html", "boot.js", "boot.js.map", "favicon.png", "manifest.json"];
const BUNDLE_FILES = [
  SERVICE_WORKER_FILE,
  `${SERVICE_WORKER_FILE}.map`,
  "wasmlit.js",
  "wasmlit.js.map",
  "wasmlit.mjs",
  "wasmlit.mjs.map",
  "wasmlit.d.ts",
  "worker.js",
  "worker.js.map",
  "live-reload.js",
  "live-reload.js.map",
];
const BUNDLE_FOLDERS = ["pyodide/"];

export function decide(request: RequestFacts, scope: URL): Decision {
  const { url } = request;
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return { kind: "network" };
  // A streamed response (server-sent events) cannot come from the app's worker in pieces.
  if (request.accept.includes("text/event-stream")) return { kind: "network" };
  const rest = url.pathname.slice(scope.pathname.length);

  if (rest.startsWith("frontend/")) return decideFrontend(request, rest.slice("frontend/".length));
  if (BUNDLE_FILES.includes(rest) || BUNDLE_FOLDERS.some((folder) => rest.startsWith(folder))) {
    return { kind: "network" };
  }
  if (request.mode === "navigate") {
    return request.destination === "document" ? { kind: "page" } : { kind: "network" };
  }
  return { kind: "requester", path: "/" + rest, ifRouted: true };
}

function decideFrontend(request: RequestFacts, rest: string): Decision {
  if (rest.startsWith(APP_SEGMENT + "/")) {
    const addressed = APP_ADDRESSED.exec(rest);
    return addressed ? { kind: "app", appId: addressed[1], path: "/" + addressed[2] } : { kind: "network" };
  }
  if (SERVER_PREFIXES.some((prefix) => rest.startsWith(prefix))) {
    return { kind: "requester", path: "/" + rest, ifRouted: false };
  }
  if (rest === "" || rest.startsWith("static/") || FRONTEND_FILES.includes(rest)) return { kind: "network" };
  if (request.mode === "navigate") return { kind: "frontend-page" };
  // Relative to the frontend, as on a server where the frontend is the root: `fetch("api/x")`.
  return { kind: "requester", path: "/" + rest, ifRouted: true };
}

/**
 * Whether a path under the scope names a page of the app (`page_two`), which the app's
 * own page shows, rather than a file: one segment, no extension.
 */
export function isPagePath(path: string): boolean {
  return path !== "" && !path.includes("/") && !path.includes(".");
}
