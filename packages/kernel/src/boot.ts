/**
 * Boot: Pyodide from the bundle, Streamlit and the shim from the lock, the app's
 * persistent folders, files and archives, the packages it needs, then Streamlit's ASGI
 * app. Where the app lives in the interpreter (alone, or among a shared worker's apps)
 * is its AppPlace.
 */
import { type AppPlace, ALONE } from "./app-place";
import { installAppPackages, loadPrebuiltPackages, packageFailure } from "./app-packages";
import { unpackArchives } from "./archives";
import { enableInterrupts } from "./control-buffer";
import { BootError } from "./errors";
import { onFatalError } from "./fatal";
import { answerOwnRoutes } from "./own-routes";
import { bootBytes, watchDownloads } from "./download-progress";
import { fetchManifest } from "./runtime-manifest";
import { startPython } from "./python-start";
import { loadHostFolders } from "./host-folders";
import { restorePersistentFolders, saveAfterEveryRun } from "./persistence";
import type { BootOptions, BootStage } from "./protocol";
import { type Pyodide, type RunningApp, writeAppFile } from "./python-runtime";

export interface BootReporter {
  progress(stage: BootStage, message: string): void;
  /** Something failed but the app can still run (e.g. a package that could not be fetched). */
  problem(message: string, detail: string): void;
  /** Packages the app imports are about to be installed; call the result when they are (with an error, if not). */
  autoLoad?(packages: string[]): (error?: string) => void;
  /** The interpreter died (fatal.ts): the app can only come back in a fresh worker. */
  crash?(message: string, detail: string): void;
}

/** The Pyodide version this bundle was built against (set by scripts/build-js.mjs). */
declare const __PYODIDE_VERSION__: string;

export async function boot(options: BootOptions, report: BootReporter, place: AppPlace = ALONE): Promise<RunningApp> {
  const phases = new BootPhases();
  let keepBootFiles = async () => {};
  const bundle = new URL("..", options.lockFileUrl ?? options.pyodideUrl + "pyodide-lock.json").href;
  const pyodide = await place.interpreter(async () => {
    const manifest = fetchManifest(bundle);
    const stopWatching = watchDownloads(bundle, bootBytes(manifest), (text) => report.progress("runtime", text));
    const started = await startPython(options, { root: bundle, manifest }).finally(stopWatching);
    const { pyodide, restored } = started;
    keepBootFiles = started.keepBootFiles;
    checkPyodideVersion(pyodide, options);
    phases.end(restored ? "restore snapshot + write Streamlit's files" : "load Pyodide + install Streamlit");
    return pyodide;
  });
  if (report.crash) onFatalError(pyodide, report.crash);

  report.progress("files", "Writing the app's files");
  const persistent = (options.idbfsMountpoints ?? []).map((folder) =>
    folder.startsWith("/") ? folder : `${place.home}/${folder.replace(/^\.?\/+/, "")}`,
  );
  await restorePersistentFolders(pyodide, persistent);
  await loadHostFolders(pyodide, options.hostFolders ?? []);
  await writeFiles(pyodide, options.files, place.home);
  await unpackArchives(pyodide, options.archives ?? [], place.home);
  phases.end("write files");

  report.progress("packages", "Installing the app's packages");
  await loadPrebuiltPackages(pyodide, options.prebuiltPackageNames ?? [], report);
  const missing = await installAppPackages(pyodide, options, place.home, report, options.requirements, true);
  phases.end("install app packages");

  report.progress("app", "Starting the app");
  const environment = pyodide.pyimport("wasmlit_shim.bridge");
  environment.set_environment(pyodide.toPy(options.env));
  environment.report_problems_to((message: string, detail: string) => report.problem(message, detail));
  environment.destroy();
  const bridge = await place.start(pyodide, options).catch((error: unknown) => {
    // One failure, one notice: when the start fails on a package that could not be had, that is the error.
    const failure = packageFailure(pyodide, error);
    for (const other of missing.filter((problem) => problem.package !== failure?.problem.package)) {
      report.problem(other.message, other.detail);
    }
    throw failure ? new BootError(failure.problem.message, failure.problem.detail) : error;
  });
  for (const problem of missing) report.problem(problem.message, problem.detail);
  if (place.alone) answerOwnRoutes(bundle, bridge);
  saveAfterEveryRun(pyodide);
  keepBootFilesAfterFirstRun(pyodide, keepBootFiles);
  if (options.interruptBuffer) enableInterrupts(pyodide, options.interruptBuffer);
  phases.end("start Streamlit");
  phases.log();
  const metrics = pyodide.pyimport("wasmlit_shim.metrics");
  metrics.set_boot_phases(pyodide.toPy(phases.durations));
  metrics.destroy();
  return { pyodide, bridge, options, home: place.home };
}

/**
 * A self-hosted Pyodide (`pyodideUrl`) must be the version the bundle's wheels and lock
 * were made for; say which versions differ rather than fail later on an odd error.
 */
function checkPyodideVersion(pyodide: Pyodide, options: BootOptions): void {
  const expected = typeof __PYODIDE_VERSION__ === "string" ? __PYODIDE_VERSION__ : pyodide.version;
  if (pyodide.version !== expected) {
    throw new BootError(
      `pyodideUrl points to Pyodide ${pyodide.version}; this wasmlit bundle needs Pyodide ${expected}`,
      `pyodideUrl: ${options.pyodideUrl}`,
    );
  }
}

/**
 * Copying the decoded boot files into Cache Storage (80 MB) made a cold first render 0.6 s
 * slower when done during boot (bench/run.py, 50 Mbps): it waits until the first run has ended.
 */
function keepBootFilesAfterFirstRun(pyodide: Pyodide, keepBootFiles: () => Promise<void>): void {
  let done = false;
  const bridge = pyodide.pyimport("wasmlit_shim.bridge");
  bridge.on_script_finished(() => {
    if (done) return;
    done = true;
    void keepBootFiles();
  });
  bridge.destroy();
}

/** Where boot time goes, logged once (bench/ reads it; so can anyone wondering why boot is slow). */
class BootPhases {
  readonly durations: Record<string, number> = {};
  private last = performance.now();

  end(phase: string): void {
    const now = performance.now();
    this.durations[phase] = Math.round(now - this.last);
    this.last = now;
  }

  log(): void {
    console.info("[wasmlit] boot phases (ms) " + JSON.stringify(this.durations));
  }
}

async function writeFiles(pyodide: Pyodide, files: BootOptions["files"], home: string): Promise<void> {
  const entries = Object.entries(files);
  // Fetch everything first, so a missing file fails the boot before anything is written.
  const contents = await Promise.all(
    entries.map(async ([path, source]) => {
      if ("data" in source) return typeof source.data === "string" ? source.data : new Uint8Array(source.data);
      const response = await fetch(source.url);
      if (!response.ok) {
        throw new BootError(
          `Could not fetch the app file "${path}"`,
          `GET ${source.url} answered ${response.status} ${response.statusText}`,
        );
      }
      return new Uint8Array(await response.arrayBuffer());
    }),
  );
  entries.forEach(([path], index) => writeAppFile(pyodide, path, contents[index], home));
}
