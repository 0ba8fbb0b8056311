/**
 * The editor's side of the protocol: the preview iframe (another origin) and requests to it,
 * each answered by the preview's `done` (or `completions`, `diagnostics`) with the same id.
 */
import type { AppProject, FileContent } from "../shared/app-files";
import type { Completion, EditorMessage, PreviewMessage, SyntaxProblem } from "../shared/protocol";
import { forgetIsolatable, markedPreviewOrigin, markIsolatable } from "../shared/isolation-mark";
import { fromPeer, isPreviewMessage } from "../shared/protocol-guards";

/** How long the preview page may take to load and say it is listening. */
const PREVIEW_ANSWER_MS = 30_000;
const LEFT_ISOLATION_KEY = "wasmlit-editor:left-isolation";

/**
 * An isolated editor whose preview does not answer may be what blocks it (the preview's
 * service worker, which sends the headers that allow it, is gone): forget the mark and reload
 * once, not isolated. True if the page is reloading.
 */
function leaveIsolation(): boolean {
  if (!globalThis.crossOriginIsolated || sessionStorage.getItem(LEFT_ISOLATION_KEY)) return false;
  sessionStorage.setItem(LEFT_ISOLATION_KEY, "1");
  void forgetIsolatable(location.href).then(() => location.reload());
  return true;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/** An editor message without its id (it is added when sent). */
type Request = EditorMessage extends infer M ? (M extends EditorMessage ? Omit<M, "id"> : never) : never;

export class PreviewFrame {
  readonly frame: HTMLIFrameElement;
  readonly origin: string;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly ready: Promise<void>;

  constructor(
    previewUrl: URL,
    container: HTMLElement,
    private readonly onStatus: (state: "booting" | "running" | "failed", message: string) => void,
  ) {
    this.origin = previewUrl.origin;
    const url = new URL(previewUrl.href);
    url.hash = new URLSearchParams({ editor: location.origin }).toString();
    this.frame = document.createElement("iframe");
    this.frame.title = "App preview";
    this.frame.className = "preview-frame";
    // The preview is another origin: no `sandbox` is needed to keep it from this page, and
    // the runtime needs workers, storage and a service worker of its own there.
    // `cross-origin-isolated`: an isolated editor (its service worker, from the second visit)
    // lets the preview be isolated too, so Stop reaches a script that never yields.
    this.frame.allow = "clipboard-write; fullscreen; cross-origin-isolated";
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    window.addEventListener("message", (event) => {
      if (!fromPeer(event, this.frame.contentWindow, this.origin) || !isPreviewMessage(event.data)) return;
      this.receive(event.data, markReady);
    });
    this.frame.src = url.href;
    container.append(this.frame);
    // A preview that never says it is ready (offline before its first visit, or its host is
    // down) is said so, rather than left as a blank pane.
    const silence = setTimeout(() => {
      if (leaveIsolation()) return;
      this.onStatus("failed", `The preview (${this.origin}) did not answer: you may be offline, or its site cannot be reached. Your code is safe here; reload to try again.`);
    }, PREVIEW_ANSWER_MS);
    // Isolated for another preview than this one (the site's preview moved): it would be blocked.
    if (globalThis.crossOriginIsolated) {
      void markedPreviewOrigin(location.href).then((marked) => marked !== this.origin && leaveIsolation());
    }
    void this.ready.then(() => clearTimeout(silence));
  }

  private receive(message: PreviewMessage, markReady: () => void): void {
    switch (message.type) {
      case "wasmlit-preview:ready":
        markReady();
        sessionStorage.removeItem(LEFT_ISOLATION_KEY);
        void (message.isolatable ? markIsolatable(location.href, this.origin) : forgetIsolatable(location.href));
        return;
      case "wasmlit-preview:status":
        this.onStatus(message.state === "failed" ? "failed" : message.state === "running" ? "running" : "booting", message.message);
        return;
      case "wasmlit-preview:done":
        this.settle(message.id, message.error === null ? null : new Error(message.error), undefined);
        return;
      case "wasmlit-preview:completions":
        this.settle(message.id, null, message.items);
        return;
      case "wasmlit-preview:diagnostics":
        this.settle(message.id, null, message.problems);
        return;
    }
  }

  private settle(id: number, error: Error | null, value: unknown): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (error) pending.reject(error);
    else pending.resolve(value);
  }

  private async request<T>(message: Request): Promise<T> {
    await this.ready;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.frame.contentWindow?.postMessage({ ...message, id } as EditorMessage, this.origin);
    });
  }

  boot(project: AppProject, packageIndexUrl: string | null): Promise<void> {
    return this.request({ type: "wasmlit-editor:boot", project, packageIndexUrl });
  }
  write(path: string, content: FileContent): Promise<void> {
    return this.request({ type: "wasmlit-editor:write", path, content });
  }
  unlink(path: string): Promise<void> {
    return this.request({ type: "wasmlit-editor:unlink", path });
  }
  rename(from: string, to: string): Promise<void> {
    return this.request({ type: "wasmlit-editor:rename", from, to });
  }
  install(requirements: string[]): Promise<void> {
    return this.request({ type: "wasmlit-editor:install", requirements });
  }
  complete(path: string, code: string, line: number, column: number): Promise<Completion[]> {
    return this.request({ type: "wasmlit-editor:complete", path, code, line, column });
  }
  check(path: string, code: string): Promise<SyntaxProblem[]> {
    return this.request({ type: "wasmlit-editor:check", path, code });
  }
}
