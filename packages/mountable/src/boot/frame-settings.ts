/**
 * What mount() tells a frontend iframe before its first script runs. It travels in the
 * iframe's `name` (readable synchronously, before Streamlit's bundle reads
 * `window.__streamlit`, which it freezes at load).
 */
export interface FrameSettings {
  /** Extra host-config keys (mount's `hostConfig` option), merged over our defaults. */
  hostConfig?: Record<string, unknown>;
}

const PREFIX = "wasmlit:";

export function encodeFrameSettings(settings: FrameSettings): string {
  return PREFIX + JSON.stringify(settings);
}

export function decodeFrameSettings(name: string): FrameSettings {
  return name.startsWith(PREFIX) ? (JSON.parse(name.slice(PREFIX.length)) as FrameSettings) : {};
}

/** Messages between mount() and a frontend iframe (the app's own traffic uses the port). */
export type FrameMessage =
  | { type: "wasmlit:hello" }
  | { type: "wasmlit:port" }
  | { type: "wasmlit:height"; height: number }
  /** The frontend sent a Stop or rerun; a busy script must be interrupted to read it. */
  | { type: "wasmlit:interrupt"; kind: "stop" | "rerun" };
