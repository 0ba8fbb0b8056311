/**
 * Starting the Pyodide worker (an ES module: Pyodide refuses classic workers) from wherever
 * the page is.
 *
 * - Bundle on the page's origin: a module worker straight from its URL.
 * - Bundle on another origin: browsers refuse a worker script from another origin, so a
 *   same-origin blob worker imports it (the bundle's host must allow CORS).
 * - Page with an opaque origin (opened from `file://`, or a sandboxed frame): Chromium
 *   refuses a module worker made from that page's blob, but starts one from a `data:` URL
 *   (its origin is opaque too, as the page's is), and it imports the worker the same way.
 */

export function startDedicatedWorker(url: string): Worker {
  return new Worker(workerScript(url), { type: "module" });
}

/**
 * The origin's shared wasmlit worker. SharedWorkers are shared by script URL and name, so
 * every mount of this page (and, for a same-origin bundle, every tab) reaches the same one;
 * a restart moves the page's shared apps to a new name (shared-restart.ts).
 */
export function startSharedWorker(url: string, name: string): SharedWorker {
  const worker = new SharedWorker(workerScript(url), { type: "module", name });
  worker.port.start();
  return worker;
}

/** A script URL this page may start a worker from, that runs the module at `url`. */
function workerScript(url: string): string {
  const importIt = `import ${JSON.stringify(url)};`;
  if (pageHasOpaqueOrigin()) return `data:text/javascript,${encodeURIComponent(importIt)}`;
  if (new URL(url, location.href).origin === location.origin) return url;
  return blobScript(importIt);
}

function pageHasOpaqueOrigin(): boolean {
  // Chromium's location.origin says "file://" for a file page; its self.origin says "null".
  return self.origin === "null" || location.protocol === "file:";
}

const blobs = new Map<string, string>();

/** One blob URL per source and page, so shared workers made from it stay shared. */
function blobScript(source: string): string {
  let url = blobs.get(source);
  if (!url) {
    url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    blobs.set(source, url);
  }
  return url;
}
