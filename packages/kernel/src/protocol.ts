/**
 * Every message that crosses between the page, the Pyodide worker and a frontend iframe.
 *
 * Three channels, one module:
 *  - Kernel (main thread) <-> worker: boot, progress, errors, control.
 *  - Frontend (the iframe's frame script) <-> worker: the HTTP requests and WebSocket frames
 *    the stock Streamlit frontend would send to a server, over a MessagePort that
 *    mount() hands to the iframe, so app traffic never passes through the host page.
 *  - Page <-> a busy worker: the control buffer, shared memory the page writes while Python
 *    runs (its layout at the end; control-buffer.ts reads and writes it).
 * Bytes always travel as transferable ArrayBuffers (transfer.ts). Types only: no logic here.
 */
import type { HostFolder } from "./host-folder-wire";

/** A file the app needs, as the worker receives it (URLs already absolute). */
export type FileSource = { data: ArrayBuffer | string } | { url: string };

/** An archive to unpack before the first run (URL already absolute; format as Python's shutil names it). */
export type ArchiveSource = { format: string; extractDir?: string } & ({ url: string } | { data: ArrayBuffer });

export interface BootOptions {
  /** Path of the entry point, relative to the app's home directory. */
  entrypoint: string;
  files: Record<string, FileSource>;
  requirements: string[];
  /** Flag-style Streamlit config, e.g. {"client.toolbarMode": "minimal"}. */
  streamlitConfig: Record<string, unknown>;
  env: Record<string, string>;
  /** Absolute URL of the folder holding pyodide.mjs and pyodide-lock.json. */
  pyodideUrl: string;
  /**
   * A PEP 691 simple index (absolute URL ending in "/") to resolve packages missing from the lock.
   * Set by `wasmlit serve`, whose dev server proxies PyPI; absent means pypi.org.
   */
  packageIndexUrl?: string;
  /**
   * In a shared worker: the app's order among its page's shared apps. The app's folder is
   * named after it, so its paths (and persistent folders) stay the same across reloads.
   */
  sharedSlot?: number;
  /** Pyodide packages (lock names) to load before the first run. */
  prebuiltPackageNames?: string[];
  archives?: ArchiveSource[];
  /** Folders kept in IndexedDB (absolute, or relative to the app's folder): restored before the first run, saved after each. */
  idbfsMountpoints?: string[];
  /** Folders of the user's machine served by the page's server (wasmlit desktop): see host-folders.ts. */
  hostFolders?: HostFolder[];
  /**
   * The bundle's pyodide-lock.json (absolute URL). Streamlit and the shim always come from
   * the bundle, even when `pyodideUrl` points to a self-hosted Pyodide.
   */
  lockFileUrl?: string;
  /**
   * Shared with the page (cross-origin-isolated pages, dedicated workers only), so Stop and
   * widget changes reach a script that never yields: see control-buffer.ts.
   */
  interruptBuffer?: SharedArrayBuffer;
}

export type BootStage = "runtime" | "packages" | "files" | "app";

/** Runtime metrics of one app, as wasmlit_shim/metrics.py reports them. */
export interface AppMetrics {
  boot_phases_ms: Record<string, number>;
  reruns: { count: number; latency_ms: { p50: number | null; p90: number | null; p99: number | null } };
  worker_heap_bytes: number | null;
}

/**
 * What the page can ask of a running app (the mount controller's methods). Paths are
 * relative to the app's home directory. Writing a file the app uses reruns it.
 */
export interface WorkerMethods {
  writeFile(path: string, data: string | ArrayBuffer): void;
  readFile(path: string, encoding: "utf8" | null): string | ArrayBuffer;
  renameFile(oldPath: string, newPath: string): void;
  unlink(path: string): void;
  /** Runs code in the app's interpreter; the value of its last expression, converted to JS. */
  runPython(code: string): unknown;
  install(requirements: string[]): void;
  /** The app's runtime metrics (wasmlit_shim/metrics.py; also served at `_wasmlit/metrics`). */
  metrics(): AppMetrics;
}
export type WorkerMethod = keyof WorkerMethods;

// ---- Kernel -> worker ----
export type ToWorker =
  | { type: "boot"; options: BootOptions }
  /** A new frontend wants to talk to the app; its traffic flows on `port`. */
  | { type: "connect-frontend"; port: MessagePort }
  | { type: "call"; id: number; method: WorkerMethod; args: unknown[] }
  /** The page is being hidden or closed: save persistent folders now. */
  | { type: "persist" }
  /** The page unmounts this app (a shared worker keeps running for the others). */
  | { type: "unmount" }
  /** Is the worker free to read messages? It answers "pong" unless Python is busy. */
  | { type: "ping"; id: number };

// ---- worker -> Kernel ----
export type FromWorker =
  | { type: "progress"; stage: BootStage; message: string }
  | { type: "ready" }
  /** The app could not start. `detail` is a traceback or the underlying error. */
  | { type: "boot-error"; message: string; detail: string }
  /** Something went wrong but the app runs, e.g. a package that could not be fetched. */
  | { type: "problem"; message: string; detail: string }
  /** The interpreter died (fatal.ts); the app can only come back in a fresh worker. */
  | { type: "crash"; message: string; detail: string }
  | { type: "call-result"; id: number; ok: true; value: unknown }
  | { type: "call-result"; id: number; ok: false; error: string }
  /** Packages the app imports are about to be installed (stlite's "module auto-load")... */
  | { type: "module-auto-load"; id: number; packages: string[] }
  /** ...and are installed, or not (`error` names what failed). */
  | { type: "module-auto-load-done"; id: number; ok: boolean; error?: string }
  | { type: "pong"; id: number };

export type Headers = [string, string][];

// ---- frontend -> worker ----
export type FromFrontend =
  | {
      type: "http";
      id: number;
      method: string;
      path: string;
      query: string;
      headers: Headers;
      body: ArrayBuffer | null;
      /**
       * Only if the app has a route for `path` (the service worker's requests for URLs a
       * static host may serve instead); otherwise the reply says `notRouted`.
       */
      ifRouted?: boolean;
    }
  | { type: "ws-open"; id: number; path: string; query: string; headers: Headers }
  | { type: "ws-send"; id: number; data: ArrayBuffer | string }
  | { type: "ws-close"; id: number; code: number };

// ---- worker -> frontend ----
export type ToFrontend =
  | { type: "http"; id: number; status: number; headers: Headers; body: ArrayBuffer; notRouted?: boolean }
  | { type: "ws-message"; id: number; data: ArrayBuffer | string }
  | { type: "ws-close"; id: number; code: number; reason: string };

// ---- page <-> worker, shared memory (control-buffer.ts) ----
/** What a control message asks of a busy script: the frontend's Stop, or a rerun (a widget changed). */
export type ControlKind = "stop" | "rerun";

/**
 * Signal numbers the page writes into the interrupt slot (Pyodide's musl: SIGUSR1, SIGUSR2,
 * SIGALRM). The shim takes them from here (`ControlCounters.signals`), never from a copy.
 */
export const CONTROL_SIGNALS = { rerun: 10, stop: 12, tick: 14 } as const;

/**
 * The control buffer's Int32 slots:
 *   signal:    Pyodide's interrupt buffer, the signal Python handles next (0: none);
 *   signalled: control messages (Stop, rerun) the page has sent and signalled;
 *   received:  control messages Streamlit (in the worker) has handled.
 */
export const CONTROL_SLOTS = { signal: 0, signalled: 1, received: 2 } as const;
export const CONTROL_SLOT_COUNT = 3;
