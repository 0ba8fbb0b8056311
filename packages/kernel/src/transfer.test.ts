import assert from "node:assert/strict";
import { test } from "node:test";
import { exactBuffer, transferablesOf } from "./transfer";

test("a message's buffers are its transfer list; other values are not", () => {
  const body = new ArrayBuffer(4);
  assert.deepEqual(transferablesOf({ type: "http", id: 1, body, headers: [] }), [body]);
  assert.deepEqual(transferablesOf({ type: "ws-message", id: 1, data: "text" }), []);
});

test("exactBuffer copies only a window onto a larger buffer", () => {
  const whole = new Uint8Array([1, 2, 3]);
  assert.equal(exactBuffer(whole), whole.buffer);
  const window = new Uint8Array(new Uint8Array([9, 1, 2, 3, 9]).buffer, 1, 3);
  const copied = exactBuffer(window);
  assert.notEqual(copied, window.buffer);
  assert.deepEqual([...new Uint8Array(copied)], [1, 2, 3]);
});
