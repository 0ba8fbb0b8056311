/**
 * The app as it is now, for a restart: its boot options with every change made through the
 * controller since the mount (writeFile, renameFile, unlink, install — the calls live reload
 * and the editor make too). A fresh worker booted with `current()` runs the files the person
 * last saw, not the ones the page mounted with.
 *
 * Bytes are copied when the call is made: the call transfers its buffer to the worker.
 * Renaming or removing a file the options do not hold (one unpacked from an archive) cannot
 * be folded into them; such calls are replayed on the fresh app (`replay`).
 */
import type { BootOptions, FileSource, WorkerMethod } from "./protocol";

/** A controller call to make again on a restarted app, after its boot. */
export interface ReplayedCall {
  method: WorkerMethod;
  args: unknown[];
}

export class AppFiles {
  private readonly files: Record<string, FileSource>;
  private readonly requirements: string[];
  private readonly replays: ReplayedCall[] = [];

  constructor(private readonly options: BootOptions) {
    this.files = Object.fromEntries(Object.entries(options.files).map(([path, source]) => [normal(path), source]));
    this.requirements = [...options.requirements];
  }

  /** Boot options for a fresh worker: the app's files and requirements as they are now. */
  current(): BootOptions {
    return { ...this.options, files: { ...this.files }, requirements: [...this.requirements] };
  }

  /** Calls a restarted app must get again after its boot, in order. */
  replay(): readonly ReplayedCall[] {
    return this.replays;
  }

  /**
   * Called before a controller call is sent (while its bytes are still ours). Returns what to
   * do once the call succeeded: fold it into the current files (a failed call changed nothing).
   */
  prepare(method: WorkerMethod, args: unknown[]): () => void {
    switch (method) {
      case "writeFile": {
        const [path, data] = args as [string, string | ArrayBuffer];
        const copy: FileSource = { data: typeof data === "string" ? data : data.slice(0) };
        return () => {
          this.files[normal(path)] = copy;
        };
      }
      case "renameFile": {
        const [oldPath, newPath] = args as [string, string];
        return () => {
          const source = this.files[normal(oldPath)];
          if (source === undefined) {
            this.replays.push({ method, args: [oldPath, newPath] });
            return;
          }
          delete this.files[normal(oldPath)];
          this.files[normal(newPath)] = source;
        };
      }
      case "unlink": {
        const [path] = args as [string];
        return () => {
          if (!(normal(path) in this.files)) this.replays.push({ method, args: [path] });
          delete this.files[normal(path)];
        };
      }
      case "install": {
        const [requirements] = args as [string[]];
        return () => {
          for (const requirement of requirements) {
            if (!this.requirements.includes(requirement)) this.requirements.push(requirement);
          }
        };
      }
      default:
        return () => {};
    }
  }
}

/** One spelling per file: "./a//b.py" and "a/b.py" are the same file. */
function normal(path: string): string {
  return path
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}
