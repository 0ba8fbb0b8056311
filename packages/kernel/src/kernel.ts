/**
 * The main-thread side of one app's Pyodide worker: starts it, sends it the app, and
 * reports what happens (progress, ready, errors, packages auto-loaded). Frontends talk to
 * the worker directly over MessagePorts handed out by connectFrontend(), so app traffic
 * skips the host page.
 *
 * With `shared: true` the worker is a SharedWorker that hosts every shared app of the
 * origin in one interpreter; this Kernel is then one connection to it (one app).
 */
import type { BootOptions, BootStage, ControlKind, FromWorker, ToWorker, WorkerMethod, WorkerMethods } from "./protocol";
import { transferablesOf } from "./transfer";
import { InterruptSignals } from "./control-buffer";
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

type WorkerMessage<T extends FromWorker["type"]> = Extract<FromWorker, { type: T }>;

/**
 * One start of a worker (a restart makes another): settles `ready`, and knows whether the
 * app ran. Handlers get the run their worker belongs to.
 */
interface WorkerRun {
  resolve: () => void;
  reject: (error: Error) => void;
  /** The app ran: an error escaping the worker is now a crash, not a boot error. */
  running: boolean;
}

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
    let run!: WorkerRun;
    this.readyPromise = new Promise((resolve, reject) => (run = { resolve, reject, running: false }));
    // Callers that only use listeners must not see an unhandled rejection.
    this.readyPromise.catch(() => {});
    end.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data, run);
    worker.onerror = (event: Event) => this.workerFailed(event, run);
    // A SharedWorker lives in another agent cluster: no memory can be shared with it.
    this.interrupts = this.shared ? undefined : InterruptSignals.create();
    this.send({ type: "boot", options: { ...this.appFiles.current(), interruptBuffer: this.interrupts?.buffer } });
    for (const [message, transfer] of this.waiting.splice(0)) this.send(message, transfer);
  }

  // ---- what the worker says: one handler per message kind (protocol.ts's FromWorker) ----

  private receive(message: FromWorker, run: WorkerRun): void {
    switch (message.type) {
      case "progress":
        return this.onProgress(message);
      case "ready":
        return this.onReady(run);
      case "boot-error":
        return this.onBootError(message, run);
      case "crash":
        return this.onCrash(message, run);
      case "problem":
        return this.onProblem(message);
      case "call-result":
        return this.onCallResult(message);
      case "module-auto-load":
        return this.onModuleAutoLoad(message);
      case "module-auto-load-done":
        return this.onModuleAutoLoadDone(message);
      case "pong":
        return this.onPong(message);
      default:
        message satisfies never; // a new kind of message needs its handler here
    }
  }

  private onProgress({ stage, message }: WorkerMessage<"progress">): void {
    this.listeners.progress?.(stage, message);
  }

  private onReady(run: WorkerRun): void {
    run.running = true;
    this.listeners.ready?.();
    run.resolve();
  }

  private onBootError({ message, detail }: WorkerMessage<"boot-error">, run: WorkerRun): void {
    this.listeners.bootError?.(message, detail);
    run.reject(new Error(message));
  }

  private onCrash({ message, detail }: WorkerMessage<"crash">, run: WorkerRun): void {
    this.crashed(message, detail);
    run.reject(new Error(message));
  }

  private onProblem({ message, detail }: WorkerMessage<"problem">): void {
    this.listeners.problem?.(message, detail);
  }

  private onCallResult(result: WorkerMessage<"call-result">): void {
    const pending = this.pendingCalls.get(result.id);
    this.pendingCalls.delete(result.id);
    if (result.ok) pending?.resolve(result.value);
    else pending?.reject(new Error(result.error));
  }

  private onModuleAutoLoad({ id, packages }: WorkerMessage<"module-auto-load">): void {
    this.listeners.moduleAutoLoad?.(
      packages,
      new Promise<void>((resolve, reject) => this.autoLoads.set(id, { resolve, reject })),
    );
  }

  private onModuleAutoLoadDone({ id, ok, error }: WorkerMessage<"module-auto-load-done">): void {
    const pending = this.autoLoads.get(id);
    this.autoLoads.delete(id);
    if (ok) pending?.resolve();
    else pending?.reject(new Error(error ?? "Could not install the packages the app imports"));
  }

  private onPong({ id }: WorkerMessage<"pong">): void {
    this.pings.get(id)?.();
    this.pings.delete(id);
  }

  /** An error escaped the worker (or its script could not load). */
  private workerFailed(event: Event, run: WorkerRun): void {
    if (!(event instanceof ErrorEvent)) {
      this.listeners.bootError?.("The Python worker could not start", `Is the runtime at ${this.workerUrl}?`);
      run.reject(new Error("The Python worker could not start"));
      return;
    }
    const detail = `${event.message} (${event.filename}:${event.lineno})`;
    // Once the app runs, an error escaping the worker means it is gone: a crash, with Restart.
    if (run.running) this.crashed("The app's Python worker stopped after an error it could not handle.", detail);
    else this.listeners.bootError?.("The Python worker crashed", detail);
    run.reject(new Error(detail));
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
