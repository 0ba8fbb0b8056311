// Builds the npm package `wasmlit` (packages/wasmlit/dist/), run by its `prepack`:
//   wasmlit.mjs   the ES module (`import { mount } from "wasmlit"`), from the same source as the runtime's
//   wasmlit.js    the `<script>` global (window.wasmlit, window.stlite)
//   wasmlit.d.ts  their types
//   react.mjs     `wasmlit/react`: <StreamlitApp>, importing React and "wasmlit" (not a copy of it)
//   react.d.ts    its types
// The runtime (worker, frontend, Pyodide: ~65 MB) is not in the package: pages load it from
// wherever it is hosted, named by mount()'s `bundleUrl` option (packages/wasmlit/README.md).
import { build } from "esbuild";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeDeclarations } from "./declarations.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (...parts) => path.join(repo, ...parts);
const out = at("packages", "wasmlit", "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { bundle: true, target: "es2022", sourcemap: true, logLevel: "warning", minify: true };
await Promise.all([
  build({ ...common, entryPoints: [at("packages/mountable/src/module.ts")], format: "esm", outfile: path.join(out, "wasmlit.mjs") }),
  build({ ...common, entryPoints: [at("packages/mountable/src/index.ts")], format: "iife", outfile: path.join(out, "wasmlit.js") }),
  build({
    ...common,
    entryPoints: [at("packages/wasmlit/src/react.ts")],
    format: "esm",
    external: ["react", "wasmlit"],
    outfile: path.join(out, "react.mjs"),
  }),
]);

writeDeclarations(
  at("packages/mountable/src/api.ts"),
  path.join(out, "wasmlit.d.ts"),
  "// Types of wasmlit (the ES module) and wasmlit.js (window.wasmlit, also window.stlite).\n",
);
writeDeclarations(at("packages/wasmlit/src/react.ts"), path.join(out, "react.d.ts"), "// Types of wasmlit/react.\n", {
  moduleResolution: 100, // Bundler
  module: 99, // ESNext
  paths: { wasmlit: [path.join(out, "wasmlit.d.ts")] },
});
console.log(`wrote ${path.relative(repo, out)}/`);
