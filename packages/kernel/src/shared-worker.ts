/**
 * `sharedWorker: true`: every such app of the origin runs in one SharedWorker, in one
 * interpreter, on one Streamlit runtime (Streamlit allows one per process).
 *
 * The first app to boot loads Pyodide and Streamlit (the others wait for it, then skip
 * that ~5 s) and starts the runtime with its entry point and its `streamlitConfig`; the
 * others join it (wasmlit_shim/apps.py). Each app has its own folder, named after its
 * order on its page (/home/pyodide/apps/<n>, or <n>-2... for the same page in another
 * tab), so its paths and persistent folders stay the same across reloads. Streamlit's
 * config, installed packages, os.environ and caches are shared. An app whose
 * `streamlitConfig` differs from the one in effect is told so (a problem notice).
 */
import type { AppPlace } from "./app-place";
import { boot, type BootReporter } from "./boot";
import { AppConnection } from "./connection";
import type { BootOptions, FromWorker, ToWorker } from "./protocol";
import { transferablesOf } from "./transfer";
import { APP_HOME, type Pyodide } from "./python-runtime";
import type { ShimAppServer } from "./shim-api";

declare const self: SharedWorkerGlobalScope;

export class SharedRuntime {
  private interpreterLoad: Promise<Pyodide> | null = null;
  private runtimeStart: Promise<void> | null = null;
  private configInEffect: Record<string, unknown> | null = null;
  private readonly homesInUse = new Set<string>();

  /** The app's folder: named after its slot on its page, unless a live app (another tab) has it. */
  claimHome(slot: number): string {
    for (let copy = 1; ; copy++) {
      const home = `${APP_HOME}/apps/${copy === 1 ? slot : `${slot}-${copy}`}`;
      if (!this.homesInUse.has(home)) {
        this.homesInUse.add(home);
        return home;
      }
    }
  }

  /** The app left (its page unmounted it or went away): its folder may be claimed again. */
  release(home: string): void {
    this.homesInUse.delete(home);
  }

  place(home: string, report: BootReporter): AppPlace {
    return {
      home,
      alone: false,
      interpreter: (load) => {
        // The first app loads it; if that fails, the next app tries again.
        this.interpreterLoad ??= load().catch((error) => {
          this.interpreterLoad = null;
          throw error;
        });
        return this.interpreterLoad;
      },
      start: (pyodide, options) => this.join(pyodide, `${home}/${options.entrypoint}`, options, report),
    };
  }

  /** Start the runtime for the first app; every app then joins it with its own entry point. */
  private async join(pyodide: Pyodide, entrypoint: string, options: BootOptions, report: BootReporter): Promise<ShimAppServer> {
    const bridge = pyodide.pyimport("wasmlit_shim.bridge");
    if (!this.runtimeStart) {
      this.configInEffect = options.streamlitConfig;
      this.runtimeStart = bridge.start(entrypoint, pyodide.toPy(options.streamlitConfig), true);
      this.runtimeStart.catch(() => {
        this.runtimeStart = null; // the next app starts it with its own entry point
      });
    } else if (JSON.stringify(options.streamlitConfig) !== JSON.stringify(this.configInEffect)) {
      report.problem(
        "This app shares its Streamlit config with the other apps of the shared worker",
        `In effect: ${JSON.stringify(this.configInEffect)}\nAsked for: ${JSON.stringify(options.streamlitConfig)}`,
      );
    }
    await this.runtimeStart;
    return bridge.attach_app(entrypoint);
  }
}

/** Serve each page connection (one per mounted app) with the one shared runtime. */
export function serveSharedWorker(): void {
  const runtime = new SharedRuntime();
  self.onconnect = (event: MessageEvent) => {
    const port = event.ports[0];
    const post = (message: FromWorker) => port.postMessage(message, transferablesOf(message));
    let home: string | null = null;
    const connection = new AppConnection(post, (options, report) => {
      home = runtime.claimHome(options.sharedSlot ?? 0);
      return boot(options, report, runtime.place(home, report));
    });
    port.onmessage = (message: MessageEvent<ToWorker>) => {
      connection.handle(message.data);
      if (message.data.type === "unmount" && home) {
        runtime.release(home);
        home = null;
      }
    };
    port.start();
  };
}
