/**
 * Starting Python for the app, the fast way when the bundle allows it.
 *
 * The runtime build ships two files next to the lock: `snapshot.bin.gz`, a memory snapshot of
 * an interpreter with Streamlit and the shim imported, and `site-packages.img.gz`, the files of
 * the vendored wheels in one image. Restoring the first skips Python's start-up and
 * `import streamlit`; writing the second from JavaScript replaces `loadPackage` unzipping
 * twelve wheels in Python. Both downloads start at once, in parallel with pyodide.mjs. When
 * either is missing or unusable (e.g. a snapshot from another Pyodide build: Pyodide checks
 * the build id), Python starts from scratch and installs from the lock as usual.
 */
import { BootError } from "./errors";
import { rememberOutput } from "./fatal";
import type { BootOptions } from "./protocol";
import { APP_HOME, type Pyodide } from "./python-runtime";
import { EngineState } from "./snapshot-engine";

const BOOT_PACKAGE = "wasmlit-shim";

export async function startPython(options: BootOptions): Promise<{ pyodide: Pyodide; restored: boolean }> {
  const bundle = options.lockFileUrl ? new URL(".", options.lockFileUrl).href : options.pyodideUrl;
  const snapshot = openInflated(bundle + "snapshot.bin.gz");
  const siteImage = openInflated(bundle + "site-packages.img.gz");
  const { loadPyodide } = await import(/* @vite-ignore */ options.pyodideUrl + "pyodide.mjs");
  const config = {
    indexURL: options.pyodideUrl,
    // Streamlit and the shim are in the bundle's lock, wherever Pyodide itself comes from.
    ...(options.lockFileUrl ? { lockFileURL: options.lockFileUrl } : {}),
    env: { HOME: APP_HOME, ...options.env },
    // A fatal error prints the Python stack to the output (fatal.ts keeps the last lines).
    stdout: (line: string) => {
      console.log(line);
      rememberOutput(line);
    },
    stderr: (line: string) => {
      console.warn(line);
      rememberOutput(line);
    },
  };

  // Start Pyodide as soon as the snapshot is known to exist: it fetches its wasm and its
  // JavaScript while the snapshot is still downloading.
  const heap = (await snapshot)?.content;
  if (heap) {
    try {
      const engine = new EngineState();
      const pyodide: Pyodide = await loadPyodide({
        ...config,
        _loadSnapshot: heap,
        createPyodideModule: await moduleFactoryWithHeap(options.pyodideUrl, heap, engine),
      });
      engine.restore((pyodide as any)._module);
      const image = await (await siteImage)?.content.catch(() => null);
      if (image) writeSiteImage(pyodide, image);
      else await installBootPackage(pyodide);
      return { pyodide, restored: true };
    } catch (error) {
      console.warn("[wasmlit] the memory snapshot cannot be used; starting Python from scratch.", error);
    }
  }
  const pyodide: Pyodide = await loadPyodide(config);
  await installBootPackage(pyodide);
  return { pyodide, restored: false };
}

async function installBootPackage(pyodide: Pyodide): Promise<void> {
  const failures: string[] = [];
  await pyodide.loadPackage([BOOT_PACKAGE], {
    messageCallback: () => {},
    errorCallback: (line: string) => failures.push(line),
  });
  if (failures.length > 0) throw new BootError("Could not install Streamlit", failures.join("\n"));
}

/**
 * The file at `url`, gunzipped here as it arrives (so any static host serves it as it is):
 * null as soon as the file is known to be absent, else its content to come.
 */
async function openInflated(url: string): Promise<{ content: Promise<Uint8Array> } | null> {
  const response = await fetch(url).catch(() => null);
  if (!response?.ok || !response.body) return null;
  const content = inflate(response.body);
  content.catch(() => {}); // a failed download is handled where the content is awaited
  return { content };
}

async function inflate(body: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<Uint8Array> {
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) throw new Error("empty file");
  const whole = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start: (controller) => controller.enqueue(first.value),
    pull: async (controller) => {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  const gzipped = first.value[0] === 0x1f && first.value[1] === 0x8b; // a host may already have inflated it
  const stream: ReadableStream<Uint8Array> = gzipped ? whole.pipeThrough(new DecompressionStream("gzip")) : whole;
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Pyodide 314 copies a snapshot into the fresh module's memory without growing it first, so a
 * heap larger than the initial memory fails with "offset is out of bounds". Grow it by one
 * allocation before the copy (the copy then overwrites the allocator's state anyway).
 */
async function moduleFactoryWithHeap(pyodideUrl: string, heap: Promise<Uint8Array>, engine: EngineState) {
  const factory = (await import(/* @vite-ignore */ pyodideUrl + "pyodide.asm.mjs")).default;
  return async (settings: object) => {
    const snapshotBytes = (await heap).length; // already there: Pyodide awaits the snapshot first
    const module = await factory(settings);
    engine.remember(module); // before the snapshot replaces this engine's choices (snapshot-engine.ts)
    if (module.HEAP8.length < snapshotBytes) module._malloc(snapshotBytes);
    return module;
  };
}

/** Write the vendored packages' files (format: python/wasmlit/runtime_build/site_image.py). */
function writeSiteImage(pyodide: Pyodide, image: Uint8Array): void {
  const manifestLength = new DataView(image.buffer, image.byteOffset).getUint32(0, true);
  const manifest: { packages: string[]; files: [string, number][] } = JSON.parse(
    new TextDecoder().decode(image.subarray(4, 4 + manifestLength)),
  );
  const sitePackages: string = pyodide.runPython("import site; site.getsitepackages()[0]");
  const made = new Set<string>();
  let offset = 4 + manifestLength;
  for (const [path, size] of manifest.files) {
    const target = `${sitePackages}/${path}`;
    const folder = target.slice(0, target.lastIndexOf("/"));
    if (!made.has(folder)) {
      pyodide.FS.mkdirTree(folder);
      made.add(folder);
    }
    pyodide.FS.writeFile(target, image.subarray(offset, offset + size));
    offset += size;
  }
  // Later loadPackage calls (a lock package depending on, say, packaging) must not reinstall them.
  for (const name of manifest.packages) pyodide.loadedPackages[name] = "wasmlit bundle";
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
}
