/// <reference lib="webworker" />
/**
 * The Pyodide worker's entry. As a dedicated worker it runs one app: its page's Kernel
 * boots it (boot.ts), hands it frontends (frontend-server.ts) and makes controller calls
 * (controller.ts), all through one AppConnection. Started as a SharedWorker it runs every
 * shared app of the origin in one interpreter (shared-worker.ts).
 * Every message it takes or sends is defined in protocol.ts.
 */
import { boot } from "./boot";
import { AppConnection } from "./connection";
import type { FromWorker, ToWorker } from "./protocol";
import { transferablesOf } from "./transfer";
import { serveSharedWorker } from "./shared-worker";

declare const self: DedicatedWorkerGlobalScope | SharedWorkerGlobalScope;

if (typeof SharedWorkerGlobalScope !== "undefined" && self instanceof SharedWorkerGlobalScope) {
  serveSharedWorker();
} else {
  const scope = self as DedicatedWorkerGlobalScope;
  const post = (message: FromWorker) => scope.postMessage(message, transferablesOf(message));
  const connection = new AppConnection(post, (options, report) => boot(options, report));
  scope.onmessage = (event: MessageEvent<ToWorker>) => connection.handle(event.data);
}
