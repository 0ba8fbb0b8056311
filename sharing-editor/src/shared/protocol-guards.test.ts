// Unit tests of what each side of the editor protocol accepts (run by `make test-ts`).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromPeer, isEditorMessage, isPreviewMessage } from "./protocol-guards";

test("protocol guards accept well-formed messages only", () => {
  assert.ok(isEditorMessage({ type: "wasmlit-editor:write", id: 1, path: "a.py", content: "x" }));
  assert.ok(isEditorMessage({ type: "wasmlit-editor:write", id: 1, path: "a.png", content: new Uint8Array(2) }));
  assert.ok(!isEditorMessage({ type: "wasmlit-editor:write", id: 1, path: "a.py" }));
  assert.ok(!isEditorMessage({ type: "wasmlit-editor:write", id: "1", path: "a.py", content: "x" }));
  assert.ok(!isEditorMessage({ type: "wasmlit-editor:eval", id: 1 }));
  assert.ok(!isEditorMessage({ type: "toString", id: 1 }));
  assert.ok(!isEditorMessage(null));
  assert.ok(isPreviewMessage({ type: "wasmlit-preview:done", id: 3, error: null }));
  assert.ok(!isPreviewMessage({ type: "wasmlit-preview:done", id: 3, error: 5 }));
  assert.ok(isPreviewMessage({ type: "wasmlit-preview:ready", isolatable: false }));
  assert.ok(!isPreviewMessage({ type: "wasmlit-preview:ready", isolatable: "yes" }));
  assert.ok(!isPreviewMessage({ type: "wasmlit-editor:boot", id: 1, project: {}, packageIndexUrl: null }));
});

test("messages from another window or origin are dropped", () => {
  const peer = {} as Window;
  const event = (source: object, origin: string) => ({ source, origin }) as unknown as MessageEvent;
  assert.ok(fromPeer(event(peer, "http://a"), peer, "http://a"));
  assert.ok(!fromPeer(event(peer, "http://b"), peer, "http://a"));
  assert.ok(!fromPeer(event({}, "http://a"), peer, "http://a"));
  assert.ok(!fromPeer(event(peer, "http://a"), null, "http://a"));
});
