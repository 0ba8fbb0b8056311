// Bundles the TypeScript of packages/ into the runtime folder (run by the runtime build).
// Output dir: $WASMLIT_RUNTIME_DIR, else python/wasmlit/runtime.
import { build } from "esbuild";
import path from "node:path";

const out = process.env.WASMLIT_RUNTIME_DIR ?? "python/wasmlit/runtime";
const common = { bundle: true, target: "es2022", sourcemap: true, logLevel: "warning", minify: true };

await Promise.all([
  // The worker loads pyodide.mjs at run time from the URL it is given: keep it a module.
  build({ ...common, entryPoints: ["packages/kernel/src/worker.ts"], format: "esm", outfile: path.join(out, "worker.js") }),
  build({ ...common, entryPoints: ["packages/mountable/src/index.ts"], format: "iife", outfile: path.join(out, "wasmlit.js") }),
  // A classic script, so it runs before the frontend's module bundle reads window.__streamlit.
  build({ ...common, entryPoints: ["packages/mountable/src/boot/boot.ts"], format: "iife", outfile: path.join(out, "frontend", "boot.js") }),
]);
