/**
 * When the interpreter dies: a Pyodide fatal error (a WebAssembly trap such as "memory access
 * out of bounds" in compiled code, running out of memory, an internal error, `os._exit`).
 *
 * After one, Pyodide refuses every later call ("Pyodide already fatally failed"), so the app
 * can only come back in a fresh worker (the page's Restart, kernel.ts). This module hooks
 * Pyodide's `on_fatal` once per interpreter and tells every app running in it (a shared
 * worker runs several) what happened in words, with the last Python stack Pyodide prints when it
 * fails (kept here from the output lines python-start.ts passes on).
 */
import type { Pyodide } from "./python-runtime";

export type FatalListener = (message: string, detail: string) => void;

/** How many recent output lines are kept: enough for a deep stack dump. */
const LINES_KEPT = 200;
const recentOutput: string[] = [];

/** Keep one line the interpreter wrote to stdout or stderr (the stack dump of a fatal error goes there). */
export function rememberOutput(line: string): void {
  recentOutput.push(line);
  if (recentOutput.length > LINES_KEPT) recentOutput.splice(0, recentOutput.length - LINES_KEPT);
}

const listenersOf = new WeakMap<Pyodide, Set<FatalListener>>();

/** Call `listener` if this interpreter dies; returns a function that stops listening. */
export function onFatalError(pyodide: Pyodide, listener: FatalListener): () => void {
  let listeners = listenersOf.get(pyodide);
  if (!listeners) {
    const all = new Set<FatalListener>();
    listeners = all;
    listenersOf.set(pyodide, all);
    const api = (pyodide as unknown as { _api?: { on_fatal?: (error: unknown) => void } })._api;
    if (api) {
      api.on_fatal = (error: unknown) => {
        const { message, detail } = describeFatalError(error, recentOutput);
        for (const each of all) each(message, detail);
      };
    }
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A fatal error in words a person can act on, and the details behind it. */
export function describeFatalError(error: unknown, output: readonly string[]): { message: string; detail: string } {
  const text = error instanceof Error ? error.message : String(error);
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  let message: string;
  if (/out of memory|cannot enlarge memory|memory\.grow|allocation failed/i.test(text) || kind === "RangeError") {
    message = `The app's Python ran out of memory and stopped (${text}).`;
  } else if (kind === "Exit" || /exit\(/.test(text)) {
    message = `The app's Python exited and stopped (${text}).`;
  } else if (error instanceof WebAssembly.RuntimeError) {
    message =
      `The app's Python crashed: ${text}. This is an error in compiled code ` +
      "(e.g. a C extension or ctypes reading memory it does not own), not in the script's Python.";
  } else {
    message = `The app's Python stopped after a fatal error: ${text}.`;
  }
  const stack = lastPythonStack(output);
  const jsStack = error instanceof Error && error.stack ? error.stack : "";
  const detail = [
    stack ? `Last Python stack (most recent call first):\n${stack}` : "No Python stack was printed.",
    jsStack ? `Error in the runtime:\n${jsStack}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  return { message, detail };
}

/** The last stack dump (Pyodide prints "Stack (most recent call first):") or traceback in `lines`. */
export function lastPythonStack(lines: readonly string[]): string {
  for (let index = lines.length - 1; index >= 0; index--) {
    if (/^(Stack \(most recent call first\)|Traceback \(most recent call last\)|Current thread)/.test(lines[index].trim())) {
      return lines
        .slice(index + 1)
        .filter((line) => /^\s+(File |\S)/.test(line))
        .join("\n");
    }
  }
  return "";
}
