// Runs the TypeScript unit tests: every `*.test.ts` beside the sources under packages/ (and any
// other workspace folder given as an argument), each bundled by esbuild for Node, then run by
// Node's own test runner (`node --test`). No browser: these test logic, not the DOM.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const roots = process.argv.length > 2 ? process.argv.slice(2) : ["packages"];

function testFiles(folder) {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith(".test.ts") ? [full] : [];
  });
}

const entries = roots.flatMap(testFiles).sort();
if (entries.length === 0) {
  console.error(`no *.test.ts under ${roots.join(", ")}`);
  process.exit(1);
}

const out = mkdtempSync(path.join(tmpdir(), "wasmlit-ts-tests-"));
try {
  const outfiles = entries.map((entry) => path.join(out, entry.replace(/\.ts$/, ".mjs")));
  await Promise.all(
    entries.map((entry, index) =>
      build({
        entryPoints: [entry],
        outfile: outfiles[index],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        sourcemap: "inline",
        logLevel: "warning",
      }),
    ),
  );
  const run = spawnSync(process.execPath, ["--enable-source-maps", "--test", "--test-reporter=spec", ...outfiles], { stdio: "inherit" });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
