/**
 * One app's conversation with the page that mounted it (its Kernel): boot the app, serve
 * each frontend that connects, answer controller calls, save persistent folders when
 * asked. A dedicated worker holds one; a shared worker holds one per connected app.
 */
import type { BootReporter } from "./boot";
import { controllerMethods } from "./controller";
import { describeError } from "./errors";
import { serveFrontend } from "./frontend-server";
import { savePersistentFolders } from "./persistence";
import type { BootOptions, FromWorker, ToWorker, WorkerMethod, WorkerMethods } from "./protocol";
import type { RunningApp } from "./python-runtime";

/** How the worker boots an app: alone in it, or as one of a shared worker's apps. */
export type BootApp = (options: BootOptions, report: BootReporter) => Promise<RunningApp>;

export class AppConnection {
  private running: Promise<RunningApp> = Promise.reject(new Error("The app was not booted."));
  private methods: Promise<WorkerMethods> = this.running.then(() => ({}) as WorkerMethods);
  /** Controller calls run in arrival order, after boot, one at a time. */
  private calls: Promise<void> = Promise.resolve();
  private nextAutoLoad = 1;
  private readonly hangUps: (() => void)[] = [];

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly bootApp: BootApp,
  ) {
    this.running.catch(() => {});
    this.methods.catch(() => {});
  }

  handle(message: ToWorker): void {
    switch (message.type) {
      case "boot":
        this.boot(message.options);
        break;
      case "connect-frontend":
        this.hangUps.push(serveFrontend(message.port, this.running));
        break;
      case "call":
        this.answerCall(message.id, message.method, message.args);
        break;
      case "persist":
        void this.running.then((app) => savePersistentFolders(app.pyodide), () => {});
        break;
      case "ping":
        // Answered only when no Python code is running: the page watches for a busy app.
        this.post({ type: "pong", id: message.id });
        break;
      case "unmount":
        // The page is gone: its frontends' sockets close, so their sessions end.
        for (const hangUp of this.hangUps.splice(0)) hangUp();
        break;
    }
  }

  private boot(options: BootOptions): void {
    const report = this.reporter();
    this.running = this.bootApp(options, report);
    this.methods = this.running.then((app) => controllerMethods(app, report));
    this.methods.catch(() => {});
    this.running.then(
      () => this.post({ type: "ready" }),
      (error: unknown) => this.post({ type: "boot-error", ...describeError(error) }),
    );
  }

  /** What boot and the controller tell the page along the way. */
  private reporter(): BootReporter {
    return {
      progress: (stage, text) => this.post({ type: "progress", stage, message: text }),
      problem: (text, detail) => this.post({ type: "problem", message: text, detail }),
      crash: (text, detail) => this.post({ type: "crash", message: text, detail }),
      autoLoad: (packages) => {
        const id = this.nextAutoLoad++;
        this.post({ type: "module-auto-load", id, packages });
        return (error) => this.post({ type: "module-auto-load-done", id, ok: !error, error });
      },
    };
  }

  private answerCall(id: number, method: WorkerMethod, args: unknown[]): void {
    this.calls = this.calls.then(async () => {
      try {
        const call = (await this.methods)[method] as (...args: unknown[]) => unknown;
        this.post({ type: "call-result", id, ok: true, value: await call(...args) });
      } catch (error) {
        this.post({ type: "call-result", id, ok: false, error: describeError(error).detail });
      }
      // A call may have changed persistent folders (writeFile, runPython...): save them.
      const app = await this.running.catch(() => null);
      if (app) void savePersistentFolders(app.pyodide);
    });
  }
}
