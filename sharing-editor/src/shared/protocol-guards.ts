/**
 * What each side accepts from the other: the sender's origin and window, and the message's
 * shape (protocol.ts). Anything else is dropped, never half-read.
 */
import type { EditorMessage, PreviewMessage } from "./protocol";

type Shape = Record<string, "string" | "number" | "boolean" | "object" | "array" | "content" | "nullable-string">;

const EDITOR_SHAPES: Record<EditorMessage["type"], Shape> = {
  "wasmlit-editor:boot": { id: "number", project: "object", packageIndexUrl: "nullable-string" },
  "wasmlit-editor:write": { id: "number", path: "string", content: "content" },
  "wasmlit-editor:unlink": { id: "number", path: "string" },
  "wasmlit-editor:rename": { id: "number", from: "string", to: "string" },
  "wasmlit-editor:install": { id: "number", requirements: "array" },
  "wasmlit-editor:complete": { id: "number", path: "string", code: "string", line: "number", column: "number" },
  "wasmlit-editor:check": { id: "number", path: "string", code: "string" },
};

const PREVIEW_SHAPES: Record<PreviewMessage["type"], Shape> = {
  "wasmlit-preview:ready": { isolatable: "boolean" },
  "wasmlit-preview:status": { state: "string", message: "string" },
  "wasmlit-preview:done": { id: "number", error: "nullable-string" },
  "wasmlit-preview:completions": { id: "number", items: "array" },
  "wasmlit-preview:diagnostics": { id: "number", problems: "array" },
};

function fits(value: unknown, kind: Shape[string]): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "nullable-string":
      return value === null || typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "content":
      return typeof value === "string" || value instanceof Uint8Array;
  }
}

function hasShape<T>(data: unknown, shapes: Record<string, Shape>): data is T {
  if (typeof data !== "object" || data === null) return false;
  const record = data as Record<string, unknown>;
  const shape = typeof record.type === "string" && Object.hasOwn(shapes, record.type) ? shapes[record.type] : undefined;
  return shape !== undefined && Object.entries(shape).every(([key, kind]) => fits(record[key], kind));
}

export function isEditorMessage(data: unknown): data is EditorMessage {
  return hasShape<EditorMessage>(data, EDITOR_SHAPES);
}

export function isPreviewMessage(data: unknown): data is PreviewMessage {
  return hasShape<PreviewMessage>(data, PREVIEW_SHAPES);
}

/** Whether a message event comes from the expected window and origin. */
export function fromPeer(event: MessageEvent, peer: Window | null, origin: string): boolean {
  return peer !== null && event.source === peer && event.origin === origin;
}
