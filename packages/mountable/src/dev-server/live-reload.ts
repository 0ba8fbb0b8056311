/**
 * `wasmlit serve`'s live reload, the page's half (python/wasmlit/live_reload.py is the
 * server's): each change the dev server sends as a server-sent event is applied to the running
 * app through its mount controller, one change at a time and in order. Packages first, so the
 * rerun that a written file starts finds them; failures go back to the terminal.
 */
import type { MountController } from "../api";

/** Where the dev server offers each part (relative to the page). */
export interface LiveReloadUrls {
  /** Server-sent events, one `LiveChange` (JSON) each. */
  events: string;
  /** The app's files: `files + path`. */
  files: string;
  /** POST a line of text here and the terminal prints it. */
  errors: string;
}

/** One event's data: `Changes.event_data()` in live_reload.py. */
export interface LiveChange {
  install: string[];
  written: string[];
  removed: string[];
}

type Controller = Pick<MountController, "install" | "unlink" | "writeFile">;

/** Apply one change; every failure is reported, and the rest of the change still applied. */
export async function applyChange(
  app: Controller,
  change: LiveChange,
  readFile: (name: string) => Promise<Uint8Array>,
  report: (message: string) => void,
): Promise<void> {
  if (change.install.length) {
    const names = change.install.join(", ");
    await app.install(change.install).catch((error: Error) => report(`could not install ${names}: ${error.message}`));
  }
  for (const name of change.removed) {
    await app.unlink(name).catch((error: Error) => report(`could not delete ${name}: ${error.message}`));
  }
  for (const name of change.written) {
    try {
      await app.writeFile(name, await readFile(name));
    } catch (error) {
      report(`could not update ${name}: ${(error as Error).message}`);
    }
  }
}

/** Follow the dev server's changes for `app` until the page goes away. */
export function followLiveReload(app: Controller, urls: LiveReloadUrls): EventSource {
  const report = (message: string) => {
    console.error(`wasmlit live reload: ${message}`);
    fetch(urls.errors, { method: "POST", body: message }).catch(() => {});
  };
  const readFile = async (name: string) => {
    const response = await fetch(urls.files + name.split("/").map(encodeURIComponent).join("/"), { cache: "no-store" });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  let applied = Promise.resolve();
  const events = new EventSource(urls.events);
  events.onmessage = (event: MessageEvent<string>) => {
    const change = JSON.parse(event.data) as LiveChange;
    applied = applied.then(() => applyChange(app, change, readFile, report));
  };
  return events;
}
