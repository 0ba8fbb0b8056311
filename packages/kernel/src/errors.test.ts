import assert from "node:assert/strict";
import { test } from "node:test";
import { BootError, describeError } from "./errors";

test("a Python traceback shows its last line, with the whole traceback as detail", () => {
  const traceback = 'Traceback (most recent call last):\n  File "app.py", line 1\nZeroDivisionError: division by zero\n';
  assert.deepEqual(describeError(new Error(traceback)), { message: "ZeroDivisionError: division by zero", detail: traceback });
});

test("a BootError keeps its own message and detail; anything else becomes text", () => {
  assert.deepEqual(describeError(new BootError("no app", "details")), { message: "no app", detail: "details" });
  assert.deepEqual(describeError("plain"), { message: "plain", detail: "plain" });
});
