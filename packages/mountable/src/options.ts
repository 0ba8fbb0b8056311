/**
 * mount()'s options, as pages written for stlite pass them, checked and split into what
 * the worker needs (BootOptions) and what the page side needs (PageOptions). A plain
 * string is the content of `streamlit_app.py`. An unknown or ill-typed option throws a
 * MountOptionError naming it, before anything starts.
 */
import type { ArchiveSource, BootOptions, FileSource } from "@wasmlit/kernel/src/protocol";
import type { ArchiveInput, FileData, FileInput, MountOptions } from "./api";

export type { FileInput, MountOptions };

/** What mount() itself (not the worker) does with the options. */
export interface PageOptions {
  hostConfig?: Record<string, unknown>;
  sharedWorker: boolean;
  /** Ask the service worker for cross-origin isolation (sw-client/isolate-page.ts). */
  crossOriginIsolation: boolean;
  disableProgressToasts: boolean;
  disableErrorToasts: boolean;
  disableModuleAutoLoadToasts: boolean;
  disableDocumentStyles: boolean;
  styleNonce?: string;
  /** Unset: the tab follows the app's title where the app fills the page. */
  followAppTitle?: boolean;
}

export interface ParsedOptions {
  boot: BootOptions;
  page: PageOptions;
}

const DEFAULT_ENTRYPOINT = "streamlit_app.py";

/** Shared-worker apps mounted by this page so far (see BootOptions.sharedSlot). */
let sharedApps = 0;

/** Python's shutil.unpack_archive formats and the extensions Pyodide accepts for them. */
const ARCHIVE_FORMATS = [
  "zip", "tar", "gztar", "bztar", "xztar", "zstdtar", "wheel",
  "tar.gz", "tgz", "tar.bz2", "tbz2", "tar.xz", "txz", "tar.zst", "tzst", "whl",
];

export class MountOptionError extends Error {
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`wasmlit.mount(): option "${option}" ${problem}`);
    this.name = "MountOptionError";
  }
}

type Check = (value: unknown, name: string) => void;

/** Every option mount() knows, with the check its value must pass. */
const CHECKS: Record<keyof MountOptions, Check> = {
  entrypoint: nonEmptyString,
  files: (value, name) => {
    plainObject(value, name);
    for (const [path, file] of Object.entries(value as object)) checkFile(file, `${name}["${path}"]`);
  },
  requirements: stringList,
  prebuiltPackageNames: stringList,
  archives: (value, name) => {
    if (!Array.isArray(value)) throw new MountOptionError(name, "must be a list of {url | buffer, format}");
    value.forEach((archive, index) => checkArchive(archive, `${name}[${index}]`));
  },
  pyodideUrl: nonEmptyString,
  streamlitConfig: (value, name) => {
    plainObject(value, name);
    for (const [key, item] of Object.entries(value as object)) {
      const ok = isScalar(item) || (Array.isArray(item) && item.every(isScalar));
      if (!ok) throw new MountOptionError(`${name}["${key}"]`, "must be a string, number, boolean or a list of them");
    }
  },
  env: (value, name) => {
    plainObject(value, name);
    for (const [key, item] of Object.entries(value as object)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        throw new MountOptionError(`${name}["${key}"]`, "is not a valid environment variable name");
      }
      if (typeof item !== "string") throw new MountOptionError(`${name}["${key}"]`, "must be a string");
    }
  },
  idbfsMountpoints: stringList,
  hostFolders: (value, name) => {
    if (!Array.isArray(value)) throw new MountOptionError(name, "must be a list of {path, url}");
    value.forEach((folder, index) => {
      plainObject(folder, `${name}[${index}]`);
      const { path, url } = folder as { path?: unknown; url?: unknown };
      if (typeof path !== "string" || !path.startsWith("/") || path === "/") {
        throw new MountOptionError(`${name}[${index}].path`, "must be an absolute folder path such as /mnt/data");
      }
      nonEmptyString(url, `${name}[${index}].url`);
    });
  },
  sharedWorker: boolean,
  crossOriginIsolation: boolean,
  hostConfig: plainObject,
  disableProgressToasts: boolean,
  disableErrorToasts: boolean,
  disableModuleAutoLoadToasts: boolean,
  disableDocumentStyles: boolean,
  mountDocumentStyles: boolean,
  followAppTitle: boolean,
  styleNonce: nonEmptyString,
  packageIndexUrl: nonEmptyString,
  bundleUrl: nonEmptyString, // read by the entry points (bundle-url.ts)
  wheelUrls: plainObject,
  installs: (value, name) => {
    if (!Array.isArray(value)) throw new MountOptionError(name, "must be a list of {requirements, options?}");
    value.forEach((install, index) => {
      plainObject(install, `${name}[${index}]`);
      stringList((install as { requirements?: unknown }).requirements, `${name}[${index}].requirements`);
    });
  },
};

/** stlite options wasmlit knows but does not offer, with why (a clear error beats a silent no-op). */
const UNSUPPORTED: Record<string, string> = {
  languageServer: "is not supported by wasmlit: there is no code completion (getCodeCompletion) yet",
};

export function parseMountOptions(input: MountOptions | string, bundleUrl: string): ParsedOptions {
  const options: MountOptions = typeof input === "string" ? { files: { [DEFAULT_ENTRYPOINT]: input } } : input;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new MountOptionError("options", "must be an object, or a string of app code");
  }
  for (const [name, value] of Object.entries(options)) {
    if (name in UNSUPPORTED) throw new MountOptionError(name, UNSUPPORTED[name]);
    const check = CHECKS[name as keyof MountOptions];
    if (!check) throw new MountOptionError(name, `is not a mount() option${suggestion(name)}`);
    if (value !== undefined) check(value, name);
  }
  if (options.wheelUrls) {
    console.warn("wasmlit.mount(): `wheelUrls` is ignored; wasmlit runs stock Streamlit from its own bundle.");
  }

  const entrypoint = normalizePath(options.entrypoint ?? DEFAULT_ENTRYPOINT);
  const files = Object.fromEntries(
    Object.entries(options.files ?? {}).map(([path, file]) => [normalizePath(path), toFileSource(file)]),
  );
  const archives = (options.archives ?? []).map(toArchiveSource);
  if (!(entrypoint in files) && !archives.length) {
    throw new MountOptionError("entrypoint", `names "${entrypoint}", which is not among the files`);
  }
  const pyodideFolder = new URL("pyodide/", bundleUrl).href;
  const sharedWorker = options.sharedWorker ?? false;
  return {
    boot: {
      entrypoint,
      files,
      archives,
      requirements: [...(options.requirements ?? []), ...(options.installs ?? []).flatMap((install) => install.requirements)],
      prebuiltPackageNames: options.prebuiltPackageNames ?? [],
      streamlitConfig: options.streamlitConfig ?? {},
      env: options.env ?? {},
      pyodideUrl: options.pyodideUrl ? pyodideFolderOf(options.pyodideUrl) : pyodideFolder,
      lockFileUrl: pyodideFolder + "pyodide-lock.json",
      packageIndexUrl: options.packageIndexUrl && absoluteFolder(options.packageIndexUrl),
      idbfsMountpoints: options.idbfsMountpoints ?? [],
      hostFolders: (options.hostFolders ?? []).map((folder) => ({
        path: folder.path.replace(/\/+$/, ""),
        url: absoluteFolder(new URL(folder.url, document.baseURI).href),
      })),
      ...(sharedWorker ? { sharedSlot: ++sharedApps } : {}),
    },
    page: {
      hostConfig: options.hostConfig,
      sharedWorker,
      crossOriginIsolation: options.crossOriginIsolation ?? true,
      disableProgressToasts: options.disableProgressToasts ?? false,
      disableErrorToasts: options.disableErrorToasts ?? false,
      disableModuleAutoLoadToasts: options.disableModuleAutoLoadToasts ?? false,
      disableDocumentStyles: options.disableDocumentStyles ?? options.mountDocumentStyles === false,
      styleNonce: options.styleNonce,
      followAppTitle: options.followAppTitle,
    },
  };
}

/** File content as the worker takes it: a string, or a copy of the bytes it may own. */
export function toTransferable(data: FileData): string | ArrayBuffer {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return data.slice(0);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
}

function normalizePath(path: string): string {
  return path.replace(/^\.?\/+/, "");
}

function isFileData(value: unknown): value is FileData {
  return typeof value === "string" || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function checkFile(file: unknown, name: string): void {
  if (isFileData(file)) return;
  if (file && typeof file === "object") {
    const { data, url, opts } = file as { data?: unknown; url?: unknown; opts?: unknown };
    if (opts !== undefined) plainObject(opts, `${name}.opts`);
    if ("data" in file && isFileData(data)) return;
    if ("url" in file && typeof url === "string" && url) return;
  }
  throw new MountOptionError(name, "must be a string, bytes, {data, opts?} or {url, opts?}");
}

function toFileSource(file: FileInput): FileSource {
  if (isFileData(file)) return { data: toTransferable(file) };
  // A relative URL is the page's, not the worker's: resolve it here.
  if ("url" in file) return { url: new URL(file.url, document.baseURI).href };
  return { data: toTransferable(file.data) };
}

function checkArchive(archive: unknown, name: string): void {
  if (!archive || typeof archive !== "object") throw new MountOptionError(name, "must be {url | buffer, format}");
  const { url, buffer, format, options } = archive as Record<string, unknown>;
  const hasUrl = typeof url === "string" && url !== "";
  const hasBuffer = buffer instanceof ArrayBuffer || ArrayBuffer.isView(buffer);
  if (hasUrl === hasBuffer) throw new MountOptionError(name, "must have either a `url` or a `buffer`");
  if (typeof format !== "string" || !ARCHIVE_FORMATS.includes(format.replace(/^\./, ""))) {
    throw new MountOptionError(`${name}.format`, `must be one of ${ARCHIVE_FORMATS.join(", ")}`);
  }
  if (options !== undefined) {
    plainObject(options, `${name}.options`);
    const { extractDir } = options as { extractDir?: unknown };
    if (extractDir !== undefined) nonEmptyString(extractDir, `${name}.options.extractDir`);
  }
}

function toArchiveSource(archive: ArchiveInput): ArchiveSource {
  const extractDir = archive.options?.extractDir;
  const source = "url" in archive ? { url: new URL(archive.url, document.baseURI).href } : { data: toTransferable(archive.buffer) as ArrayBuffer };
  return { format: archive.format.replace(/^\./, ""), ...(extractDir ? { extractDir } : {}), ...source };
}

/** stlite's `pyodideUrl` names pyodide.js or pyodide.mjs; a folder works too. */
function pyodideFolderOf(url: string): string {
  const absolute = new URL(url, document.baseURI);
  absolute.pathname = absolute.pathname.replace(/\/pyodide\.m?js$/, "/");
  return absoluteFolder(absolute.href);
}

function absoluteFolder(url: string): string {
  const absolute = new URL(url, document.baseURI).href;
  return absolute.endsWith("/") ? absolute : absolute + "/";
}

function isScalar(value: unknown): boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function nonEmptyString(value: unknown, name: string): void {
  if (typeof value !== "string" || value === "") throw new MountOptionError(name, "must be a non-empty string");
}

function boolean(value: unknown, name: string): void {
  if (typeof value !== "boolean") throw new MountOptionError(name, "must be true or false");
}

function stringList(value: unknown, name: string): void {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new MountOptionError(name, "must be a list of strings");
  }
}

function plainObject(value: unknown, name: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MountOptionError(name, "must be an object");
  }
}

/** ` (did you mean "requirements"?)` for a near miss of a known option. */
function suggestion(name: string): string {
  const close = Object.keys(CHECKS).find(
    (known) => known.toLowerCase() === name.toLowerCase() || editDistance(known, name) <= 2,
  );
  return close ? ` (did you mean "${close}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
