// Compile unpacked wheel trees to bytecode inside Pyodide, under Node.
//
// Why inside Pyodide: the host Python is 3.11 and bytecode is version-specific; Pyodide's own
// interpreter is the only 3.14 we are sure matches. Why unchecked-hash .pyc: wheels are unzipped at
// boot, which resets mtimes, so timestamp .pyc would be recompiled every time; unchecked-hash .pyc
// are trusted as they are (RESEARCH.md: `import streamlit` 3.8-4.3 s -> 2.0-2.4 s).
//
// usage: node precompile.mjs <node_modules/pyodide dir> <dir of trees> <tree name>...
// Each <dir of trees>/<tree name> is an unpacked wheel; __pycache__/*.cpython-314.pyc are written
// next to each .py. Exits non-zero (with Python's output) if any file fails to compile.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, treesDir, ...trees] = process.argv.slice(2);
if (!pyodideDir || !treesDir || trees.length === 0) {
  console.error("usage: node precompile.mjs <pyodide dir> <trees dir> <tree>...");
  process.exit(2);
}

// Imported from the given folder (not by package name) so the script does not depend on where
// it lives relative to node_modules.
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
pyodide.FS.mkdirTree("/wasmlit-trees");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(treesDir) }, "/wasmlit-trees");
pyodide.globals.set("trees", pyodide.toPy(trees));
const failed = pyodide.runPython(`
import compileall, py_compile, site, sys

# Record the path the files will have once installed, so code objects name the real location
# (the import system fixes co_filename on load anyway; this keeps the .pyc honest on its own).
site_packages = site.getsitepackages()[0]
failed = []
for tree in trees:
    ok = compileall.compile_dir(
        f"/wasmlit-trees/{tree}",
        ddir=site_packages,
        quiet=1,
        workers=1,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        failed.append(tree)
sys.stdout.flush()
failed
`).toJs();
if (failed.length > 0) {
  console.error(`compileall failed in: ${failed.join(", ")}`);
  process.exit(1);
}
