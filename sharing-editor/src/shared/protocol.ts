/**
 * Every message between the editor (one origin) and its preview frame (another origin).
 * Types only; the checks each side runs on what arrives are in protocol-guards.ts.
 *
 * The editor posts to the frame's window with the preview's origin as target; the preview
 * posts to `window.parent` with the editor's origin as target. Each side drops any message
 * whose `event.origin` and `event.source` are not the other side's.
 */
import type { AppProject, FileContent } from "./app-files";

/** Editor → preview. `id` pairs a request with its `done` answer. */
export type EditorMessage =
  /** Run this app from scratch (first open, or another app opened in the editor). */
  | { type: "wasmlit-editor:boot"; id: number; project: AppProject; packageIndexUrl: string | null }
  /** Write a file of the running app (the app reruns when it uses the file). */
  | { type: "wasmlit-editor:write"; id: number; path: string; content: FileContent }
  | { type: "wasmlit-editor:unlink"; id: number; path: string }
  | { type: "wasmlit-editor:rename"; id: number; from: string; to: string }
  /** Install requirement strings before the files that need them are written. */
  | { type: "wasmlit-editor:install"; id: number; requirements: string[] }
  /** Completions at a position of a file (1-based line, 0-based column, as jedi counts). */
  | { type: "wasmlit-editor:complete"; id: number; path: string; code: string; line: number; column: number }
  /** Compile a Python file without running it; answered by `diagnostics`. */
  | { type: "wasmlit-editor:check"; id: number; path: string; code: string };

export type EditorMessageType = EditorMessage["type"];

export interface Completion {
  label: string;
  /** jedi's type: "function", "module", "class", "instance", "keyword", "statement"… */
  type: string;
}

export interface SyntaxProblem {
  message: string;
  /** 1-based line, 0-based column, as Python reports them. */
  line: number;
  column: number;
}

/** Preview → editor. */
export type PreviewMessage =
  /**
   * The frame is listening; the editor may send `boot`. `isolatable`: the preview's service
   * worker serves its next load, so an isolated editor may frame it (shared/isolation-mark.ts).
   */
  | { type: "wasmlit-preview:ready"; isolatable: boolean }
  /** The app's state, shown by the editor next to the preview. */
  | { type: "wasmlit-preview:status"; state: "booting" | "running" | "failed"; message: string }
  /** A request finished; `error` says why it failed. */
  | { type: "wasmlit-preview:done"; id: number; error: string | null }
  | { type: "wasmlit-preview:completions"; id: number; items: Completion[] }
  | { type: "wasmlit-preview:diagnostics"; id: number; problems: SyntaxProblem[] };

export type PreviewMessageType = PreviewMessage["type"];
