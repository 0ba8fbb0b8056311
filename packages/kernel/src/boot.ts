/**
 * Boot: Pyodide from the bundle, Streamlit and the shim from the lock, the app's files,
 * the packages the app imports, then Streamlit's ASGI app.
 */
import { BootError } from "./errors";
import type { BootOptions, BootStage } from "./protocol";
import { APP_HOME, type PyProxy, type Pyodide, type RunningApp, writeAppFile } from "./python-runtime";

export interface BootReporter {
  progress(stage: BootStage, message: string): void;
  /** Something failed but the app can still run (e.g. a package that could not be fetched). */
  problem(message: string, detail: string): void;
}

export async function boot(options: BootOptions, report: BootReporter): Promise<RunningApp> {
  report.progress("runtime", "Downloading the Python runtime");
  const { loadPyodide } = await import(/* @vite-ignore */ options.pyodideUrl + "pyodide.mjs");
  const pyodide: Pyodide = await loadPyodide({
    indexURL: options.pyodideUrl,
    env: { HOME: APP_HOME, ...options.env },
    stdout: (line: string) => console.log(line),
    stderr: (line: string) => console.warn(line),
  });

  report.progress("packages", "Installing Streamlit");
  const failures: string[] = [];
  await pyodide.loadPackage(["wasmlit-shim"], {
    messageCallback: () => {},
    errorCallback: (line: string) => failures.push(line),
  });
  if (failures.length > 0) throw new BootError("Could not install Streamlit", failures.join("\n"));

  report.progress("files", "Writing the app's files");
  await writeFiles(pyodide, options.files);

  report.progress("packages", "Installing the app's packages");
  const packages = pyodide.pyimport("wasmlit_shim.packages");
  const problems: PyProxy = await packages.install_for_app(
    APP_HOME,
    options.entrypoint,
    pyodide.toPy(options.requirements),
    options.packageIndexUrl ?? null,
    (name: string) => report.progress("packages", `Installing ${name}`),
  );
  for (const problem of problems.toJs({ dict_converter: Object.fromEntries })) {
    report.problem(problem.message, problem.detail);
  }
  problems.destroy();

  report.progress("app", "Starting the app");
  const bridge = pyodide.pyimport("wasmlit_shim.bridge");
  await bridge.start(`${APP_HOME}/${options.entrypoint}`, pyodide.toPy(options.streamlitConfig));
  return { pyodide, bridge, options };
}

async function writeFiles(pyodide: Pyodide, files: BootOptions["files"]): Promise<void> {
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
  entries.forEach(([path], index) => writeAppFile(pyodide, path, contents[index]));
}
