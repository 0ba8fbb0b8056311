/// <reference lib="webworker" />
/**
 * The Pyodide worker's entry: boots the app once (boot.ts), serves every frontend that
 * connects (frontend-server.ts) and answers the page's controller calls (controller.ts).
 * Every message it takes or sends is defined in protocol.ts.
 */
import { boot } from "./boot";
import { controllerMethods } from "./controller";
import { describeError } from "./errors";
import { serveFrontend } from "./frontend-server";
import type { FromWorker, ToWorker, WorkerMethod, WorkerMethods } from "./protocol";
import { transferablesOf } from "./protocol";
import type { RunningApp } from "./python-runtime";

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromWorker): void {
  self.postMessage(message, transferablesOf(message));
}

let running: Promise<RunningApp> = Promise.reject(new Error("The app was not booted."));
running.catch(() => {});
let methods: Promise<WorkerMethods> = running.then(controllerMethods);
/** Controller calls run in arrival order, after boot, one at a time. */
let calls: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "boot":
      running = boot(message.options, {
        progress: (stage, text) => post({ type: "progress", stage, message: text }),
        problem: (text, detail) => post({ type: "problem", message: text, detail }),
      });
      methods = running.then(controllerMethods);
      running.then(
        () => post({ type: "ready" }),
        (error: unknown) => post({ type: "boot-error", ...describeError(error) }),
      );
      break;
    case "connect-frontend":
      serveFrontend(message.port, running);
      break;
    case "call":
      answerCall(message.id, message.method, message.args);
      break;
  }
};

function answerCall(id: number, method: WorkerMethod, args: unknown[]): void {
  calls = calls.then(async () => {
    try {
      const call = (await methods)[method] as (...args: unknown[]) => unknown;
      post({ type: "call-result", id, ok: true, value: await call(...args) });
    } catch (error) {
      post({ type: "call-result", id, ok: false, error: describeError(error).detail });
    }
  });
}
