/**
 * mount(): run a Streamlit app in a worker and show it in an element of this page.
 *
 * The app is drawn by the stock frontend in an iframe from the bundle's origin; the
 * iframe gets its own MessagePort to the worker, so app traffic and app HTML never pass
 * through this page.
 */
import { Kernel } from "@wasmlit/kernel/src/kernel";
import { encodeFrameSettings, type FrameMessage } from "./boot/frame-settings";
import { normalizeOptions, toTransferable, type MountOptions } from "./options";
import { StatusPanel } from "./status-panel";

export interface MountController {
  /** Stop the app's worker and remove everything mount() added to the page. */
  unmount(): void;
  /** Write a file in the app's folder; if the app uses it, the app reruns (as run-on-save). */
  writeFile(path: string, data: string | ArrayBuffer | ArrayBufferView): Promise<void>;
  readFile(path: string, options?: { encoding?: "utf8" }): Promise<string | ArrayBuffer>;
  renameFile(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Run Python in the app's interpreter; resolves to the last expression's value. */
  runPython(code: string): Promise<unknown>;
  /** Install packages (requirement strings) with micropip, as `requirements` does at boot. */
  install(requirements: string[]): Promise<void>;
}

export function mount(options: MountOptions | string, element: HTMLElement, bundleUrl: string): MountController {
  const bootOptions = normalizeOptions(options, bundleUrl);
  const fullPage = element === document.body;

  const container = document.createElement("div");
  container.className = "wasmlit-app";
  container.style.cssText = fullPage
    ? "position: fixed; inset: 0; display: flex; flex-direction: column;"
    : "position: relative; min-height: 160px;";
  element.append(container);
  const status = new StatusPanel(container, undefined);

  const frame = document.createElement("iframe");
  const frameUrl = new URL("frontend/index.html", bundleUrl);
  frame.src = frameUrl.href;
  frame.name = encodeFrameSettings({ hostConfig: typeof options === "string" ? undefined : options.hostConfig });
  frame.title = "Streamlit app";
  frame.style.cssText = fullPage
    ? "flex: 1; width: 100%; border: 0;"
    : "display: block; width: 100%; height: 160px; border: 0;";
  container.append(frame);

  const kernel = new Kernel(new URL("worker.js", bundleUrl).href, bootOptions, {
    progress: (stage, message) => status.showStage(stage, message),
    ready: () => status.hideProgress(),
    bootError: (message, detail) => status.showBootError(message, detail),
    problem: (message, detail) => status.showProblem(message, detail),
  });

  // Each (re)load of the frontend says hello and gets a fresh channel to the worker.
  const onFrameMessage = (event: MessageEvent<FrameMessage>) => {
    if (event.source !== frame.contentWindow) return;
    if (event.data?.type === "wasmlit:hello") {
      const channel = new MessageChannel();
      kernel.connectFrontend(channel.port1);
      frame.contentWindow!.postMessage({ type: "wasmlit:port" } satisfies FrameMessage, frameUrl.origin, [
        channel.port2,
      ]);
    } else if (event.data?.type === "wasmlit:height" && !fullPage) {
      frame.style.height = `${Math.max(event.data.height, 160)}px`;
    }
  };
  window.addEventListener("message", onFrameMessage);

  return {
    unmount() {
      window.removeEventListener("message", onFrameMessage);
      kernel.terminate();
      container.remove();
    },
    writeFile: (path, data) => kernel.call("writeFile", path, toTransferable(data)),
    readFile: (path, options) => kernel.call("readFile", path, options?.encoding ?? null),
    renameFile: (oldPath, newPath) => kernel.call("renameFile", oldPath, newPath),
    unlink: (path) => kernel.call("unlink", path),
    runPython: (code) => kernel.call("runPython", code),
    install: (requirements) => kernel.call("install", requirements),
  };
}
