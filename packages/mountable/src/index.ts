/**
 * The `<script src=".../wasmlit.js">` entry: defines `window.wasmlit` and, for pages
 * written for stlite, the same object as `window.stlite`, and the `<streamlit-app>`
 * element. It also works as `<script type="module" src=".../wasmlit.js">` (bundle-url.ts
 * finds its folder either way). Types: wasmlit.d.ts next to this bundle (from api.ts).
 */
import type { MountController, MountOptions, WasmlitApi } from "./api";
import { runningScriptFolder } from "./bundle-url";
import { defineStreamlitAppElement } from "./element";
import { mountWithRuntimeAt } from "./public-api";

// The bundle's folder: everything else (worker, frontend, Pyodide) sits next to this script.
const mount = mountWithRuntimeAt(runningScriptFolder());

const api: WasmlitApi = { mount };
window.wasmlit = api;
window.stlite = api;
defineStreamlitAppElement(mount);

export type { MountController, MountOptions };
