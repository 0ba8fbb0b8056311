// Make a memory snapshot of Pyodide with Streamlit and the shim already imported.
//
// Why: a worker that restores this snapshot skips Python's own start-up and `import streamlit`
// (about 2 s of a ~5 s cold boot). Pyodide checks the snapshot's build id when restoring, so a
// snapshot from another Pyodide build is refused and the worker boots normally.
//
// Why wheels are unzipped by Python instead of `loadPackage`: loadPackage leaves a reference to
// a JavaScript object in Pyodide's table, and makeMemorySnapshot refuses to serialize it.
//
// usage: node snapshot.mjs <runtime/pyodide dir> <out file.gz> <module to import>...
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

const [pyodideDir, outFile, ...modules] = process.argv.slice(2);
const indexURL = path.resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });

const wheels = fs.readdirSync(indexURL).filter((name) => name.endsWith(".whl"));
pyodide.FS.mkdirTree("/wasmlit-wheels");
for (const wheel of wheels) pyodide.FS.writeFile(`/wasmlit-wheels/${wheel}`, fs.readFileSync(indexURL + wheel));
pyodide.globals.set("modules", pyodide.toPy(modules));
pyodide.runPython(`
import importlib, os, shutil, site, zipfile

site_packages = site.getsitepackages()[0]
for wheel in sorted(os.listdir("/wasmlit-wheels")):
    zipfile.ZipFile(f"/wasmlit-wheels/{wheel}").extractall(site_packages)
shutil.rmtree("/wasmlit-wheels")
importlib.invalidate_caches()
for module in modules:
    importlib.import_module(module)

from wasmlit_shim.patches import apply_all
apply_all()
del modules
`);
const snapshot = pyodide.makeMemorySnapshot();
fs.writeFileSync(outFile, zlib.gzipSync(snapshot, { level: 6 }));
console.log(`snapshot: ${(snapshot.length / 1e6).toFixed(1)} MB heap`);
