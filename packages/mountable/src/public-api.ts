/**
 * The public `mount()` of every entry point: the page's `mount(options, element?)`, with
 * the runtime found at the entry's own folder unless `options.bundleUrl` says otherwise.
 */
import type { MountController, MountOptions } from "./api";
import { chosenBundleUrl } from "./bundle-url";
import { mount as mountAt } from "./mount";

export type PublicMount = (options: MountOptions | string, element?: HTMLElement) => MountController;

export function mountWithRuntimeAt(defaultBundleUrl: string): PublicMount {
  return (options, element = document.body) => mountAt(options, element, chosenBundleUrl(options, defaultBundleUrl));
}
