/**
 * Where an app runs in its interpreter. A dedicated worker runs one app ALONE: the app's
 * folder is the interpreter's home and Streamlit is started for it. A shared worker
 * (shared-worker.ts) runs several apps in one interpreter, each in a folder of its own.
 */
import type { BootOptions } from "./protocol";
import { APP_HOME, type Pyodide } from "./python-runtime";
import type { ShimAppServer } from "./shim-api";

export interface AppPlace {
  /** The app's folder: its files go there and it is the working directory of its runs. */
  home: string;
  /** The interpreter with Streamlit installed; `load` makes one (a shared worker calls it once). */
  interpreter(load: () => Promise<Pyodide>): Promise<Pyodide>;
  /** Start Streamlit for the app; resolves to the glue the worker talks to for this app. */
  start(pyodide: Pyodide, options: BootOptions): Promise<ShimAppServer>;
  /** The only app of its interpreter: every request its worker makes is this app's (own-routes.ts). */
  alone: boolean;
}

export const ALONE: AppPlace = {
  home: APP_HOME,
  alone: true,
  interpreter: (load) => load(),
  async start(pyodide, options) {
    const bridge = pyodide.pyimport("wasmlit_shim.bridge");
    await bridge.start(`${APP_HOME}/${options.entrypoint}`, pyodide.toPy(options.streamlitConfig));
    return bridge;
  },
};
