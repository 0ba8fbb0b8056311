/**
 * FrameSettings (messages.ts) in the iframe's `name` and back: the name is readable
 * synchronously, before Streamlit's bundle reads `window.__streamlit`, which it freezes at load.
 */
import type { FrameSettings } from "./messages";

const PREFIX = "wasmlit:";

export function encodeFrameSettings(settings: FrameSettings): string {
  return PREFIX + JSON.stringify(settings);
}

export function decodeFrameSettings(name: string): FrameSettings {
  return name.startsWith(PREFIX) ? (JSON.parse(name.slice(PREFIX.length)) as FrameSettings) : {};
}
