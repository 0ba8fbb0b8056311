import assert from "node:assert/strict";
import { test } from "node:test";
import type { BootReporter } from "./boot";
import { AppConnection } from "./connection";
import { BootError } from "./errors";
import type { BootOptions, FromWorker } from "./protocol";
import type { Pyodide, RunningApp } from "./python-runtime";

const OPTIONS = { entrypoint: "streamlit_app.py", files: {}, requirements: [], streamlitConfig: {}, env: {}, pyodideUrl: "" } as BootOptions;

/** An app whose interpreter holds one file, `hello.txt`. */
function fakeApp(): RunningApp {
  const files: Record<string, Uint8Array> = { "/home/pyodide/hello.txt": new TextEncoder().encode("hi") };
  const FS = {
    readFile(path: string) {
      if (!(path in files)) throw new Error(`no such file: ${path}`);
      return files[path];
    },
  };
  return { pyodide: { FS } as unknown as Pyodide, bridge: {} as RunningApp["bridge"], options: OPTIONS, home: "/home/pyodide" };
}

function connect(boot: (report: BootReporter) => Promise<RunningApp>): { connection: AppConnection; posted: FromWorker[] } {
  const posted: FromWorker[] = [];
  const connection = new AppConnection((message) => posted.push(message), (_options, report) => boot(report));
  return { connection, posted };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await settled();
  assert.ok(condition(), "the condition never held");
}

test("boot progress, problems and auto-loads reach the page, then ready", async () => {
  const { connection, posted } = connect(async (report) => {
    report.progress("runtime", "Starting Python");
    report.problem("Could not load faker", "404");
    const done = report.autoLoad?.(["humanize"]);
    done?.();
    return fakeApp();
  });
  connection.handle({ type: "boot", options: OPTIONS });
  await until(() => posted.some((m) => m.type === "ready"));
  assert.deepEqual(posted, [
    { type: "progress", stage: "runtime", message: "Starting Python" },
    { type: "problem", message: "Could not load faker", detail: "404" },
    { type: "module-auto-load", id: 1, packages: ["humanize"] },
    { type: "module-auto-load-done", id: 1, ok: true, error: undefined },
    { type: "ready" },
  ]);
});

test("a boot failure is one boot-error with its message and detail, and calls then fail", async () => {
  const { connection, posted } = connect(async () => {
    throw new BootError("The app could not start", "Traceback ...");
  });
  connection.handle({ type: "boot", options: OPTIONS });
  connection.handle({ type: "call", id: 7, method: "readFile", args: ["hello.txt", "utf8"] });
  await until(() => posted.some((m) => m.type === "call-result"));
  assert.deepEqual(posted[0], { type: "boot-error", message: "The app could not start", detail: "Traceback ..." });
  assert.equal(posted.filter((m) => m.type === "boot-error").length, 1);
  const result = posted.find((m) => m.type === "call-result");
  assert.ok(result && result.type === "call-result" && !result.ok && result.id === 7);
});

test("controller calls wait for boot and are answered in order, failures included", async () => {
  let finishBoot: (app: RunningApp) => void = () => {};
  const { connection, posted } = connect(() => new Promise((resolve) => (finishBoot = resolve)));
  connection.handle({ type: "boot", options: OPTIONS });
  connection.handle({ type: "call", id: 1, method: "readFile", args: ["hello.txt", "utf8"] });
  connection.handle({ type: "call", id: 2, method: "readFile", args: ["missing.txt", "utf8"] });
  connection.handle({ type: "call", id: 3, method: "readFile", args: ["../escape.txt", "utf8"] });
  await settled();
  assert.equal(posted.filter((m) => m.type === "call-result").length, 0, "answered before the app booted");
  finishBoot(fakeApp());
  await until(() => posted.filter((m) => m.type === "call-result").length === 3);
  const results = posted.filter((m) => m.type === "call-result");
  assert.deepEqual(
    results.map((m) => [m.id, m.ok]),
    [
      [1, true],
      [2, false],
      [3, false],
    ],
  );
  assert.equal(results[0].ok && results[0].value, "hi");
  assert.match(!results[2].ok ? results[2].error : "", /outside the app's folder/);
});

test("a ping is answered at once (the page's busy-app watch)", () => {
  const { connection, posted } = connect(async () => fakeApp());
  connection.handle({ type: "ping", id: 42 });
  assert.deepEqual(posted, [{ type: "pong", id: 42 }]);
});
