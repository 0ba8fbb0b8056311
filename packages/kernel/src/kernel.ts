/**
 * The main-thread side of one Pyodide worker: starts it, sends it the app, and reports
 * what happens (progress, ready, errors). Frontends talk to the worker directly over
 * MessagePorts handed out by connectFrontend(), so app traffic skips the host page.
 */
import type { BootOptions, BootStage, FromWorker, ToWorker, WorkerMethod, WorkerMethods } from "./protocol";
import { transferablesOf } from "./protocol";

export interface KernelListeners {
  progress: (stage: BootStage, message: string) => void;
  ready: () => void;
  /** The app cannot run. */
  bootError: (message: string, detail: string) => void;
  /** The app runs, but something it asked for failed (e.g. a package download). */
  problem: (message: string, detail: string) => void;
}

export class Kernel {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly listeners: Partial<KernelListeners>;
  private nextCallId = 1;
  private readonly pendingCalls = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();

  constructor(workerUrl: string, options: BootOptions, listeners: Partial<KernelListeners> = {}) {
    this.listeners = listeners;
    this.worker = startModuleWorker(workerUrl);
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        switch (message.type) {
          case "progress":
            this.listeners.progress?.(message.stage, message.message);
            break;
          case "ready":
            this.listeners.ready?.();
            resolve();
            break;
          case "boot-error":
            this.listeners.bootError?.(message.message, message.detail);
            reject(new Error(message.message));
            break;
          case "problem":
            this.listeners.problem?.(message.message, message.detail);
            break;
          case "call-result": {
            const pending = this.pendingCalls.get(message.id);
            this.pendingCalls.delete(message.id);
            if (message.ok) pending?.resolve(message.value);
            else pending?.reject(new Error(message.error));
            break;
          }
        }
      };
      this.worker.onerror = (event: ErrorEvent) => {
        const detail = `${event.message} (${event.filename}:${event.lineno})`;
        this.listeners.bootError?.("The Python worker crashed", detail);
        reject(new Error(detail));
      };
    });
    // Callers that only use listeners must not see an unhandled rejection.
    this.ready.catch(() => {});
    this.send({ type: "boot", options });
  }

  /** Give a frontend its own channel to the app (the other end goes to the frontend). */
  connectFrontend(port: MessagePort): void {
    this.send({ type: "connect-frontend", port }, [port]);
  }

  /** Ask the running app for something (see WorkerMethods); waits for boot. */
  call<M extends WorkerMethod>(
    method: M,
    ...args: Parameters<WorkerMethods[M]>
  ): Promise<Awaited<ReturnType<WorkerMethods[M]>>> {
    const id = this.nextCallId++;
    return new Promise((resolve, reject) => {
      this.pendingCalls.set(id, { resolve, reject });
      const message: ToWorker = { type: "call", id, method, args };
      this.send(message, transferablesOf(Object.fromEntries(args.map((arg, index) => [index, arg]))));
    });
  }

  terminate(): void {
    for (const pending of this.pendingCalls.values()) pending.reject(new Error("The app was unmounted."));
    this.pendingCalls.clear();
    this.worker.terminate();
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

/**
 * A module worker from `url`. Browsers refuse a worker script from another origin, so in
 * that case start a same-origin blob worker that imports it (the bundle must allow CORS).
 */
function startModuleWorker(url: string): Worker {
  if (new URL(url, location.href).origin === location.origin) {
    return new Worker(url, { type: "module" });
  }
  const trampoline = new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(trampoline), { type: "module" });
}
