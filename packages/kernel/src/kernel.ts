/**
 * The main-thread side of one app's Pyodide worker: starts it, sends it the app, and
 * reports what happens (progress, ready, errors, packages auto-loaded). Frontends talk to
 * the worker directly over MessagePorts handed out by connectFrontend(), so app traffic
 * skips the host page.
 *
 * With `shared: true` the worker is a SharedWorker that hosts every shared app of the
 * origin in one interpreter; this Kernel is then one connection to it (one app).
 */
import type { BootOptions, BootStage, FromWorker, ToWorker, WorkerMethod, WorkerMethods } from "./protocol";
import { transferablesOf } from "./transfer";
import { type ControlKind, InterruptSignals } from "./control-buffer";
import { AppFiles } from "./app-files";
import { joinSharedApps, leaveSharedApps, restartSharedApps, type SharedMember, sharedWorkerName } from "./shared-restart";
import { startDedicatedWorker, startSharedWorker } from "./worker-start";

export interface KernelListeners {
  progress: (stage: BootStage, message: string) => void;
  ready: () => void;
  /** The app cannot run. */
  bootError: (message: string, detail: string) => void;
  /** The app runs, but something it asked for failed (e.g. a package download). */
  problem: (message: string, detail: string) => void;
  /** Packages the app imports are being installed; `done` settles when they are. */
  moduleAutoLoad: (packages: string[], done: Promise<void>) => void;
  /** The worker's Python died (fatal.ts) or the worker itself did; `restart()` brings the app back. */
  crash: (message: string, detail: string) => void;
  /** A fresh worker is booting the app (after `restart()`, here or in another shared app of the page). */
  restarting: () => void;
}

export interface KernelOptions {
  /** Join the origin's shared worker instead of starting a worker of our own. */
  shared?: boolean;
  /** Start the worker only once this settles (e.g. the page may reload first); messages wait. */
  startAfter?: Promise<void>;
}

/** Where messages to the worker go: the worker itself, or our port to the shared worker. */
type WorkerEnd = Pick<MessagePort, "postMessage">;

export class Kernel {
  readonly shared: boolean;
  private readyPromise!: Promise<void>;
  private worker: Worker | SharedWorker | null = null;
  /** Unmounted: a worker waiting for `startAfter` never starts. */
  private ended = false;
  private end: WorkerEnd | null = null;
  /** Messages sent before the worker started (`startAfter`), in order. */
  private readonly waiting: [ToWorker, Transferable[]][] = [];
  private readonly listeners: Partial<KernelListeners>;
  private nextCallId = 1;
  private readonly pendingCalls = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  private readonly autoLoads = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  /** Shared with the worker so Stop reaches a busy script (see control-buffer.ts); absent if the page cannot share memory. */
  private interrupts: InterruptSignals | undefined;
  private nextPingId = 1;
  private readonly pings = new Map<number, () => void>();
  /** The app's files as they are now, for a restart (app-files.ts). */
  private readonly appFiles: AppFiles;
  private readonly sharedMember: SharedMember = { restartIn: (name) => this.restartIn(name) };

  constructor(
    private readonly workerUrl: string,
    options: BootOptions,
    listeners: Partial<KernelListeners> = {},
    { shared = false, startAfter }: KernelOptions = {},
  ) {
    this.listeners = listeners;
    this.shared = shared && typeof SharedWorker !== "undefined";
    this.appFiles = new AppFiles(options);
    if (this.shared) joinSharedApps(this.sharedMember);
    if (!startAfter) {
      this.start(sharedWorkerName());
      return;
    }
    this.readyPromise = startAfter.then(() => {
      if (this.ended) throw new Error("The app was unmounted.");
      this.start(sharedWorkerName());
      return this.readyPromise;
    });
    this.readyPromise.catch(() => {});
  }

  /** Settles when the app runs (or cannot start); a restart makes a new one. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  /**
   * Boot the app in a fresh worker, with its current files (app-files.ts); its persistent
   * folders come back from IndexedDB, its sessions start fresh. With a shared worker, every
   * shared app of the page moves to a fresh one (shared-restart.ts). Resolves when it runs.
   */
  restart(): Promise<void> {
    if (this.shared) restartSharedApps();
    else this.restartIn(sharedWorkerName());
    return this.ready;
  }

  private restartIn(sharedName: string): void {
    this.stopWorker("The app restarted before answering.");
    this.listeners.restarting?.();
    this.start(sharedName);
    for (const { method, args } of this.appFiles.replay()) {
      void this.call(method, ...(args as Parameters<WorkerMethods[typeof method]>)).catch(() => {});
    }
  }

  private start(sharedName: string): void {
    const worker = this.shared ? startSharedWorker(this.workerUrl, sharedName) : startDedicatedWorker(this.workerUrl);
    this.worker = worker;
    const end = worker instanceof Worker ? worker : worker.port;
    this.end = end;
    let running = false;
    this.readyPromise = new Promise((resolve, reject) => {
      end.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        switch (message.type) {
          case "progress":
            this.listeners.progress?.(message.stage, message.message);
            break;
          case "ready":
            running = true;
            this.listeners.ready?.();
            resolve();
            break;
          case "boot-error":
            this.listeners.bootError?.(message.message, message.detail);
            reject(new Error(message.message));
            break;
          case "crash":
            this.crashed(message.message, message.detail);
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
          case "module-auto-load":
            this.listeners.moduleAutoLoad?.(
              message.packages,
              new Promise<void>((resolve, reject) => this.autoLoads.set(message.id, { resolve, reject })),
            );
            break;
          case "pong":
            this.pings.get(message.id)?.();
            this.pings.delete(message.id);
            break;
          case "module-auto-load-done": {
            const pending = this.autoLoads.get(message.id);
            this.autoLoads.delete(message.id);
            if (message.ok) pending?.resolve();
            else pending?.reject(new Error(message.error ?? "Could not install the packages the app imports"));
            break;
          }
        }
      };
      worker.onerror = (event: Event) => {
        if (!(event instanceof ErrorEvent)) {
          this.listeners.bootError?.("The Python worker could not start", `Is the runtime at ${this.workerUrl}?`);
          reject(new Error("The Python worker could not start"));
          return;
        }
        const detail = `${event.message} (${event.filename}:${event.lineno})`;
        // Once the app runs, an error escaping the worker means it is gone: a crash, with Restart.
        if (running) this.crashed("The app's Python worker stopped after an error it could not handle.", detail);
        else this.listeners.bootError?.("The Python worker crashed", detail);
        reject(new Error(detail));
      };
    });
    // Callers that only use listeners must not see an unhandled rejection.
    this.readyPromise.catch(() => {});
    // A SharedWorker lives in another agent cluster: no memory can be shared with it.
    this.interrupts = this.shared ? undefined : InterruptSignals.create();
    this.send({ type: "boot", options: { ...this.appFiles.current(), interruptBuffer: this.interrupts?.buffer } });
    for (const [message, transfer] of this.waiting.splice(0)) this.send(message, transfer);
  }

  /** The worker is dead: calls waiting for it will never be answered. */
  private crashed(message: string, detail: string): void {
    this.rejectPendingCalls(message);
    this.listeners.crash?.(message, detail);
  }

  private rejectPendingCalls(reason: string): void {
    for (const pending of this.pendingCalls.values()) pending.reject(new Error(reason));
    this.pendingCalls.clear();
  }

  /** End our worker (dedicated) or leave the shared one. */
  private stopWorker(reason: string): void {
    this.rejectPendingCalls(reason);
    this.interrupts?.dispose();
    this.interrupts = undefined;
    if (!this.worker) return;
    if (this.worker instanceof Worker) {
      this.worker.terminate();
    } else {
      this.send({ type: "unmount" });
      this.worker.port.close();
    }
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
    const remember = this.appFiles.prepare(method, args);
    return new Promise((resolve, reject) => {
      this.pendingCalls.set(id, {
        resolve: (value) => {
          remember();
          resolve(value);
        },
        reject,
      });
      const message: ToWorker = { type: "call", id, method, args };
      this.send(message, transferablesOf(Object.fromEntries(args.map((arg, index) => [index, arg]))));
    });
  }

  /** True if `interrupt` reaches a script that never yields (cross-origin-isolated page, own worker). */
  get canInterrupt(): boolean {
    return this.interrupts !== undefined;
  }

  /** A frontend has just sent a Stop or rerun: make a busy script notice it (if it can). */
  interrupt(kind: ControlKind): void {
    this.interrupts?.signal(kind);
  }

  /** Resolves true if the worker answers within `timeoutMs` (false: Python is busy). */
  ping(timeoutMs: number): Promise<boolean> {
    const id = this.nextPingId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        resolve(false);
      }, timeoutMs);
      this.pings.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      this.send({ type: "ping", id });
    });
  }

  /** Save the app's persistent folders now (the page is being hidden or closed). */
  persist(): void {
    this.send({ type: "persist" });
  }

  /** Stop the app: a dedicated worker ends; the shared worker only drops this app. */
  terminate(): void {
    this.ended = true;
    leaveSharedApps(this.sharedMember);
    this.stopWorker("The app was unmounted.");
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.end) this.end.postMessage(message, transfer);
    else this.waiting.push([message, transfer]);
  }
}
