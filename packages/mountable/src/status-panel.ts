/**
 * What a person sees outside the app's iframe: boot progress with its stage, a boot
 * failure with its details, problems that did not stop the app (a package that could not
 * be fetched), and packages being installed for new imports. Text only ever goes in
 * through textContent: messages may quote app code.
 *
 * Looks: one `<style>` of `.wasmlit-*` rules (with `styleNonce`, for a page's CSP), left
 * out with `disableDocumentStyles`, so the page styles those classes itself. What the
 * panel needs to work at all (the overlay covering the frame, the spinner turning) is set
 * through the CSSOM and the Web Animations API, which a CSP does not block.
 */
import type { BootStage } from "@wasmlit/kernel/src/protocol";

const STAGE_LABELS: Record<BootStage, string> = {
  runtime: "Downloading Python runtime",
  packages: "Installing packages",
  files: "Writing the app's files",
  app: "Starting the app",
};

const STYLE = `
.wasmlit-status { font: 14px/1.5 system-ui, sans-serif; color: #31333f; }
.wasmlit-progress { background: #fff; font: 14px/1.5 system-ui, sans-serif; color: #31333f; }
.wasmlit-spinner { width: 28px; height: 28px; border: 3px solid #e6e6ea; border-top-color: #ff4b4b; border-radius: 50%; }
.wasmlit-error, .wasmlit-problem, .wasmlit-info { margin: 8px; padding: 12px 16px; border-radius: 8px; }
.wasmlit-error { background: #ffecec; border: 1px solid #ff4b4b; }
.wasmlit-problem { background: #fff8e6; border: 1px solid #faca2b; }
.wasmlit-info { background: #eef4ff; border: 1px solid #8fb3ff; }
.wasmlit-status pre { white-space: pre-wrap; font-size: 12px; max-height: 240px; overflow: auto; }
`;

export interface StatusPanelOptions {
  /** Show no boot progress (stlite's `disableProgressToasts`). */
  hideProgress?: boolean;
  /** Show no boot errors or problems (stlite's `disableErrorToasts`). */
  hideErrors?: boolean;
  /** Show nothing while packages for new imports install (stlite's `disableModuleAutoLoadToasts`). */
  hideAutoLoad?: boolean;
  /** Add no `<style>` to the page. */
  noStylesheet?: boolean;
  styleNonce?: string;
}

export class StatusPanel {
  readonly root: HTMLElement;
  private readonly progress: HTMLElement | null;
  private readonly stageText: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly options: StatusPanelOptions = {},
  ) {
    this.root = element("div", "wasmlit-status");
    if (!options.noStylesheet) {
      const style = document.createElement("style");
      if (options.styleNonce) style.nonce = options.styleNonce;
      style.textContent = STYLE;
      this.root.append(style);
    }
    container.append(this.root);

    this.stageText = element("div", "wasmlit-stage");
    this.progress = options.hideProgress ? null : this.createProgress(container);
    this.showStage("runtime", STAGE_LABELS.runtime);
  }

  /** The worker's own words for where boot is ("Downloading Python runtime: 12 of 31 MB"), once. */
  showStage(stage: BootStage, message: string): void {
    this.stageText.textContent = message || STAGE_LABELS[stage];
  }

  hideProgress(): void {
    this.progress?.remove();
  }

  showBootError(message: string, detail: string): void {
    this.hideProgress();
    if (!this.options.hideErrors) this.root.append(notice("wasmlit-error", "The app could not start: " + message, detail));
  }

  /** A mistake in mount()'s options: always shown (the options that could hide it are in doubt). */
  showOptionError(message: string): void {
    this.hideProgress();
    this.root.append(notice("wasmlit-error", message, ""));
  }

  /** Returns the notice (not shown, with `hideErrors`), so a caller can remove it later. */
  showProblem(message: string, detail: string): HTMLElement {
    const box = notice("wasmlit-problem", message, detail);
    if (!this.options.hideErrors) this.root.append(box);
    return box;
  }

  /** "Installing x, y…" while `done` is pending (a failure shows up as a problem). */
  showAutoLoad(packages: string[], done: Promise<unknown>): void {
    if (this.options.hideAutoLoad) return;
    const box = notice("wasmlit-info", `Installing ${packages.join(", ")} for the app's imports…`, "");
    box.setAttribute("role", "status");
    this.root.append(box);
    done.then(
      () => box.remove(),
      () => box.remove(),
    );
  }

  /** A full cover over the app's frame, laid out through the CSSOM so it works with no stylesheet. */
  private createProgress(container: HTMLElement): HTMLElement {
    const progress = element("div", "wasmlit-progress");
    progress.setAttribute("role", "status");
    Object.assign(progress.style, {
      position: "absolute",
      inset: "0",
      display: "flex",
      flexDirection: "column",
      alignItems: "center",
      justifyContent: "center",
      gap: "12px",
      zIndex: "1",
    });
    if (this.options.noStylesheet) progress.style.background = "#fff";
    const spinner = element("div", "wasmlit-spinner");
    if (this.options.noStylesheet) {
      Object.assign(spinner.style, { width: "28px", height: "28px", border: "3px solid #e6e6ea", borderTopColor: "#ff4b4b", borderRadius: "50%" });
    }
    spinner.animate?.([{ transform: "rotate(0deg)" }, { transform: "rotate(360deg)" }], { duration: 800, iterations: Infinity });
    progress.append(spinner, this.stageText);
    container.append(progress);
    return progress;
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
  if (detail && detail !== message) box.append(detailsBlock(detail));
  return box;
}

/** A collapsed "Details" block with `detail` as plain text (tracebacks quote app code). */
export function detailsBlock(detail: string): HTMLElement {
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Details";
  const pre = document.createElement("pre");
  pre.textContent = detail;
  details.append(summary, pre);
  return details;
}
