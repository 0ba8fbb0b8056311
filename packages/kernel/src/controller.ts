/** What the page's mount controller can ask of the running app (see WorkerMethods). */
import type { WorkerMethods } from "./protocol";
import { exactBuffer } from "./protocol";
import { appPath, type RunningApp, writeAppFile } from "./python-runtime";

export function controllerMethods({ pyodide, bridge, options }: RunningApp): WorkerMethods {
  return {
    writeFile(path, data) {
      bridge.file_changed(writeAppFile(pyodide, path, typeof data === "string" ? data : new Uint8Array(data)));
    },
    readFile(path, encoding) {
      const content: Uint8Array = pyodide.FS.readFile(appPath(path));
      return encoding === "utf8" ? new TextDecoder().decode(content) : exactBuffer(content);
    },
    renameFile(oldPath, newPath) {
      const target = appPath(newPath);
      pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
      pyodide.FS.rename(appPath(oldPath), target);
      bridge.file_changed(appPath(oldPath));
      bridge.file_changed(target);
    },
    unlink(path) {
      pyodide.FS.unlink(appPath(path));
      bridge.file_changed(appPath(path));
    },
    async runPython(code) {
      const result = await pyodide.runPythonAsync(code);
      if (result && typeof result.toJs === "function") {
        const value = result.toJs({ dict_converter: Object.fromEntries });
        result.destroy();
        return value;
      }
      return result;
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
