/**
 * What a person sees when the app's Python dies, and their way back: the crash in words
 * (what happened, the last Python stack in its details) with a Restart button; while a fresh
 * worker boots, "Restarting the app…". Restart (here, from the busy-script notice, or the
 * controller's `restart()`) goes through the Kernel, which boots the app with its current
 * files (kernel/src/app-files.ts); the frontend iframe is then reloaded onto it by mount().
 * Text only ever goes in through textContent: tracebacks quote app code.
 */
import { detailsBlock } from "./status-panel";

export const RESTART_LABEL = "Restart the app";
export const RESTARTING = "Restarting the app…";

export interface CrashRecoveryOptions {
  /** Show nothing (stlite's `disableErrorToasts`): the page listens to `crash` and calls `restart()`. */
  hideErrors?: boolean;
}

export class CrashRecovery {
  private crashNotice: HTMLElement | null = null;
  private restartingNotice: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly restart: () => void,
    private readonly options: CrashRecoveryOptions = {},
  ) {}

  /** The worker died: say what happened and offer Restart. */
  showCrash(message: string, detail: string): void {
    this.clear();
    if (this.options.hideErrors) return;
    const box = document.createElement("div");
    box.className = "wasmlit-error wasmlit-crash";
    box.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = message;
    const hint = document.createElement("p");
    hint.textContent =
      "The app stopped and cannot continue. Restart it to run it again with its current files " +
      "(persistent folders are kept; widget values and session state start fresh).";
    box.append(title, hint);
    if (detail) box.append(detailsBlock(detail));
    box.append(restartButton(this.restart));
    this.root.append(box);
    this.crashNotice = box;
  }

  /** A fresh worker is booting the app. */
  showRestarting(): void {
    this.clear();
    if (this.options.hideErrors) return;
    const box = document.createElement("div");
    box.className = "wasmlit-info";
    box.setAttribute("role", "status");
    box.textContent = RESTARTING;
    this.root.append(box);
    this.restartingNotice = box;
  }

  /** The app runs again (or for the first time). */
  hide(): void {
    this.clear();
  }

  private clear(): void {
    this.crashNotice?.remove();
    this.restartingNotice?.remove();
    this.crashNotice = this.restartingNotice = null;
  }
}

/** A "Restart the app" button, for the crash notice and the busy-script notice. */
export function restartButton(restart: () => void): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "wasmlit-restart";
  button.textContent = RESTART_LABEL;
  button.addEventListener("click", () => {
    button.disabled = true;
    restart();
  });
  return button;
}
