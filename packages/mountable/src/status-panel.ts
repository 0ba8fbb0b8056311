/**
 * What a person sees outside the app's iframe: boot progress with its stage, a boot
 * failure with its details, and problems that did not stop the app (a package that could
 * not be fetched). Text only ever goes in through textContent: messages may quote app code.
 */
import type { BootStage } from "@wasmlit/kernel/src/protocol";

const STAGE_LABELS: Record<BootStage, string> = {
  runtime: "Downloading the runtime",
  packages: "Installing packages",
  files: "Writing the app's files",
  app: "Starting the app",
};

const STYLE = `
.wasmlit-status { font: 14px/1.5 system-ui, sans-serif; color: #31333f; }
.wasmlit-progress { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 12px; background: #fff; z-index: 1; }
.wasmlit-spinner { width: 28px; height: 28px; border: 3px solid #e6e6ea; border-top-color: #ff4b4b;
  border-radius: 50%; animation: wasmlit-spin 0.8s linear infinite; }
@keyframes wasmlit-spin { to { transform: rotate(360deg); } }
.wasmlit-error, .wasmlit-problem { margin: 8px; padding: 12px 16px; border-radius: 8px; }
.wasmlit-error { background: #ffecec; border: 1px solid #ff4b4b; }
.wasmlit-problem { background: #fff8e6; border: 1px solid #faca2b; }
.wasmlit-status pre { white-space: pre-wrap; font-size: 12px; max-height: 240px; overflow: auto; }
`;

export class StatusPanel {
  readonly root: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly stageText: HTMLElement;

  constructor(container: HTMLElement, styleNonce?: string) {
    this.root = document.createElement("div");
    this.root.className = "wasmlit-status";
    const style = document.createElement("style");
    if (styleNonce) style.nonce = styleNonce;
    style.textContent = STYLE;
    this.root.append(style);

    this.progress = element("div", "wasmlit-progress");
    this.progress.setAttribute("role", "status");
    this.stageText = element("div", "wasmlit-stage");
    this.progress.append(element("div", "wasmlit-spinner"), this.stageText);
    container.append(this.root, this.progress);
    this.showStage("runtime", STAGE_LABELS.runtime);
  }

  showStage(stage: BootStage, message: string): void {
    this.stageText.textContent = `${STAGE_LABELS[stage]}… ${message === STAGE_LABELS[stage] ? "" : message}`.trim();
  }

  hideProgress(): void {
    this.progress.remove();
  }

  showBootError(message: string, detail: string): void {
    this.hideProgress();
    this.root.append(notice("wasmlit-error", "The app could not start: " + message, detail));
  }

  showProblem(message: string, detail: string): void {
    this.root.append(notice("wasmlit-problem", message, detail));
  }
}

function element(tag: string, className: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

function notice(className: string, message: string, detail: string): HTMLElement {
  const box = element("div", className);
  box.setAttribute("role", "alert");
  const title = element("strong", "wasmlit-message");
  title.textContent = message;
  box.append(title);
  if (detail && detail !== message) {
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "Details";
    const pre = document.createElement("pre");
    pre.textContent = detail;
    details.append(summary, pre);
    box.append(details);
  }
  return box;
}
