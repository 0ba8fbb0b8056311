/** What the page's mount controller can ask of the running app (see WorkerMethods). */
import { installAppPackages } from "./app-packages";
import type { BootReporter } from "./boot";
import type { WorkerMethods } from "./protocol";
import { exactBuffer } from "./transfer";
import { appPath, type RunningApp, writeAppFile } from "./python-runtime";

export function controllerMethods(app: RunningApp, report: BootReporter): WorkerMethods {
  const { pyodide, bridge, options, home } = app;
  const inApp = (path: string) => appPath(path, home);
  return {
    async writeFile(path, data) {
      const written = writeAppFile(pyodide, path, typeof data === "string" ? data : new Uint8Array(data), home);
      // New imports in Python code are installed before the rerun that needs them.
      if (written.endsWith(".py")) await installAppPackages(pyodide, options, home, report, []);
      bridge.file_changed(written);
    },
    readFile(path, encoding) {
      const content: Uint8Array = pyodide.FS.readFile(inApp(path));
      return encoding === "utf8" ? new TextDecoder().decode(content) : exactBuffer(content);
    },
    renameFile(oldPath, newPath) {
      const target = inApp(newPath);
      pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
      pyodide.FS.rename(inApp(oldPath), target);
      bridge.file_changed(inApp(oldPath));
      bridge.file_changed(target);
    },
    unlink(path) {
      pyodide.FS.unlink(inApp(path));
      bridge.file_changed(inApp(path));
    },
    async runPython(code) {
      pyodide.FS.chdir(home); // in a shared worker, another app's run may have moved it
      const result = await pyodide.runPythonAsync(code);
      if (result && typeof result.toJs === "function") {
        const value = result.toJs({ dict_converter: Object.fromEntries });
        result.destroy();
        return value;
      }
      return result;
    },
    metrics() {
      return JSON.parse(bridge.metrics_json());
    },
    async install(requirements) {
      const packages = pyodide.pyimport("wasmlit_shim.packages");
      const problems = await packages.install_requirements(pyodide.toPy(requirements), options.packageIndexUrl ?? null);
      const found: { message: string; detail: string }[] = problems.toJs({ dict_converter: Object.fromEntries });
      problems.destroy();
      if (found.length) throw new Error(found.map((problem) => `${problem.message}\n${problem.detail}`).join("\n"));
    },
  };
}
