import assert from "node:assert/strict";
import { test } from "node:test";
import { describeFatalError, lastPythonStack } from "./fatal";

const OUTPUT = [
  "some earlier output",
  "Stack (most recent call first):",
  '  File "/lib/python314.zip/ctypes/__init__.py", line 619 in string_at',
  '  File "/home/pyodide/streamlit_app.py", line 18 in <module>',
];

test("the last Python stack Pyodide printed is found in the output", () => {
  assert.equal(lastPythonStack(OUTPUT), OUTPUT.slice(2).join("\n"));
  assert.equal(lastPythonStack(["no stack here"]), "");
});

test("a WebAssembly trap is a crash in compiled code, with the Python stack in the details", () => {
  const { message, detail } = describeFatalError(new WebAssembly.RuntimeError("memory access out of bounds"), OUTPUT);
  assert.match(message, /^The app's Python crashed: memory access out of bounds\. This is an error in compiled code/);
  assert.match(detail, /streamlit_app\.py", line 18/);
});

test("running out of memory says so", () => {
  assert.match(describeFatalError(new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded"), []).message, /ran out of memory/);
  assert.match(describeFatalError(new Error("something odd"), []).detail, /^No Python stack was printed\./);
});
