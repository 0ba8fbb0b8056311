/**
 * mount()'s options, as pages written for stlite pass them, turned into what the worker
 * needs. A plain string is the content of `streamlit_app.py`.
 */
import type { BootOptions, FileSource } from "@wasmlit/kernel/src/protocol";

export type FileInput =
  | string
  | ArrayBuffer
  | ArrayBufferView
  | { data: string | ArrayBuffer | ArrayBufferView; opts?: Record<string, unknown> }
  | { url: string; opts?: Record<string, unknown> };

export interface MountOptions {
  entrypoint?: string;
  files?: Record<string, FileInput>;
  requirements?: string[];
  streamlitConfig?: Record<string, unknown>;
  env?: Record<string, string>;
  hostConfig?: Record<string, unknown>;
  /** Where pyodide.mjs lives (default: the bundle's own copy). */
  pyodideUrl?: string;
  /** A PEP 691 simple index for packages not in the bundle (default: pypi.org). */
  packageIndexUrl?: string;
}

const DEFAULT_ENTRYPOINT = "streamlit_app.py";

export class MountOptionError extends Error {
  constructor(option: string, problem: string) {
    super(`wasmlit.mount(): option "${option}" ${problem}`);
  }
}

export function normalizeOptions(input: MountOptions | string, bundleUrl: string): BootOptions {
  const options: MountOptions =
    typeof input === "string" ? { files: { [DEFAULT_ENTRYPOINT]: input }, entrypoint: DEFAULT_ENTRYPOINT } : input;
  if (typeof options !== "object" || options === null) {
    throw new MountOptionError("options", "must be an object or a string of app code");
  }
  const entrypoint = options.entrypoint ?? DEFAULT_ENTRYPOINT;
  const files = Object.fromEntries(
    Object.entries(options.files ?? {}).map(([path, file]) => [normalizePath(path), toFileSource(path, file)]),
  );
  if (!(normalizePath(entrypoint) in files)) {
    throw new MountOptionError("entrypoint", `names "${entrypoint}", which is not among the files`);
  }
  return {
    entrypoint: normalizePath(entrypoint),
    files,
    requirements: stringList("requirements", options.requirements),
    streamlitConfig: options.streamlitConfig ?? {},
    env: options.env ?? {},
    pyodideUrl: absoluteFolder(options.pyodideUrl ?? new URL("pyodide/", bundleUrl).href),
    packageIndexUrl: options.packageIndexUrl && absoluteFolder(options.packageIndexUrl),
  };
}

function normalizePath(path: string): string {
  return path.replace(/^\.?\/+/, "");
}

/** File content as the worker takes it: a string, or a copy of the bytes it may own. */
export function toTransferable(data: string | ArrayBuffer | ArrayBufferView): string | ArrayBuffer {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return data.slice(0);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
}

function toFileSource(path: string, file: FileInput): FileSource {
  if (typeof file === "string" || file instanceof ArrayBuffer || ArrayBuffer.isView(file)) {
    return { data: toTransferable(file) };
  }
  if (file && typeof file === "object" && "url" in file) return { url: new URL(file.url, document.baseURI).href };
  if (file && typeof file === "object" && "data" in file) return toFileSource(path, file.data);
  throw new MountOptionError(`files["${path}"]`, "must be a string, bytes, {data} or {url}");
}

function stringList(option: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new MountOptionError(option, "must be a list of strings");
  }
  return value;
}

function absoluteFolder(url: string): string {
  const absolute = new URL(url, document.baseURI).href;
  return absolute.endsWith("/") ? absolute : absolute + "/";
}
