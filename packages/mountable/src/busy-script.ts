/**
 * Stop and widget changes for a script that never yields, as the page handles them.
 *
 * The iframe's frame script reports each Stop or rerun the frontend sends
 * (`wasmlit:interrupt`). The page then signals the worker through shared memory
 * (Kernel.interrupt, see kernel/src/control-buffer.ts) and checks that the worker answers
 * soon. If it does not, the person sees why, instead of an app that silently ignores
 * Stop: either the page cannot interrupt Python at all (not cross-origin isolated), or
 * the script is stuck somewhere Python cannot be interrupted. The notice goes away as
 * soon as the worker answers again.
 */
import type { ControlKind } from "@wasmlit/kernel/src/protocol";

/** What this module needs of the Kernel. */
export interface Interruptible {
  readonly canInterrupt: boolean;
  interrupt(kind: ControlKind): void;
  ping(timeoutMs: number): Promise<boolean>;
}

/** Where a notice is shown; returns a function that removes it. */
export type ShowNotice = (message: string, detail: string) => () => void;

/** A signalled script stops within ~1 s; only a worker still silent after this is stuck. */
export const ANSWER_WITHIN_MS = 2500;

export const NOT_ISOLATED =
  "The app is busy running Python and cannot be stopped: this page is not cross-origin isolated.";
export const NOT_ISOLATED_DETAIL =
  "Stop and widget changes take effect when the running script returns to Streamlit. " +
  "Interrupting a busy script needs SharedArrayBuffer, which browsers only offer on pages " +
  "served with the headers Cross-Origin-Opener-Policy: same-origin and " +
  "Cross-Origin-Embedder-Policy: require-corp (or credentialless). `wasmlit serve` sets them; " +
  "on a static host, wasmlit's service worker adds them (unless the site was exported with " +
  "--no-isolation). Restart the app to get out of the busy script: its files are kept, session state starts fresh.";
export const STILL_BUSY = "The app is still busy running Python: it did not stop when asked.";
export const STILL_BUSY_DETAIL =
  "The script may be inside a call that Python cannot interrupt (a long computation in " +
  "compiled code, or a call into JavaScript). Stop takes effect when that call returns; " +
  "Restart the app to get out of it now: its files are kept, session state starts fresh.";

/**
 * How long the page keeps checking after a Stop or widget change: the run it starts may
 * answer a first check and only then enter a loop that never yields.
 */
export const FOLLOW_MS = 5000;
const CHECK_EVERY_MS = 250;

export class BusyScriptWatch {
  private watching = false;
  private followUntil = 0;

  constructor(
    private readonly kernel: Interruptible,
    private readonly showNotice: ShowNotice,
  ) {}

  /** The frontend just sent a Stop or rerun. */
  interrupt(kind: ControlKind): void {
    this.kernel.interrupt(kind);
    this.followUntil = performance.now() + FOLLOW_MS;
    void this.watch();
  }

  private async watch(): Promise<void> {
    if (this.watching) return;
    this.watching = true;
    try {
      while (performance.now() < this.followUntil) {
        if (!(await this.kernel.ping(ANSWER_WITHIN_MS))) {
          await this.noticeUntilAnswered();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
      }
    } finally {
      this.watching = false;
    }
  }

  private async noticeUntilAnswered(): Promise<void> {
    const remove = this.kernel.canInterrupt
      ? this.showNotice(STILL_BUSY, STILL_BUSY_DETAIL)
      : this.showNotice(NOT_ISOLATED, NOT_ISOLATED_DETAIL);
    while (!(await this.kernel.ping(ANSWER_WITHIN_MS))) {
      // still busy: keep the notice up
    }
    remove();
  }
}
