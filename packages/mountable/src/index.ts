/**
 * The `<script src=".../wasmlit.js">` entry: defines `window.wasmlit` and, for pages
 * written for stlite, the same object as `window.stlite`, and the `<streamlit-app>`
 * element. Types: wasmlit.d.ts next to this bundle (from api.ts).
 */
import type { MountController, MountOptions, WasmlitApi } from "./api";
import { defineStreamlitAppElement } from "./element";
import { mount as mountAt } from "./mount";

// The bundle's folder: everything else (worker, frontend, Pyodide) sits next to this script.
const bundleUrl = new URL("./", (document.currentScript as HTMLScriptElement | null)?.src ?? location.href).href;

function mount(options: MountOptions | string, element: HTMLElement = document.body): MountController {
  return mountAt(options, element, bundleUrl);
}

const api: WasmlitApi = { mount };
window.wasmlit = api;
window.stlite = api;
defineStreamlitAppElement(mount);

export type { MountController, MountOptions };
