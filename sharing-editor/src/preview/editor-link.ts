/**
 * The preview's side of the editor protocol: answers the editor's origin only, and carries
 * each request to the mount controller (no reboots, so the app keeps its session).
 */
import type { EditorMessage, PreviewMessage } from "../shared/protocol";
import { fromPeer, isEditorMessage } from "../shared/protocol-guards";
import { nextLoadIsolatable } from "./offline";
import { completions, syntaxProblems } from "./python-tools";
import { runtimeMount, type MountController } from "./runtime";

export function servePreview(editorOrigin: string, element: HTMLElement): void {
  let app: MountController | null = null;
  // Requests run one after another, in the order sent: an install finishes before the
  // writes that need it, a rename before the write to the new name.
  let queue: Promise<void> = Promise.resolve();

  const send = (message: PreviewMessage): void => window.parent.postMessage(message, editorOrigin);

  const boot = (message: Extract<EditorMessage, { type: "wasmlit-editor:boot" }>): void => {
    app?.unmount();
    element.replaceChildren();
    send({ type: "wasmlit-preview:status", state: "booting", message: "Starting Python…" });
    const { project } = message;
    app = runtimeMount(
      {
        entrypoint: project.entrypoint,
        files: project.files,
        requirements: project.requirements,
        idbfsMountpoints: project.persist ?? [],
        ...(message.packageIndexUrl ? { packageIndexUrl: message.packageIndexUrl } : {}),
      },
      element,
    );
    app.addEventListener("loadProgress", (event) =>
      send({ type: "wasmlit-preview:status", state: "booting", message: event.detail }),
    );
    app.addEventListener("loadFinished", () =>
      send({ type: "wasmlit-preview:status", state: "running", message: "Running" }),
    );
    app.addEventListener("loadError", (event) =>
      send({ type: "wasmlit-preview:status", state: "failed", message: event.detail.message }),
    );
  };

  const handle = async (message: EditorMessage): Promise<void> => {
    if (message.type === "wasmlit-editor:boot") {
      boot(message);
      send({ type: "wasmlit-preview:done", id: message.id, error: null });
      return;
    }
    if (app === null) {
      send({ type: "wasmlit-preview:done", id: message.id, error: "No app is running yet." });
      return;
    }
    try {
      switch (message.type) {
        case "wasmlit-editor:write":
          await app.writeFile(message.path, message.content);
          break;
        case "wasmlit-editor:unlink":
          await app.unlink(message.path);
          break;
        case "wasmlit-editor:rename":
          await app.renameFile(message.from, message.to);
          break;
        case "wasmlit-editor:install":
          await app.install(message.requirements);
          break;
        case "wasmlit-editor:complete":
          send({ type: "wasmlit-preview:completions", id: message.id, items: await completions(app, message) });
          return;
        case "wasmlit-editor:check":
          send({ type: "wasmlit-preview:diagnostics", id: message.id, problems: await syntaxProblems(app, message.code, message.path) });
          return;
      }
      send({ type: "wasmlit-preview:done", id: message.id, error: null });
    } catch (error) {
      send({ type: "wasmlit-preview:done", id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  };

  window.addEventListener("message", (event) => {
    if (!fromPeer(event, window.parent, editorOrigin) || !isEditorMessage(event.data)) return;
    const message = event.data;
    queue = queue.then(() => handle(message));
  });
  void nextLoadIsolatable().then((isolatable) => send({ type: "wasmlit-preview:ready", isolatable }));
}
