import assert from "node:assert/strict";
import { test } from "node:test";
import { AppFiles } from "./app-files";
import type { BootOptions } from "./protocol";

const options = (): BootOptions => ({
  entrypoint: "streamlit_app.py",
  files: { "./streamlit_app.py": { data: "print(1)" }, "data.csv": { url: "https://x/data.csv" } },
  requirements: ["humanize"],
  streamlitConfig: {},
  env: {},
  pyodideUrl: "https://x/pyodide/",
});

test("a restart boots the files as the controller last changed them", () => {
  const files = new AppFiles(options());
  const bytes = new Uint8Array([1, 2, 3]).buffer;
  const write = files.prepare("writeFile", ["streamlit_app.py", "print(2)"]);
  const writeBytes = files.prepare("writeFile", ["blob.bin", bytes]);
  files.prepare("renameFile", ["data.csv", "kept.csv"])();
  write();
  writeBytes();
  structuredClone(bytes, { transfer: [bytes] }); // the call transferred its buffer to the worker
  const current = files.current();
  assert.deepEqual(Object.keys(current.files).sort(), ["blob.bin", "kept.csv", "streamlit_app.py"]);
  assert.deepEqual(current.files["streamlit_app.py"], { data: "print(2)" });
  assert.deepEqual(new Uint8Array((current.files["blob.bin"] as { data: ArrayBuffer }).data), new Uint8Array([1, 2, 3]));
  assert.deepEqual(current.files["kept.csv"], { url: "https://x/data.csv" });
});

test("a failed call changes nothing; installs are kept; changes to unknown files are replayed", () => {
  const files = new AppFiles(options());
  files.prepare("writeFile", ["never.py", "x"]); // its promise rejected: the change is not applied
  files.prepare("install", [["humanize", "tabulate"]])();
  files.prepare("unlink", ["from-archive.txt"])();
  files.prepare("unlink", ["data.csv"])();
  assert.ok(!("never.py" in files.current().files));
  assert.ok(!("data.csv" in files.current().files));
  assert.deepEqual(files.current().requirements, ["humanize", "tabulate"]);
  assert.deepEqual(files.replay(), [{ method: "unlink", args: ["from-archive.txt"] }]);
});
