// Builds the sharing editor into python/wasmlit/editor/ (run by `make build`; git ignores it):
//   index.html, editor.js, editor.css     the editor (one origin)
//   preview/index.html, preview.js        the preview (another origin; loads ../runtime/wasmlit.js)
//   sw.js, manifest.webmanifest, icon.svg  offline copy and install as an app
//   samples.json                          the gallery: each sample as a share-link fragment
//   test/link-codec.mjs                   the codec for Node: build.mjs encodes the samples with it, and
//                                         tests/unit checks Python's links against it (never served)
// Output dir: $WASMLIT_EDITOR_DIR, else python/wasmlit/editor.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const out = path.resolve(process.env.WASMLIT_EDITOR_DIR ?? path.join(root, "python/wasmlit/editor"));
const version = /__version__ = "([^"]+)"/.exec(readFileSync(path.join(root, "python/wasmlit/__init__.py"), "utf8"))[1];
const common = {
  bundle: true,
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  minify: true,
  define: { __RUNTIME_VERSION__: JSON.stringify(version) },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(here, "static"), out, { recursive: true });

await Promise.all([
  build({ ...common, entryPoints: [path.join(here, "src/editor/main.ts")], format: "iife", outfile: path.join(out, "editor.js") }),
  build({ ...common, entryPoints: [path.join(here, "src/preview/main.ts")], format: "iife", outfile: path.join(out, "preview/preview.js") }),
  build({ ...common, entryPoints: [path.join(here, "src/service-worker/sw.ts")], format: "iife", outfile: path.join(out, "sw.js") }),
  build({ ...common, minify: false, sourcemap: false, entryPoints: [path.join(here, "src/shared/link-codec.ts")], format: "esm", platform: "node", outfile: path.join(out, "test/link-codec.mjs") }),
]);

// The samples, encoded by the same codec as the editor's Share dialog.
const codec = await import(pathToFileURL(path.join(out, "test/link-codec.mjs")).href);
const samplesDir = path.join(here, "samples");
const index = JSON.parse(readFileSync(path.join(samplesDir, "index.json"), "utf8"));
const samples = [];
for (const sample of index) {
  const folder = path.join(samplesDir, sample.name);
  const files = {};
  for (const file of listFiles(folder)) {
    const bytes = readFileSync(path.join(folder, file));
    files[file] = isUtf8(bytes) && !file.endsWith(".png") ? bytes.toString("utf8") : new Uint8Array(bytes);
  }
  const requirements = files["requirements.txt"] ? files["requirements.txt"].split("\n").map((l) => l.trim()).filter(Boolean) : [];
  delete files["requirements.txt"];
  // `persist` in index.json: the sample's folders kept in the preview's IndexedDB.
  const project = { entrypoint: sample.entrypoint ?? "streamlit_app.py", files, requirements, persist: sample.persist ?? [] };
  samples.push({ ...sample, fragment: await codec.encodeLink(project, version) });
}
writeFileSync(path.join(out, "samples.json"), JSON.stringify(samples, null, 1));

function listFiles(folder, prefix = "") {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

function isUtf8(bytes) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
