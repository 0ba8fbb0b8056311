/** The runtime's `window.wasmlit`, loaded by the preview page's `<script src="../runtime/wasmlit.js">`. */
import type { MountController, MountOptions } from "../../../packages/mountable/src/api";

export type { MountController, MountOptions };

export function runtimeMount(options: MountOptions, element: HTMLElement): MountController {
  const api = (window as unknown as { wasmlit?: { mount(o: MountOptions, e: HTMLElement): MountController } }).wasmlit;
  if (!api) throw new Error("The wasmlit runtime did not load (../runtime/wasmlit.js).");
  return api.mount(options, element);
}
