/**
 * The ES module entry, `wasmlit.mjs`: `import { mount } from ".../wasmlit.mjs"`. The
 * runtime's files are found next to this module (`import.meta.url`), or at
 * `options.bundleUrl` (a bundler that moved this code away from them). Importing it also
 * defines the `<streamlit-app>` element; it sets no globals (wasmlit.js does).
 */
import { moduleFolder } from "./bundle-url";
import { defineStreamlitAppElement } from "./element";
import { mountWithRuntimeAt } from "./public-api";

export const mount = mountWithRuntimeAt(moduleFolder(import.meta.url));
defineStreamlitAppElement(mount);

export type * from "./api";
