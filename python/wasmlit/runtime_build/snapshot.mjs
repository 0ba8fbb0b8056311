// Make a memory snapshot of Pyodide with everything a first app run imports already imported.
//
// Why: a worker that restores this snapshot skips Python's own start-up, `import streamlit` and
// the imports Streamlit does lazily while starting and rendering (together ~2.5 s of a ~5 s cold
// boot). Pyodide checks the snapshot's build id when restoring, so a snapshot from another
// Pyodide build is refused and the worker boots normally.
//
// Two interpreters: the first starts the app server and renders a probe app to learn which
// modules that imports; the second imports exactly those and is snapshotted. (A started server
// holds JavaScript timers and callbacks, which a snapshot cannot carry.)
//
// Why wheels are unzipped by Python in the second interpreter instead of `loadPackage`:
// loadPackage leaves a reference to a JavaScript object in Pyodide's table, and
// makeMemorySnapshot refuses to serialize it.
//
// The snapshotted interpreter starts in a clean environment: exactly what a browser worker's
// Pyodide starts with (CLEAN_START below), never this build machine's. Under Node, Emscripten
// names the program after this script's path (it lands in os.environ["_"], sys.executable and
// sys.orig_argv), and a snapshot keeps all of that for every app that restores it; snapshot.py
// then checks that no path of the build machine is left in the heap.
//
// usage: node snapshot.mjs <runtime/pyodide dir> <out file> <probe app .py>
// Also writes <out file>.modules.json: the modules the snapshot holds imported.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outFile, probeApp] = process.argv.slice(2);
const indexURL = path.resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

const modules = await modulesAFirstRunImports();
/** What a worker's Pyodide starts with in a browser (Emscripten's program name there, no arguments). */
const CLEAN_START = { _sysExecutable: "./this.program", args: [], env: { HOME: "/home/pyodide" } };
const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true, ...CLEAN_START });
const wheels = fs.readdirSync(indexURL).filter((name) => name.endsWith(".whl"));
pyodide.FS.mkdirTree("/wasmlit-wheels");
for (const wheel of wheels) pyodide.FS.writeFile(`/wasmlit-wheels/${wheel}`, fs.readFileSync(indexURL + wheel));
pyodide.globals.set("modules", pyodide.toPy(modules));
const failed = pyodide.runPython(`
import importlib, os, shutil, site, zipfile

site_packages = site.getsitepackages()[0]
for wheel in sorted(os.listdir("/wasmlit-wheels")):
    zipfile.ZipFile(f"/wasmlit-wheels/{wheel}").extractall(site_packages)
shutil.rmtree("/wasmlit-wheels")
importlib.invalidate_caches()

failed = []
for module in modules:
    try:
        importlib.import_module(module)
    except Exception as error:  # a module that only imports in a running server: it loads later
        failed.append(f"{module}: {error!r}")

from wasmlit_shim.patches import apply_all
apply_all()
del modules
failed
`).toJs();
zeroFreeMemory(pyodide._module);
const snapshot = pyodide.makeMemorySnapshot();
fs.writeFileSync(outFile, snapshot); // compressed by snapshot.py
fs.writeFileSync(outFile + ".modules.json", JSON.stringify(modules.filter((name) => !failed.some((line) => line.startsWith(name + ":")))));
console.log(`snapshot: ${(snapshot.length / 1e6).toFixed(1)} MB heap, ${modules.length} modules preloaded`);
if (failed.length) console.log(`not preloaded:\n  ${failed.join("\n  ")}`);

// The heap's free chunks still hold what was freed in them (unzipped wheels, read .pyc files):
// bytes a visitor downloads for nothing. Zero them: allocate every free chunk, from large to
// small, fill it with zeros and free it again. Memory beyond the heap's end is zero already.
function zeroFreeMemory(module) {
  module._malloc_trim(0);
  const end = module.HEAP8.length;
  const held = [];
  let zeroed = 0;
  for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9, 64, 16]) {
    for (;;) {
      const pointer = module._malloc(size);
      if (!pointer) break;
      held.push(pointer);
      if (pointer + size > end) break; // from fresh memory: this size has no free chunk left
      module.HEAP8.fill(0, pointer, pointer + size);
      zeroed += size;
    }
  }
  for (const pointer of held) module._free(pointer);
  module._malloc_trim(0);
  console.log(`zeroed ${(zeroed / 1e6).toFixed(1)} MB of free heap; heap ${(end / 1e6).toFixed(1)} -> ${(module.HEAP8.length / 1e6).toFixed(1)} MB`);
}

async function modulesAFirstRunImports() {
  const probe = await loadPyodide({ indexURL });
  await probe.loadPackage(["wasmlit-shim"], { messageCallback: () => {} });
  probe.FS.mkdirTree("/tmp/probe");
  probe.FS.writeFile("/tmp/probe/streamlit_app.py", fs.readFileSync(probeApp));
  return (
    await probe.runPythonAsync(`
import asyncio, sys
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from wasmlit_shim.server import AppServer

server = await AppServer.start("/tmp/probe/streamlit_app.py")
await server.http("GET", "/_stcore/health", "", [], b"")
frames = []
ws = server.websocket("/_stcore/stream", "", [("sec-websocket-protocol", "streamlit")], frames.append, lambda *_: None)
rerun = BackMsg()
rerun.rerun_script.query_string = ""
ws.receive(rerun.SerializeToString())
for _ in range(2000):
    if any(ForwardMsg.FromString(f).WhichOneof("type") == "script_finished" for f in frames if isinstance(f, bytes)):
        break
    await asyncio.sleep(0.01)
else:
    raise RuntimeError("the probe app did not finish its first run")
sorted(name for name, module in sys.modules.items() if module is not None and name != "__main__" and "probe" not in name)
`)
  ).toJs();
}
