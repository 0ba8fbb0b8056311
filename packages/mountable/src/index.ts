/**
 * The `<script src=".../wasmlit.js">` entry: defines `window.wasmlit` and, for pages
 * written for stlite, the same object as `window.stlite`.
 */
import { mount as mountAt, type MountController } from "./mount";
import type { MountOptions } from "./options";

// The bundle's folder: everything else (worker, frontend, Pyodide) sits next to this script.
const bundleUrl = new URL("./", (document.currentScript as HTMLScriptElement | null)?.src ?? location.href).href;

function mount(options: MountOptions | string, element: HTMLElement = document.body): MountController {
  return mountAt(options, element, bundleUrl);
}

const api = { mount };
(window as any).wasmlit = api;
(window as any).stlite = api;

export type { MountController, MountOptions };
