/**
 * `hostFolders`: folders of the user's machine that the app reads and writes (wasmlit
 * desktop's `--mount HOST_DIR:/mnt/data`), through the server that serves the page.
 *
 * At boot every file is copied into the app's file system (so reads are plain reads). After
 * that the folder is written through: each file the app closes after writing it, each
 * folder it makes, each removal and rename is sent to the host at once, with a synchronous
 * request (a worker may make them; the script waits a few milliseconds on a loopback
 * server). Nothing waits to be synced, so closing the window mid-run loses nothing the
 * app had finished writing.
 *
 * Limits (the README says them too): everything is held in memory, so the folder may hold
 * at most MAX_BYTES; a file the app keeps open is sent when it closes it; changes made on
 * disk by other programs while the app runs are not seen until the next launch, and the
 * app's writes replace them.
 */
import { BootError } from "./errors";
import { DESTINATION_HEADER, type HostFolder, type HostListing, LIST_QUERY } from "./host-folder-wire";
import type { Pyodide } from "./python-runtime";

export const MAX_BYTES = 512 * 1024 * 1024;
const WRITE_ACCESS = 3; // O_WRONLY | O_RDWR: the low two bits of a stream's flags

/** Copy each host folder into the file system, then write every change through. */
export async function loadHostFolders(pyodide: Pyodide, folders: HostFolder[]): Promise<void> {
  if (!folders.length) return;
  for (const folder of folders) await copyIn(pyodide, folder);
  writeThrough(pyodide, folders);
}

async function copyIn(pyodide: Pyodide, folder: HostFolder): Promise<void> {
  const listing = (await fetchOk(folder.url + LIST_QUERY, folder).then((answer) => answer.json())) as HostListing;
  const total = listing.files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_BYTES) {
    throw new BootError(
      `The folder mounted at ${folder.path} holds ${(total / 1e6).toFixed(0)} MB; at most ${MAX_BYTES / 1e6} MB can be mounted`,
      "Every file of a mounted folder is held in memory. Mount a smaller folder.",
    );
  }
  pyodide.FS.mkdirTree(folder.path);
  for (const relative of listing.folders) pyodide.FS.mkdirTree(`${folder.path}/${relative}`);
  for (const file of listing.files) {
    const bytes = await fetchOk(folder.url + encodePath(file.path), folder).then((answer) => answer.arrayBuffer());
    pyodide.FS.writeFile(`${folder.path}/${file.path}`, new Uint8Array(bytes));
  }
}

async function fetchOk(url: string, folder: HostFolder): Promise<Response> {
  const answer = await fetch(url, { cache: "no-store" }).catch((error) => {
    throw new BootError(`Could not read the folder mounted at ${folder.path}`, `${url}: ${error}`);
  });
  if (!answer.ok) {
    throw new BootError(`Could not read the folder mounted at ${folder.path}`, `${url}: ${answer.status} ${await answer.text()}`);
  }
  return answer;
}

/** Wrap the file system's own operations, which every Python file call ends in. */
export function writeThrough(pyodide: Pyodide, folders: HostFolder[]): void {
  const FS = pyodide.FS;
  const hostUrl = (path: string): string | null => {
    for (const folder of folders) {
      if (path.startsWith(folder.path + "/")) return folder.url + encodePath(path.slice(folder.path.length + 1));
    }
    return null;
  };
  const after = <A extends unknown[], R>(operation: (...args: A) => R, send: (...args: A) => void) =>
    function (this: unknown, ...args: A): R {
      const result = operation.apply(this, args);
      send(...args);
      return result;
    };
  FS.close = after(FS.close, (stream: { path?: string; flags: number }) => {
    const url = stream.path && (stream.flags & WRITE_ACCESS) !== 0 ? hostUrl(stream.path) : null;
    if (url) request("PUT", url, FS.readFile(stream.path));
  });
  FS.mkdir = after(FS.mkdir, (path: string) => {
    const url = hostUrl(absolute(FS, path));
    if (url) request("PUT", url + "/");
  });
  FS.rmdir = after(FS.rmdir, (path: string) => {
    const url = hostUrl(absolute(FS, path));
    if (url) request("DELETE", url + "/");
  });
  FS.unlink = after(FS.unlink, (path: string) => {
    const url = hostUrl(absolute(FS, path));
    if (url) request("DELETE", url);
  });
  FS.rename = after(FS.rename, (from: string, to: string) => {
    const [source, target] = [hostUrl(absolute(FS, from)), hostUrl(absolute(FS, to))];
    if (source && target) request("MOVE", source, undefined, target);
    else if (target && FS.isFile(FS.stat(to).mode)) request("PUT", target, FS.readFile(to)); // moved in from elsewhere
    else if (source) request("DELETE", source); // moved out
  });
}

/** An absolute path for a path that may be relative to the working directory. */
function absolute(FS: any, path: string): string {
  return path.startsWith("/") ? path : `${FS.cwd()}/${path}`.replace(/\/+/g, "/");
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function request(method: string, url: string, body?: Uint8Array, destination?: string): void {
  const xhr = new XMLHttpRequest();
  xhr.open(method, url, false); // synchronous: the change is on disk before the script goes on
  if (destination) xhr.setRequestHeader(DESTINATION_HEADER, destination);
  try {
    xhr.send((body as Uint8Array<ArrayBuffer> | undefined) ?? null);
  } catch (error) {
    console.error(`wasmlit: could not save ${url} to the mounted folder`, error);
    return;
  }
  if (xhr.status >= 300) console.error(`wasmlit: could not save ${url} to the mounted folder: ${xhr.status} ${xhr.responseText}`);
}
