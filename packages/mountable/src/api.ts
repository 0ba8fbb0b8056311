/**
 * The public API of `wasmlit.js` (also `window.stlite`), as pages see it. Types only: the
 * build turns this module into `wasmlit.d.ts` next to the bundle, so it must import
 * nothing. The names and shapes follow stlite's `mount()` so its pages work unchanged.
 */

/** Runtime metrics of the app (the same shape as AppMetrics in the kernel's protocol.ts). */
export interface AppMetrics {
  /** Where boot time went, by phase. */
  boot_phases_ms: Record<string, number>;
  /** Script runs so far, and their latency percentiles over the last 1000 (null before any run). */
  reruns: { count: number; latency_ms: { p50: number | null; p90: number | null; p99: number | null } };
  /** The Python worker's WebAssembly heap. */
  worker_heap_bytes: number | null;
}

/** File content: text, or bytes. */
export type FileData = string | ArrayBuffer | ArrayBufferView;

/**
 * One file of the app. `opts` is accepted for stlite compatibility (it held Emscripten
 * `FS.writeFile` options); files are always written byte for byte.
 */
export type FileInput =
  | FileData
  | { data: FileData; opts?: Record<string, unknown> }
  | {
      /** Fetched by the worker; a relative URL is resolved against the page. */
      url: string;
      opts?: Record<string, unknown>;
    };

/**
 * An archive unpacked into the app's folder before the first run (`extractDir`, relative
 * to the app's folder or absolute, changes where). `format` is one of Python's
 * `shutil.unpack_archive` formats: "zip", "tar", "gztar" ("tar.gz", "tgz"), "bztar", "xztar".
 */
export type ArchiveInput =
  | { url: string; format: string; options?: { extractDir?: string } }
  | { buffer: ArrayBuffer | ArrayBufferView; format: string; options?: { extractDir?: string } };

export interface MountOptions {
  /** The script `streamlit run` would be given, relative to the app's folder. Default "streamlit_app.py". */
  entrypoint?: string;
  /** The app's files, by path relative to the app's folder. */
  files?: Record<string, FileInput>;
  /** Requirement strings installed with micropip before the first run. */
  requirements?: string[];
  /** Packages of the Pyodide lock to load before the first run (Pyodide package names). */
  prebuiltPackageNames?: string[];
  archives?: ArchiveInput[];
  /**
   * A self-hosted Pyodide: the folder of `pyodide.mjs`, or that file's URL. It must be the
   * Pyodide version this bundle was built with; Streamlit and its wheels still come from
   * the bundle.
   */
  pyodideUrl?: string;
  /** Streamlit config as `streamlit run` flags, e.g. {"client.toolbarMode": "viewer", "theme.base": "dark"}. */
  streamlitConfig?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  /** Environment variables for the app (`os.environ`). */
  env?: Record<string, string>;
  /**
   * Folders kept in the browser's IndexedDB: restored before the first run, saved after
   * every run and when the page is hidden. Absolute, or relative to the app's folder.
   */
  idbfsMountpoints?: string[];
  /**
   * Folders of the user's machine the app reads and writes, each at an absolute `path` in the
   * app's file system, served by the page's own server at `url` (relative to the page).
   * `wasmlit desktop --mount` sets this; the protocol is in kernel/src/host-folder-wire.ts.
   */
  hostFolders?: { path: string; url: string }[];
  /**
   * Run in one SharedWorker with every other app of this page (and other tabs of this
   * origin) that asks for it: one Python interpreter and one Streamlit runtime for all.
   * Each app keeps its own folder, modules, sessions and reruns; Streamlit's config (the
   * first app's), installed packages, os.environ and caches are shared. Where browsers
   * have no SharedWorker (Chrome on Android), the app gets a worker of its own.
   */
  sharedWorker?: boolean;
  /**
   * Make the page cross-origin isolated through wasmlit's service worker (default true), so
   * Stop and widget changes reach a script that never yields. It works for a page under the
   * bundle's folder on the bundle's origin (an export's pages); a fresh visit reloads once.
   * Set false if the app embeds frames from other sites that do not send
   * Cross-Origin-Embedder-Policy (COEP hides them), or opens popups that talk back to it.
   */
  crossOriginIsolation?: boolean;
  /** Keys of Streamlit's host config (what a server's `/_stcore/host-config` answers). */
  hostConfig?: Record<string, unknown>;
  /** Show no loading progress over the app. */
  disableProgressToasts?: boolean;
  /** Show no boot errors or package problems over the app (listen to `loadError` instead). */
  disableErrorToasts?: boolean;
  /** Show no notice while packages the app imports are installed after a file change. */
  disableModuleAutoLoadToasts?: boolean;
  /** Add no `<style>` element to the page (style `.wasmlit-*` yourself). */
  disableDocumentStyles?: boolean;
  /** Older stlite name: `mountDocumentStyles: false` is `disableDocumentStyles: true`. */
  mountDocumentStyles?: boolean;
  /**
   * The tab's title and icon follow the app's (`st.set_page_config`, the current page of
   * `st.navigation`). Default: true when the app fills the page (mounted on `document.body`),
   * false otherwise; `false` keeps the page's own title.
   */
  followAppTitle?: boolean;
  /** A CSP nonce for the `<style>` element wasmlit adds to the page. */
  styleNonce?: string;
  /** A PEP 691 simple index for packages not in the bundle (default: pypi.org). */
  packageIndexUrl?: string;
  /**
   * Where the runtime is: the folder holding `worker.js`, `frontend/` and `pyodide/` (a copy of
   * the runtime, or any `wasmlit export` site), absolute or relative to the page; it must send
   * `Access-Control-Allow-Origin` if on another origin. Default: the folder `wasmlit.js` or
   * `wasmlit.mjs` was loaded from. Set it when a bundler copied this code elsewhere.
   */
  bundleUrl?: string;
  /** stlite's own Streamlit wheels; ignored (wasmlit runs stock Streamlit from its bundle). */
  wheelUrls?: Record<string, string>;
  /** stlite's extra installs: their requirements are installed like `requirements` (their options are ignored). */
  installs?: { requirements: string[]; options?: Record<string, unknown> }[];
}

/** What the promise of a `moduleAutoLoad` event resolves to: the packages installed. */
export interface AutoLoadedPackage {
  name: string;
}

export interface ModuleAutoLoadDetail {
  /** Packages about to be installed because the app imports them. */
  packagesToLoad: string[];
  /** Settles when they are installed (rejects, naming them, when one failed). */
  promise: Promise<AutoLoadedPackage[]>;
}

/** The events of a mounted app (stlite's names and shapes). */
export interface AppEventMap {
  /** A boot step started; `detail` says which. */
  loadProgress: CustomEvent<string>;
  /** The app is running. */
  loadFinished: Event;
  /** The app cannot start; `detail.message` says why. */
  loadError: CustomEvent<Error>;
  /** Packages the app imports are being installed. */
  moduleAutoLoad: CustomEvent<ModuleAutoLoadDetail>;
  /**
   * The app's Python died (a fatal error in the runtime, a WebAssembly trap, out of memory)
   * and the app stopped; `restart()` brings it back. `detail.detail` holds the last Python
   * stack, when there is one. A crash before the app ran is also a `loadError`.
   */
  crash: CustomEvent<{ message: string; detail: string }>;
  install: CustomEvent<{ requirements: string[]; promise: Promise<void> }>;
  writeFile: CustomEvent<{ path: string; promise: Promise<void> }>;
  renameFile: CustomEvent<{ oldPath: string; newPath: string; promise: Promise<void> }>;
  unlink: CustomEvent<{ path: string; promise: Promise<void> }>;
  readFile: CustomEvent<{ path: string; promise: Promise<string | Uint8Array> }>;
}

export type AppEventName = keyof AppEventMap;

export type AppEventListener<K extends AppEventName> =
  | ((event: AppEventMap[K]) => void)
  | { handleEvent(event: AppEventMap[K]): void };

/** What `mount()` returns. */
export interface MountController {
  /** Stop the app and remove everything mount() added to the page. */
  unmount(): void;
  /**
   * Boot the app again in a fresh worker (after a crash, or to get out of a busy script),
   * with its current files (including writeFile changes); persistent folders come back from
   * IndexedDB and session state starts fresh. With `sharedWorker`, every shared app of the
   * page restarts. Resolves when the app runs again.
   */
  restart(): Promise<void>;
  /**
   * Install packages (requirement strings) with micropip, as `requirements` does at boot.
   * `options` (stlite's micropip options) is accepted and ignored.
   */
  install(requirements: string[], options?: Record<string, unknown>): Promise<void>;
  /** Write a file in the app's folder; if the app uses it, the app reruns (as run-on-save). */
  writeFile(path: string, data: FileData, opts?: Record<string, unknown>): Promise<void>;
  /** Read a file of the app's folder: text with `{encoding: "utf8"}`, else bytes. */
  readFile(path: string, opts?: { encoding?: "utf8" | "binary" }): Promise<string | Uint8Array>;
  renameFile(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Run Python in the app's interpreter; resolves to the last expression's value. */
  runPython(code: string): Promise<unknown>;
  /** Boot phases, script-run count and latency percentiles, worker heap (also at `_wasmlit/metrics`). */
  metrics(): Promise<AppMetrics>;
  /** Resolves when the app is running; rejects when it cannot start. */
  readonly loaded: Promise<void>;
  addEventListener<K extends AppEventName>(type: K, listener: AppEventListener<K>, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends AppEventName>(type: K, listener: AppEventListener<K>, options?: boolean | EventListenerOptions): void;
  /** stlite pages reach events through `controller._kernel`; here it is the controller itself. */
  readonly _kernel: MountController;
}

/** `window.wasmlit`, also `window.stlite`. */
export interface WasmlitApi {
  /** Run an app (options, or the code of `streamlit_app.py`) in `element` (default: the whole page). */
  mount(options: MountOptions | string, element?: HTMLElement): MountController;
}

/**
 * The ES module entry (`wasmlit.mjs`, and the npm package `wasmlit`): the same mount().
 * It defines `<streamlit-app>` too, but not `window.wasmlit` (the classic `wasmlit.js` does).
 */
export declare function mount(options: MountOptions | string, element?: HTMLElement): MountController;

declare global {
  interface Window {
    wasmlit: WasmlitApi;
    stlite: WasmlitApi;
  }
  interface HTMLElementTagNameMap {
    "streamlit-app": HTMLElement & { readonly controller: MountController | null };
  }
}
