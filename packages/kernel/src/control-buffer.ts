/**
 * How the page reaches a Python script that never yields (e.g. `while True: pass`).
 *
 * A busy worker cannot read its messages or send the script's output, so the frontend's
 * Stop (or a widget change) would wait until the script ends. On a cross-origin-isolated
 * page the Kernel shares this SharedArrayBuffer with its worker and writes a signal number
 * that Pyodide polls between bytecodes (`pyodide.setInterruptBuffer`): after each Stop or
 * rerun the frontend sends, and a "tick" every TICK_MS. Python's handler
 * (python/shim/wasmlit_shim/interrupts.py) pauses the script briefly so the worker's event
 * loop can run, as a server's thread scheduler would.
 *
 * The buffer's layout and signal numbers are wire format, in protocol.ts. The two counters
 * tell a paused script whether signalled messages are still on their way (then it waits for
 * them) or were already handled (then the signal is stale).
 */
import { CONTROL_SIGNALS, CONTROL_SLOT_COUNT, CONTROL_SLOTS, type ControlKind } from "./protocol";
import type { Pyodide } from "./python-runtime";

/** How often a busy script lets the event loop run: its output streams at this pace. */
export const TICK_MS = 100;

const { signal: SIGNAL, signalled: SIGNALLED, received: RECEIVED } = CONTROL_SLOTS;

/** Page side: the buffer of one (dedicated) worker, and the tick that keeps a busy script responsive. */
export class InterruptSignals {
  readonly buffer: SharedArrayBuffer;
  private readonly slots: Int32Array;
  private readonly ticker: ReturnType<typeof setInterval>;

  /** Undefined where the page cannot share memory with a worker (not cross-origin isolated). */
  static create(): InterruptSignals | undefined {
    if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer === "undefined") return undefined;
    return new InterruptSignals(new SharedArrayBuffer(CONTROL_SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT));
  }

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.slots = new Int32Array(buffer);
    // An idle worker does not mind: the signal waits in the buffer and is ignored outside a script.
    this.ticker = setInterval(() => Atomics.compareExchange(this.slots, SIGNAL, 0, CONTROL_SIGNALS.tick), TICK_MS);
  }

  /** A control message has just been sent to the worker: make a busy script read it. */
  signal(kind: ControlKind): void {
    Atomics.add(this.slots, SIGNALLED, 1); // counted first: the handler must see it when the signal fires
    if (kind === "stop") {
      Atomics.store(this.slots, SIGNAL, CONTROL_SIGNALS.stop);
    } else if (Atomics.compareExchange(this.slots, SIGNAL, 0, CONTROL_SIGNALS.rerun) !== 0) {
      Atomics.compareExchange(this.slots, SIGNAL, CONTROL_SIGNALS.tick, CONTROL_SIGNALS.rerun); // never over a Stop
    }
  }

  dispose(): void {
    clearInterval(this.ticker);
  }
}

/** Worker side: the counters, as the shim's bridge (`enable_interrupts`) reads them. */
export class ControlCounters {
  readonly signals = CONTROL_SIGNALS;
  private readonly slots: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer);
  }

  /** Streamlit has handled one more control message (the shim calls this). */
  markReceived(): void {
    Atomics.add(this.slots, RECEIVED, 1);
  }

  signalled(): number {
    return Atomics.load(this.slots, SIGNALLED);
  }

  received(): number {
    return Atomics.load(this.slots, RECEIVED);
  }

  /** Messages up to `count` will never arrive (their frontend went away): stop waiting for them. */
  giveUpOn(count: number): void {
    const received = Atomics.load(this.slots, RECEIVED);
    if (received < count) Atomics.add(this.slots, RECEIVED, count - received);
  }

  /** Have Python call its handler again shortly (it was inside Streamlit's own code). */
  signalAgain(signal: number): void {
    Atomics.compareExchange(this.slots, SIGNAL, 0, signal);
  }
}

/**
 * Worker side: let the page interrupt the app's scripts through `buffer`. Python's handler
 * needs the shim's patches, so call this once Streamlit has started.
 */
export function enableInterrupts(pyodide: Pyodide, buffer: SharedArrayBuffer): void {
  pyodide.setInterruptBuffer(new Int32Array(buffer, SIGNAL * Int32Array.BYTES_PER_ELEMENT, 1));
  const bridge = pyodide.pyimport("wasmlit_shim.bridge");
  bridge.enable_interrupts(new ControlCounters(buffer));
  bridge.destroy();
}
