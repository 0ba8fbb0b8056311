// Bundles the TypeScript of packages/ into the runtime folder (run by the runtime build),
// and writes wasmlit.d.ts, the types of the public API, next to wasmlit.js.
// Output dir: $WASMLIT_RUNTIME_DIR, else python/wasmlit/runtime.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import path from "node:path";
import { writeDeclarations } from "./declarations.mjs";

const out = process.env.WASMLIT_RUNTIME_DIR ?? "python/wasmlit/runtime";
const common = { bundle: true, target: "es2022", sourcemap: true, logLevel: "warning", minify: true };
// The worker refuses a self-hosted Pyodide (`pyodideUrl`) of another version than the bundle's.
const pyodideVersion = JSON.parse(readFileSync("node_modules/pyodide/package.json", "utf8")).version;
// The service worker names its offline copy after the wasmlit version (offline-copy.ts), as the
// sharing editor's build does, so both service workers of the editor's preview share one cache.
const runtimeVersion = /__version__ = "([^"]+)"/.exec(readFileSync("python/wasmlit/__init__.py", "utf8"))[1];

await Promise.all([
  // The worker loads pyodide.mjs at run time from the URL it is given: keep it a module.
  build({
    ...common,
    entryPoints: ["packages/kernel/src/worker.ts"],
    format: "esm",
    outfile: path.join(out, "worker.js"),
    define: { __PYODIDE_VERSION__: JSON.stringify(pyodideVersion) },
  }),
  // One source, two entries: the classic global (`<script src>`, also `type="module"`) and the ES module.
  build({ ...common, entryPoints: ["packages/mountable/src/index.ts"], format: "iife", outfile: path.join(out, "wasmlit.js") }),
  build({ ...common, entryPoints: ["packages/mountable/src/module.ts"], format: "esm", outfile: path.join(out, "wasmlit.mjs") }),
  // The frame script (frame/), as the file name the runtime's index.html loads. A classic script,
  // so it runs before the frontend's module bundle reads window.__streamlit.
  build({ ...common, entryPoints: ["packages/mountable/src/frame/entry.ts"], format: "iife", outfile: path.join(out, "frontend", "boot.js") }),
  // Only in pages `wasmlit serve` makes: applies the dev server's live-reload events.
  build({ ...common, entryPoints: ["packages/mountable/src/dev-server/entry.ts"], format: "iife", outfile: path.join(out, "live-reload.js") }),
  // The service worker, next to wasmlit.js: its folder is the widest scope it may have.
  build({
    ...common,
    entryPoints: ["packages/mountable/src/service-worker/sw.ts"],
    format: "iife",
    outfile: path.join(out, "wasmlit-sw.js"),
    define: { __RUNTIME_VERSION__: JSON.stringify(runtimeVersion) },
  }),
]);

writeDeclarations(
  "packages/mountable/src/api.ts",
  path.join(out, "wasmlit.d.ts"),
  "// Types of wasmlit.js (window.wasmlit, also window.stlite) and wasmlit.mjs. Generated from packages/mountable/src/api.ts.\n",
);
