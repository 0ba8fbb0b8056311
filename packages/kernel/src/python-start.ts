/**
 * Starting Python for the app, the fast way when the bundle allows it.
 *
 * The runtime build ships two files next to the lock (fetched and decoded by boot-files.ts,
 * which keeps them decoded between visits): `snapshot.bin.zst`, a memory snapshot of an
 * interpreter with Streamlit and the shim imported, and `site-packages.img.zst`, the files of
 * the vendored wheels in one image. Restoring the first skips Python's start-up and
 * `import streamlit`; writing the second from JavaScript replaces `loadPackage` unzipping
 * twelve wheels in Python. Both downloads start at once, in parallel with pyodide.mjs. When
 * either is missing or unusable (e.g. a snapshot from another Pyodide build: Pyodide checks
 * the build id), Python starts from scratch and installs from the lock as usual.
 */
import { type BootFile, openBootFile, originCaches } from "./boot-files";
import { BootError } from "./errors";
import { rememberOutput } from "./fatal";
import type { BootOptions } from "./protocol";
import { APP_HOME, type Pyodide } from "./python-runtime";
import { decodedSize, type RuntimeManifest } from "./runtime-manifest";
import { EngineState } from "./snapshot-engine";

const BOOT_PACKAGE = "wasmlit-shim";

export interface StartedPython {
  pyodide: Pyodide;
  restored: boolean;
  /** Keep the boot files decoded for the next visit (boot-files.ts); call once the app has drawn. */
  keepBootFiles(): Promise<void>;
}

/** The runtime's manifest (runtime-manifest.ts) and the folder it describes. */
export interface RuntimeInfo {
  root: string;
  manifest: Promise<RuntimeManifest | null>;
}

export async function startPython(options: BootOptions, runtime: RuntimeInfo): Promise<StartedPython> {
  const bundle = options.lockFileUrl ? new URL(".", options.lockFileUrl).href : options.pyodideUrl;
  const urls = { snapshot: bundle + "snapshot.bin.zst", siteImage: bundle + "site-packages.img.zst" };
  const open = (url: string) =>
    openBootFile(url, originCaches(), runtime.manifest.then((manifest) => decodedSize(manifest, runtime.root, url)));
  const snapshot = open(urls.snapshot);
  const siteImage = open(urls.siteImage);
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
  const files = { snapshot: await snapshot, siteImage: await siteImage };
  if (files.snapshot?.fromCache) console.info("[wasmlit] restoring the snapshot kept decoded by an earlier visit");
  if (files.snapshot) {
    try {
      return await restore(loadPyodide, config, options, files.snapshot, files.siteImage);
    } catch (error) {
      if (files.snapshot.fromCache || files.siteImage?.fromCache) {
        // A copy kept by an earlier visit did not work: forget it and use the served files
        // (which are then kept in its place).
        console.warn("[wasmlit] the kept boot files cannot be used; using the served ones.", error);
        await Promise.all([files.snapshot.forget(), files.siteImage?.forget()]);
        const served = await open(urls.snapshot);
        try {
          if (served) {
            const image = await open(urls.siteImage);
            return await restore(loadPyodide, config, options, served, image);
          }
        } catch (retryError) {
          error = retryError;
        }
      }
      console.warn("[wasmlit] the memory snapshot cannot be used; starting Python from scratch.", error);
    }
  }
  const pyodide: Pyodide = await loadPyodide(config);
  await installBootPackage(pyodide);
  return { pyodide, restored: false, keepBootFiles: async () => {} };
}

/** Python from the memory snapshot, with the vendored packages written from the site image. */
async function restore(
  loadPyodide: (config: object) => Promise<Pyodide>,
  config: object,
  options: BootOptions,
  snapshot: BootFile,
  siteImage: BootFile | null,
): Promise<StartedPython> {
  const engine = new EngineState();
  const pyodide = await loadPyodide({
    ...config,
    // Given the buffer before it is filled, Pyodide compiles its wasm while the snapshot arrives;
    // the module factory waits for the last byte before Pyodide copies it into memory.
    _loadSnapshot: snapshot.buffer ?? snapshot.content,
    createPyodideModule: await moduleFactoryWithHeap(options.pyodideUrl, snapshot.content, engine),
  });
  engine.restore((pyodide as any)._module);
  const image = await siteImage?.content.catch(() => null);
  if (image) writeSiteImage(pyodide, image);
  else await installBootPackage(pyodide);
  const keepBootFiles = async () => {
    await Promise.all([snapshot.keep(), siteImage?.keep()]);
  };
  return { pyodide, restored: true, keepBootFiles };
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
 * Pyodide's module factory, wrapped: it returns the module only once the snapshot has fully
 * arrived (Pyodide copies it into memory right after), and grows the memory first, because
 * Pyodide 314 copies a snapshot larger than the initial memory without growing it ("offset is
 * out of bounds"); one allocation grows it (the copy then overwrites the allocator's state anyway).
 */
async function moduleFactoryWithHeap(pyodideUrl: string, heap: Promise<Uint8Array>, engine: EngineState) {
  const factory = (await import(/* @vite-ignore */ pyodideUrl + "pyodide.asm.mjs")).default;
  return async (settings: object) => {
    const module = await factory(settings);
    engine.remember(module); // before the snapshot replaces this engine's choices (snapshot-engine.ts)
    const snapshotBytes = (await heap).length;
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
