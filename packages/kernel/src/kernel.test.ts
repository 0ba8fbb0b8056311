import assert from "node:assert/strict";
import { test } from "node:test";
import { Kernel, type KernelListeners } from "./kernel";
import type { BootOptions, FromWorker, ToWorker } from "./protocol";

const OPTIONS = { entrypoint: "streamlit_app.py", files: {}, requirements: [], streamlitConfig: {}, env: {}, pyodideUrl: "" } as BootOptions;
const WORKER_URL = "https://example.test/site/worker.js";

/** A dedicated worker that records what the Kernel posts and lets the test answer. */
class FakeWorker {
  static started: FakeWorker[] = [];
  readonly posted: ToWorker[] = [];
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  terminated = false;

  constructor(readonly url: string) {
    FakeWorker.started.push(this);
  }

  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker sends `message` to the page. */
  send(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }

  sent<T extends ToWorker["type"]>(type: T): Extract<ToWorker, { type: T }>[] {
    return this.posted.filter((message): message is Extract<ToWorker, { type: T }> => message.type === type);
  }
}

class FakeErrorEvent extends Event {
  constructor(
    type: string,
    readonly message: string,
    readonly filename: string,
    readonly lineno: number,
  ) {
    super(type);
  }
}

// What the Kernel reads of a page: a worker, and where the page is (same origin as the bundle).
Object.assign(globalThis, { Worker: FakeWorker, ErrorEvent: FakeErrorEvent, self: globalThis, location: new URL("https://example.test/site/") });

type Heard = [keyof KernelListeners, ...unknown[]];

/** A Kernel on a fake worker, and every listener call it makes, in order. */
function start(startAfter?: Promise<void>): { kernel: Kernel; heard: Heard[]; worker: () => FakeWorker } {
  const heard: Heard[] = [];
  const listeners: KernelListeners = {
    progress: (...args) => heard.push(["progress", ...args]),
    ready: () => heard.push(["ready"]),
    bootError: (...args) => heard.push(["bootError", ...args]),
    problem: (...args) => heard.push(["problem", ...args]),
    moduleAutoLoad: (...args) => heard.push(["moduleAutoLoad", ...args]),
    crash: (...args) => heard.push(["crash", ...args]),
    restarting: () => heard.push(["restarting"]),
  };
  const before = FakeWorker.started.length;
  const kernel = new Kernel(WORKER_URL, OPTIONS, listeners, { startAfter });
  const worker = () => {
    assert.ok(FakeWorker.started.length > before, "no worker was started");
    return FakeWorker.started[FakeWorker.started.length - 1];
  };
  return { kernel, heard, worker };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

test("the worker is sent the app first, then messages in order", () => {
  const { kernel, worker } = start();
  kernel.persist();
  assert.equal(worker().url, WORKER_URL);
  assert.deepEqual(
    worker().posted.map((message) => message.type),
    ["boot", "persist"],
  );
  const boot = worker().sent("boot")[0];
  assert.equal(boot.options.entrypoint, "streamlit_app.py");
  assert.equal(boot.options.interruptBuffer, undefined); // not cross-origin isolated
  assert.equal(kernel.canInterrupt, false);
});

test("progress and problems reach the listeners; ready resolves", async () => {
  const { kernel, heard, worker } = start();
  worker().send({ type: "progress", stage: "runtime", message: "Starting Python" });
  worker().send({ type: "problem", message: "Could not load faker", detail: "404" });
  worker().send({ type: "ready" });
  await kernel.ready;
  assert.deepEqual(heard, [
    ["progress", "runtime", "Starting Python"],
    ["problem", "Could not load faker", "404"],
    ["ready"],
  ]);
});

test("a boot error reaches the listener and rejects ready", async () => {
  const { kernel, heard, worker } = start();
  worker().send({ type: "boot-error", message: "No module named 'faker'", detail: "Traceback" });
  await assert.rejects(kernel.ready, /No module named 'faker'/);
  assert.deepEqual(heard, [["bootError", "No module named 'faker'", "Traceback"]]);
});

test("calls are answered by their id, with a value or an error", async () => {
  const { kernel, worker } = start();
  const read = kernel.call("readFile", "hello.txt", "utf8");
  const run = kernel.call("runPython", "1/0");
  const [readCall, runCall] = worker().sent("call");
  assert.deepEqual([readCall.method, readCall.args], ["readFile", ["hello.txt", "utf8"]]);
  assert.notEqual(readCall.id, runCall.id);
  worker().send({ type: "call-result", id: runCall.id, ok: false, error: "ZeroDivisionError" });
  worker().send({ type: "call-result", id: readCall.id, ok: true, value: "hi" });
  assert.equal(await read, "hi");
  await assert.rejects(run, /ZeroDivisionError/);
});

test("an auto-load is announced with a promise that settles when the worker says so", async () => {
  const { heard, worker } = start();
  worker().send({ type: "module-auto-load", id: 1, packages: ["humanize"] });
  worker().send({ type: "module-auto-load", id: 2, packages: ["faker"] });
  const [first, second] = heard.map(([, packages, done]) => ({ packages, done: done as Promise<void> }));
  assert.deepEqual([first.packages, second.packages], [["humanize"], ["faker"]]);
  worker().send({ type: "module-auto-load-done", id: 2, ok: false });
  worker().send({ type: "module-auto-load-done", id: 1, ok: true });
  await first.done;
  await assert.rejects(second.done, /Could not install the packages the app imports/);
});

test("a ping is true when the worker answers in time, false when it does not", async () => {
  const { kernel, worker } = start();
  const answered = kernel.ping(1000);
  const silent = kernel.ping(10);
  const [first] = worker().sent("ping");
  worker().send({ type: "pong", id: first.id });
  assert.equal(await answered, true);
  assert.equal(await silent, false);
});

test("a crash reaches the listener, rejects calls waiting for an answer, and rejects ready", async () => {
  const { kernel, heard, worker } = start();
  const call = kernel.call("metrics");
  worker().send({ type: "crash", message: "Python died", detail: "RuntimeError: unreachable" });
  await assert.rejects(call, /Python died/);
  await assert.rejects(kernel.ready, /Python died/);
  assert.deepEqual(heard, [["crash", "Python died", "RuntimeError: unreachable"]]);
});

test("a worker that cannot load is a boot error naming the runtime's URL", async () => {
  const { kernel, heard, worker } = start();
  worker().onerror?.(new Event("error"));
  await assert.rejects(kernel.ready, /could not start/);
  assert.deepEqual(heard, [["bootError", "The Python worker could not start", `Is the runtime at ${WORKER_URL}?`]]);
});

test("an error escaping the worker is a boot error before ready, a crash after", async () => {
  const booting = start();
  booting.worker().onerror?.(new FakeErrorEvent("error", "boom", "worker.js", 7));
  await assert.rejects(booting.kernel.ready, /boom/);
  assert.deepEqual(booting.heard, [["bootError", "The Python worker crashed", "boom (worker.js:7)"]]);

  const running = start();
  running.worker().send({ type: "ready" });
  const call = running.kernel.call("metrics");
  running.worker().onerror?.(new FakeErrorEvent("error", "boom", "worker.js", 7));
  await assert.rejects(call, /stopped after an error/);
  assert.deepEqual(running.heard, [
    ["ready"],
    ["crash", "The app's Python worker stopped after an error it could not handle.", "boom (worker.js:7)"],
  ]);
});

test("a restart ends the worker and boots the app in a fresh one, with its current files", async () => {
  const { kernel, heard, worker } = start();
  const first = worker();
  first.send({ type: "ready" });
  const write = kernel.call("writeFile", "data.txt", "new");
  first.send({ type: "call-result", id: first.sent("call")[0].id, ok: true, value: undefined });
  await write;
  const restarted = kernel.restart();
  const second = worker();
  assert.notEqual(second, first);
  assert.equal(first.terminated, true);
  assert.deepEqual(heard.at(-1), ["restarting"]);
  assert.deepEqual(second.sent("boot")[0].options.files["data.txt"], { data: "new" });
  second.send({ type: "ready" });
  await restarted;
});

test("with startAfter, the worker starts once it settles, and messages wait for it", async () => {
  let go!: () => void;
  const started = FakeWorker.started.length;
  const { kernel, worker } = start(new Promise<void>((resolve) => (go = resolve)));
  kernel.persist();
  await settled();
  assert.equal(FakeWorker.started.length, started);
  go();
  await settled();
  assert.deepEqual(
    worker().posted.map((message) => message.type),
    ["boot", "persist"],
  );
  worker().send({ type: "ready" });
  await kernel.ready;
});

test("unmounted before startAfter settles, the worker never starts", async () => {
  let go!: () => void;
  const started = FakeWorker.started.length;
  const { kernel } = start(new Promise<void>((resolve) => (go = resolve)));
  kernel.terminate();
  go();
  await assert.rejects(kernel.ready, /unmounted/);
  assert.equal(FakeWorker.started.length, started);
});

test("unmounting ends the worker and rejects calls waiting for an answer", async () => {
  const { kernel, worker } = start();
  const call = kernel.call("metrics");
  kernel.terminate();
  assert.equal(worker().terminated, true);
  await assert.rejects(call, /unmounted/);
});
