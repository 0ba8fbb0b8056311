/**
 * The running app as the worker's modules share it: the Pyodide instance and the shim's
 * JavaScript glue (python/shim/wasmlit_shim/bridge.py). Also the minimal Pyodide types we
 * use (the full ones live in the pyodide package, which we load at run time by URL).
 */
import type { BootOptions } from "./protocol";
import type { ShimAppServer, ShimModules } from "./shim-api";

/** The app's files live here; it is the working directory, as `streamlit run` would have it. */
export const APP_HOME = "/home/pyodide";

/** What every Python object in JavaScript has. */
export interface PyObject {
  destroy(): void;
  toJs(options?: object): any;
}

/** A Python object whose attributes are not typed (the shim's are: shim-api.ts). */
export interface PyProxy extends PyObject {
  [key: string]: any;
}

export interface Pyodide {
  FS: any;
  version: string;
  lockfile: { packages: Record<string, { file_name: string; imports: string[] }> };
  unpackArchive(buffer: ArrayBuffer, format: string, options?: { extractDir?: string }): void;
  loadPackage(names: string[], options?: object): Promise<unknown>;
  /** Installed packages by name; Pyodide skips these in later loadPackage calls. */
  loadedPackages: Record<string, string>;
  /** The shim's modules come typed (shim-api.ts); any other module is a plain PyProxy. */
  pyimport<Name extends keyof ShimModules>(name: Name): ShimModules[Name];
  pyimport(name: string): PyProxy;
  /** Pyodide polls `buffer[0]` between bytecodes and raises that signal in Python (control-buffer.ts). */
  setInterruptBuffer(buffer: Int32Array): void;
  runPython(code: string): any;
  runPythonAsync(code: string): Promise<any>;
  toPy(value: unknown): any;
}

export interface RunningApp {
  pyodide: Pyodide;
  /** The shim's glue for this app: the bridge module, or an app of a shared runtime. */
  bridge: ShimAppServer;
  options: BootOptions;
  /** The app's folder (its working directory): APP_HOME, or its own folder in a shared worker. */
  home: string;
}

/** An absolute path in the app's home; refuses paths that climb out of it. */
export function appPath(path: string, home: string = APP_HOME): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw new Error(`"${path}" is outside the app's folder`);
    parts.push(part);
  }
  if (!parts.length) throw new Error("a file path is required");
  return `${home}/${parts.join("/")}`;
}

export function writeAppFile(pyodide: Pyodide, path: string, data: string | Uint8Array, home: string = APP_HOME): string {
  const target = appPath(path, home);
  pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
  pyodide.FS.writeFile(target, data);
  return target;
}
