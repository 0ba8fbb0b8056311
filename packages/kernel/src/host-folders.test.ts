import assert from "node:assert/strict";
import { test } from "node:test";
import { writeThrough } from "./host-folders";
import type { Pyodide } from "./python-runtime";

const FOLDER = { path: "/mnt/data", url: "http://127.0.0.1:5000/_wasmlit_host/0/" };
const O_RDONLY = 0;
const O_WRONLY = 1;

interface Sent {
  method: string;
  url: string;
  body: Uint8Array | null;
  destination?: string;
}

/** Emscripten's FS, as far as write-through touches it, over a map of paths to bytes. */
function fakeFileSystem(files: Map<string, Uint8Array>) {
  return {
    close: (_stream: unknown) => {},
    mkdir: (_path: string) => {},
    rmdir: (_path: string) => {},
    unlink: (path: string) => void files.delete(path),
    rename: (from: string, to: string) => {
      files.set(to, files.get(from)!);
      files.delete(from);
    },
    readFile: (path: string) => files.get(path)!,
    cwd: () => "/home/pyodide",
    stat: (_path: string) => ({ mode: 0o100644 }),
    isFile: (mode: number) => (mode & 0o170000) === 0o100000,
  };
}

function recordRequests(): Sent[] {
  const sent: Sent[] = [];
  class FakeRequest {
    status = 204;
    responseText = "";
    private method = "";
    private url = "";
    private destination?: string;
    open(method: string, url: string, asynchronous: boolean) {
      assert.equal(asynchronous, false, "write-through must be synchronous");
      Object.assign(this, { method, url });
    }
    setRequestHeader(name: string, value: string) {
      if (name === "Destination") this.destination = value;
    }
    send(body: Uint8Array | null) {
      sent.push({ method: this.method, url: this.url, body, ...(this.destination ? { destination: this.destination } : {}) });
    }
  }
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeRequest;
  return sent;
}

function setUp() {
  const files = new Map([["/mnt/data/notes/a b.txt", new Uint8Array([1, 2, 3])]]);
  const FS = fakeFileSystem(files);
  writeThrough({ FS } as unknown as Pyodide, [FOLDER]);
  return { FS, files, sent: recordRequests() };
}

test("a file written and closed in a mounted folder is sent to the host at once, bytes and all", () => {
  const { FS, sent } = setUp();
  FS.close({ path: "/mnt/data/notes/a b.txt", flags: O_WRONLY });
  assert.deepEqual(sent, [{ method: "PUT", url: FOLDER.url + "notes/a%20b.txt", body: new Uint8Array([1, 2, 3]) }]);
});

test("reading, and files outside mounted folders, send nothing", () => {
  const { FS, sent } = setUp();
  FS.close({ path: "/mnt/data/notes/a b.txt", flags: O_RDONLY });
  FS.close({ path: "/home/pyodide/app.py", flags: O_WRONLY });
  FS.mkdir("/tmp/x");
  FS.unlink("/home/pyodide/other.txt");
  assert.deepEqual(sent, []);
});

test("folders made and removed, files removed and renamed", () => {
  const { FS, sent } = setUp();
  FS.mkdir("/mnt/data/new");
  FS.rename("/mnt/data/notes/a b.txt", "/mnt/data/new/b.txt");
  FS.unlink("/mnt/data/new/b.txt");
  FS.rmdir("/mnt/data/new");
  assert.deepEqual(sent, [
    { method: "PUT", url: FOLDER.url + "new/", body: null },
    { method: "MOVE", url: FOLDER.url + "notes/a%20b.txt", body: null, destination: FOLDER.url + "new/b.txt" },
    { method: "DELETE", url: FOLDER.url + "new/b.txt", body: null },
    { method: "DELETE", url: FOLDER.url + "new/", body: null },
  ]);
});

test("a file moved into a mounted folder is written there; one moved out is removed", () => {
  const { FS, files, sent } = setUp();
  files.set("/home/pyodide/made.txt", new Uint8Array([9]));
  FS.rename("/home/pyodide/made.txt", "/mnt/data/made.txt");
  FS.rename("/mnt/data/made.txt", "/home/pyodide/back.txt");
  assert.deepEqual(sent, [
    { method: "PUT", url: FOLDER.url + "made.txt", body: new Uint8Array([9]) },
    { method: "DELETE", url: FOLDER.url + "made.txt", body: null },
  ]);
});
