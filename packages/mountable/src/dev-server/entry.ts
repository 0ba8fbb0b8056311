/**
 * `live-reload.js`: loaded only by pages `wasmlit serve` makes, after wasmlit.js. The page
 * calls `wasmlitLiveReload(app, urls)` with the controller mount() returned.
 */
import { followLiveReload } from "./live-reload";

declare global {
  interface Window {
    wasmlitLiveReload: typeof followLiveReload;
  }
}

window.wasmlitLiveReload = followLiveReload;
