// `tsc --declaration --emitDeclarationOnly` of one module, to one file (shared by build-js.mjs
// and build-npm-package.mjs).
import { writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Write the declarations of `entry` to `target`, after `header`; `options` adds compiler options. */
export function writeDeclarations(entry, target, header, options = {}) {
  const program = ts.createProgram([entry], {
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    skipLibCheck: true,
    ...options,
  });
  const problems = ts.getPreEmitDiagnostics(program);
  if (problems.length) {
    throw new Error(ts.formatDiagnostics(problems, ts.createCompilerHost({})));
  }
  const wanted = path.basename(entry).replace(/\.ts$/, ".d.ts");
  let declarations = null;
  program.emit(undefined, (fileName, text) => {
    if (path.basename(fileName) === wanted) declarations = text;
  });
  if (declarations === null) throw new Error(`tsc emitted no declarations for ${entry}`);
  writeFileSync(target, header + declarations);
}
