/**
 * The Python functions TypeScript may call in the shim, with their types: the whole
 * TypeScript ↔ Python seam of the worker, types only.
 *
 * Each interface names the Python module or class it describes (`@python`). Its members are
 * exactly that module's `__all__` (or the class's public methods), with Python's parameter
 * names, in order, optional where Python has a default:
 * tests/unit/test_shim_api.py fails when the two sides disagree.
 *
 * Python values arrive as PyProxy unless Pyodide converts them (str, int, float, bool, None)
 * or the shim converts them itself (`to_js`): results say which.
 */
import type { ControlCounters } from "./control-buffer";
import type { Headers } from "./protocol";
import type { PyObject, PyProxy } from "./python-runtime";

/** What the shim's `http` answers, made a JavaScript object by `to_js`. */
export interface ShimHttpResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** The Python end of one frontend WebSocket. @python wasmlit_shim.bridge._JsWebSocket */
export interface ShimWebSocket extends PyObject {
  receive(data: ArrayBuffer | Uint8Array | string): void;
  disconnect(code: number): void;
}

/** How the worker serves one app: the bridge module for a lone app, an AppGlue in a shared worker. */
export interface ShimAppServer extends PyObject {
  http(method: string, path: string, query: string, headers: Headers, body: Uint8Array): Promise<ShimHttpResponse>;
  answers(method: string, path: string): boolean;
  open_websocket(
    path: string,
    query: string,
    headers: Headers,
    on_message: (data: Uint8Array | string) => void,
    on_close: (code: number, reason: string) => void,
  ): ShimWebSocket;
  file_changed(path: string): void;
  /** The app's runtime metrics (the shim's metrics.py), as JSON text. */
  metrics_json(): string;
}

/** One app of a shared runtime. @python wasmlit_shim.bridge.AppGlue */
export interface ShimAppGlue extends ShimAppServer {
  readonly entrypoint: string;
  readonly folder: string;
}

/** The worker's entry into the shim. @python wasmlit_shim.bridge */
export interface ShimBridge extends ShimAppServer {
  /** `env`: a Python dict made by `pyodide.toPy`. */
  set_environment(env: PyProxy): void;
  report_problems_to(callback: (message: string, detail: string) => void): void;
  start(entrypoint: string, streamlit_config: PyProxy, shared?: boolean): Promise<void>;
  is_started(): boolean;
  attach_app(entrypoint: string): ShimAppGlue;
  on_script_finished(callback: () => void): void;
  enable_interrupts(counters: ControlCounters): void;
}

/** The shim modules TypeScript imports, by module name (see `importShim`). */
export interface ShimModules {
  "wasmlit_shim.bridge": ShimBridge;
}
