import assert from "node:assert/strict";
import { test } from "node:test";
import { serverPath } from "./backend-url";

const BASE = new URL("http://127.0.0.1:8000/site/frontend/_wasmlit/0123abcd/");

test("server URLs under the backend base map to their server paths", () => {
  assert.equal(serverPath(new URL("_stcore/health", BASE), BASE), "/_stcore/health");
  assert.equal(serverPath(new URL("media/abc.png", BASE), BASE), "/media/abc.png");
  assert.equal(serverPath(new URL("ws://127.0.0.1:8000/site/frontend/_wasmlit/0123abcd/_stcore/stream"), BASE), "/_stcore/stream");
});

test("the frontend's own files and other hosts stay on the network", () => {
  const frontend = new URL("http://127.0.0.1:8000/site/frontend/");
  assert.equal(serverPath(new URL("static/media/font.woff2", frontend), frontend), null);
  assert.equal(serverPath(new URL("http://other.test/site/frontend/_wasmlit/0123abcd/_stcore/health"), BASE), null);
  assert.equal(serverPath(new URL("unknown/path", BASE), BASE), null);
});
