import assert from "node:assert/strict";
import { test } from "node:test";
import { bootBytes } from "./download-progress";
import { fetchManifest, decodedSize, MANIFEST_FILE } from "./runtime-manifest";

const ROOT = "https://example.test/app/wasmlit/";
const MANIFEST = {
  boot_bytes: { "pyodide/snapshot.bin.zst": 14, "pyodide/pyodide.asm.wasm": 10 },
  decoded_bytes: { "pyodide/snapshot.bin.zst": 65 },
};

test("the manifest is read from the runtime's root; a missing one is null", async () => {
  const asked: string[] = [];
  const serving = (status: number) =>
    (async (url: string) => (asked.push(url), new Response(JSON.stringify(MANIFEST), { status }))) as typeof fetch;
  assert.deepEqual(await fetchManifest(ROOT, serving(200)), MANIFEST);
  assert.deepEqual(asked, [ROOT + MANIFEST_FILE]);
  assert.equal(await fetchManifest(ROOT, serving(404)), null);
  assert.equal(await fetchManifest(ROOT, (async () => Promise.reject(new TypeError("offline"))) as typeof fetch), null);
});

test("decoded sizes are found by the file's URL under the root", () => {
  assert.equal(decodedSize(MANIFEST, ROOT, ROOT + "pyodide/snapshot.bin.zst"), 65);
  assert.equal(decodedSize(MANIFEST, ROOT, ROOT + "pyodide/site-packages.img.zst"), null);
  assert.equal(decodedSize(MANIFEST, ROOT, "https://elsewhere.test/pyodide/snapshot.bin.zst"), null);
  assert.equal(decodedSize(null, ROOT, ROOT + "pyodide/snapshot.bin.zst"), null);
});

test("the download total is the sum of the boot files' stored sizes", async () => {
  assert.equal(await bootBytes(Promise.resolve(MANIFEST)), 24);
  assert.equal(await bootBytes(Promise.resolve(null)), null);
  assert.equal(await bootBytes(Promise.resolve({})), null);
});
