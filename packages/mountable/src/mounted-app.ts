/**
 * The controller mount() returns: the app's file and Python calls, and its events under
 * stlite's names and shapes (loadProgress, loadFinished, loadError, moduleAutoLoad, and
 * one per call with its promise). It is an EventTarget; `_kernel` is itself, for pages
 * written for stlite, which listen on `controller._kernel`.
 */
import type { Kernel } from "@wasmlit/kernel/src/kernel";
import type {
  AppEventListener,
  AppEventMap,
  AppEventName,
  AppMetrics,
  AutoLoadedPackage,
  FileData,
  MountController,
} from "./api";
import { toTransferable } from "./options";

export class MountedApp extends EventTarget implements MountController {
  readonly loaded: Promise<void>;
  private markLoaded!: () => void;
  private markFailed!: (error: Error) => void;
  private kernel: Kernel | null = null;
  private teardown: () => void = () => {};
  /** The first boot ended, either way. */
  private settled = false;

  constructor() {
    super();
    this.loaded = new Promise<void>((resolve, reject) => {
      this.markLoaded = resolve;
      this.markFailed = reject;
    });
    this.loaded.catch(() => {}); // listening is optional
  }

  /** Wire the running kernel and what unmount() must undo. */
  attach(kernel: Kernel, teardown: () => void): void {
    this.kernel = kernel;
    this.teardown = teardown;
  }

  get _kernel(): MountController {
    return this;
  }

  // ---- events, fired by mount() as the kernel reports ----

  loadProgress(message: string): void {
    this.dispatchEvent(new CustomEvent("loadProgress", { detail: message }));
  }

  loadFinished(): void {
    this.settled = true;
    this.markLoaded();
    this.dispatchEvent(new Event("loadFinished"));
  }

  loadError(message: string): void {
    this.settled = true;
    const error = new Error(message);
    this.markFailed(error);
    this.dispatchEvent(new CustomEvent("loadError", { detail: error }));
  }

  /** The app's Python died (a crash before the app ran is also a loadError). */
  crash(message: string, detail: string): void {
    this.dispatchEvent(new CustomEvent("crash", { detail: { message, detail } }));
    if (!this.settled) this.loadError(message);
  }

  moduleAutoLoad(packages: string[], done: Promise<void>): void {
    const promise = done.then((): AutoLoadedPackage[] => packages.map((name) => ({ name })));
    promise.catch(() => {}); // a failure is also shown as a problem; listening is optional
    this.dispatchEvent(new CustomEvent("moduleAutoLoad", { detail: { packagesToLoad: packages, promise } }));
  }

  // ---- calls ----

  unmount(): void {
    const teardown = this.teardown;
    this.teardown = () => {};
    this.kernel = null;
    teardown();
  }

  restart(): Promise<void> {
    if (!this.kernel) return Promise.reject(new Error("The app was unmounted."));
    return this.kernel.restart();
  }

  install(requirements: string[], _options?: Record<string, unknown>): Promise<void> {
    const promise = this.call("install", requirements);
    return this.announce("install", { requirements, promise });
  }

  writeFile(path: string, data: FileData, _opts?: Record<string, unknown>): Promise<void> {
    const promise = this.call("writeFile", path, toTransferable(data));
    return this.announce("writeFile", { path, promise });
  }

  readFile(path: string, opts?: { encoding?: "utf8" | "binary" }): Promise<string | Uint8Array> {
    const promise = this.call("readFile", path, opts?.encoding === "utf8" ? "utf8" : null).then((content) =>
      typeof content === "string" ? content : new Uint8Array(content),
    );
    return this.announce("readFile", { path, promise });
  }

  renameFile(oldPath: string, newPath: string): Promise<void> {
    const promise = this.call("renameFile", oldPath, newPath);
    return this.announce("renameFile", { oldPath, newPath, promise });
  }

  unlink(path: string): Promise<void> {
    const promise = this.call("unlink", path);
    return this.announce("unlink", { path, promise });
  }

  runPython(code: string): Promise<unknown> {
    return this.call("runPython", code);
  }

  metrics(): Promise<AppMetrics> {
    return this.call("metrics") as Promise<AppMetrics>;
  }

  // Typed overloads of EventTarget's, for the names of AppEventMap.
  addEventListener<K extends AppEventName>(
    type: K,
    listener: AppEventListener<K>,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  removeEventListener<K extends AppEventName>(
    type: K,
    listener: AppEventListener<K>,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  private call: Kernel["call"] = (method, ...args) => {
    if (!this.kernel) return Promise.reject(new Error("The app was unmounted."));
    return this.kernel.call(method, ...args);
  };

  /** Fire the call's event (stlite's shape: the arguments and the promise); return the promise. */
  private announce<K extends "install" | "writeFile" | "readFile" | "renameFile" | "unlink">(
    type: K,
    detail: AppEventMap[K]["detail"],
  ): AppEventMap[K]["detail"]["promise"] {
    this.dispatchEvent(new CustomEvent(type, { detail }));
    return detail.promise;
  }
}
