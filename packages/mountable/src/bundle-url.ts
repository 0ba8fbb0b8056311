/**
 * Where the runtime's files are: the folder ("bundle URL") holding the worker, `frontend/`,
 * `pyodide/` and the service worker. Every entry point (the classic `wasmlit.js`, the ES
 * module `wasmlit.mjs`, the npm package) finds it here, and mount() asks runtimeFiles() for
 * each file's URL, so a change to the runtime's layout is made in this one module.
 *
 * The default is the folder of the script that defines mount(); `bundleUrl` in mount()'s
 * options overrides it (a page whose bundler moved our code away from the runtime).
 */
import type { MountOptions } from "./api";

/** The runtime files mount() loads, as absolute URLs. */
export interface RuntimeFiles {
  /** The stock frontend's page (with our frame script, boot.js, first). */
  frontendPage: string;
  /** The Pyodide worker (an ES module). */
  worker: string;
}

export function runtimeFiles(bundleUrl: string): RuntimeFiles {
  return {
    frontendPage: new URL("frontend/index.html", bundleUrl).href,
    worker: new URL("worker.js", bundleUrl).href,
  };
}

/**
 * The folder of the classic script that is running this code. `document.currentScript`
 * names it while a `<script src>` runs; it is null when the same file is loaded with
 * `<script type="module" src>` (or run later), and then the script's own URL is read from
 * a stack trace, which every browser starts with the running file's URL.
 */
export function runningScriptFolder(): string {
  const script = document.currentScript as HTMLScriptElement | null;
  const url = script?.src || scriptUrlFromStack(new Error().stack ?? "");
  if (!url) {
    console.warn("wasmlit: cannot tell where wasmlit.js was loaded from; pass `bundleUrl` to mount()");
  }
  return folderOf(url || location.href);
}

/** The first script URL of a stack trace (`at https://host/x.js:1:2`, `@https://host/x.js:1:2`). */
export function scriptUrlFromStack(stack: string): string | null {
  return /\b((?:https?|file):\/\/[^\s()]+?|blob:[^\s()]+?):\d+:\d+/.exec(stack)?.[1] ?? null;
}

/**
 * The folder of a module's own URL (`import.meta.url`). A bundler that turns modules into a
 * classic script leaves it undefined: then the running script's folder.
 */
export function moduleFolder(moduleUrl: string | undefined): string {
  return moduleUrl ? folderOf(moduleUrl) : runningScriptFolder();
}

/** `options.bundleUrl` when the page gives one (relative to the page), else `fallback`. */
export function chosenBundleUrl(options: MountOptions | string, fallback: string): string {
  if (typeof options !== "object" || options === null || typeof options.bundleUrl !== "string" || !options.bundleUrl) {
    return fallback;
  }
  const url = new URL(options.bundleUrl, document.baseURI);
  // A folder: "https://host/wasmlit" means the folder, not a file in "https://host/".
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

function folderOf(url: string): string {
  return new URL("./", url).href;
}
