/**
 * Python's own answers for the editor, computed in the app's interpreter: syntax errors from
 * `compile()`, completions from jedi (installed on the first request, never at boot). jedi and
 * parso are in the site's own lock (`wasmlit editor` and `export-editor` vendor them, see
 * python/wasmlit/editor_site.py), so installing them asks no third party and works offline.
 */
import type { Completion, SyntaxProblem } from "../shared/protocol";
import type { MountController } from "./runtime";

/** A Python expression whose value is `value` (JSON is a subset of Python's string literals here). */
function pyLiteral(value: unknown): string {
  return `__import__("json").loads(${JSON.stringify(JSON.stringify(value))})`;
}

export async function syntaxProblems(app: MountController, code: string, path: string): Promise<SyntaxProblem[]> {
  const result = await app.runPython(`
def _wasmlit_check(source, path):
    import json
    try:
        compile(source, path, "exec", dont_inherit=True, flags=__import__("ast").PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except SyntaxError as error:
        return json.dumps([{"message": error.msg, "line": error.lineno or 1, "column": max((error.offset or 1) - 1, 0)}])
    except ValueError as error:
        return json.dumps([{"message": str(error), "line": 1, "column": 0}])
    return "[]"
_wasmlit_check(${pyLiteral(code)}, ${pyLiteral(path)})
`);
  return JSON.parse(String(result)) as SyntaxProblem[];
}

let jediReady: Promise<void> | null = null;

/**
 * jedi from the site's lock (Pyodide's loadPackage, so no index is asked, not even first as
 * micropip does with an index given); only a site without it (built before completion was
 * vendored, or exported offline) installs it through the app's package index.
 */
async function installJedi(app: MountController): Promise<void> {
  const loaded = await app.runPython(`
import importlib.util, pyodide_js
from pyodide.ffi import to_js
if hasattr(pyodide_js.lockfile.packages, "jedi"):
    await pyodide_js.loadPackage(to_js(["jedi"]))
importlib.invalidate_caches()
importlib.util.find_spec("jedi") is not None
`);
  if (loaded !== true) await app.install(["jedi"]);
}

export async function completions(
  app: MountController,
  request: { path: string; code: string; line: number; column: number },
): Promise<Completion[]> {
  jediReady ??= installJedi(app).catch((error) => {
    jediReady = null;
    throw error;
  });
  await jediReady;
  const result = await app.runPython(`
def _wasmlit_complete(source, path, line, column):
    import json, jedi
    script = jedi.Script(source, path=path)
    return json.dumps([{"label": c.name, "type": c.type} for c in script.complete(line, column)[:200]])
_wasmlit_complete(${pyLiteral(request.code)}, ${pyLiteral(request.path)}, ${request.line}, ${request.column})
`);
  return JSON.parse(String(result)) as Completion[];
}
