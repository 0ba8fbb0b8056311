/**
 * Python's own answers for the editor, computed in the app's interpreter: syntax errors from
 * `compile()`, completions from jedi (installed on the first request, never at boot).
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

export async function completions(
  app: MountController,
  request: { path: string; code: string; line: number; column: number },
): Promise<Completion[]> {
  jediReady ??= app.install(["jedi"]).catch((error) => {
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
