import assert from "node:assert/strict";
import { test } from "node:test";
import { MountOptionError, parseMountOptions } from "./options";

const BUNDLE = "https://example.test/site/";

test("a plain string is the content of streamlit_app.py", () => {
  const { boot, page } = parseMountOptions("import streamlit as st", BUNDLE);
  assert.equal(boot.entrypoint, "streamlit_app.py");
  assert.deepEqual(boot.files, { "streamlit_app.py": { data: "import streamlit as st" } });
  assert.equal(boot.pyodideUrl, "https://example.test/site/pyodide/");
  assert.equal(boot.lockFileUrl, "https://example.test/site/pyodide/pyodide-lock.json");
  assert.equal(page.sharedWorker, false);
});

test("an unknown option is refused by name, with the likely intended one", () => {
  assert.throws(
    () => parseMountOptions({ files: { "streamlit_app.py": "" }, entryPoint: "x.py" } as never, BUNDLE),
    (error: unknown) => error instanceof MountOptionError && error.option === "entryPoint" && /entrypoint/.test(error.message),
  );
});

test("an ill-typed option names the option and the expected type", () => {
  assert.throws(
    () => parseMountOptions({ files: { "a.py": "" }, entrypoint: "a.py", requirements: "numpy" } as never, BUNDLE),
    (error: unknown) => error instanceof MountOptionError && error.option === "requirements",
  );
  assert.throws(
    () => parseMountOptions({ files: { "a.py": "" }, entrypoint: "a.py", env: { "1BAD": "x" } }, BUNDLE),
    /"env\["1BAD"\]" is not a valid environment variable name/,
  );
});

test("an entry point that is not among the files is refused", () => {
  assert.throws(() => parseMountOptions({ files: { "a.py": "" }, entrypoint: "b.py" }, BUNDLE), /"entrypoint" names "b.py"/);
});

test("stlite's installs add to the requirements; a shared worker gets its own slot", () => {
  const first = parseMountOptions(
    { files: { "a.py": "" }, entrypoint: "a.py", requirements: ["faker"], installs: [{ requirements: ["humanize"] }], sharedWorker: true },
    BUNDLE,
  );
  const second = parseMountOptions({ files: { "a.py": "" }, entrypoint: "a.py", sharedWorker: true }, BUNDLE);
  assert.deepEqual(first.boot.requirements, ["faker", "humanize"]);
  assert.ok(first.boot.sharedSlot !== undefined && second.boot.sharedSlot !== undefined);
  assert.notEqual(first.boot.sharedSlot, second.boot.sharedSlot);
});
