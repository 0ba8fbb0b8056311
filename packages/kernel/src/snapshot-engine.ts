/**
 * What a memory snapshot must not carry over from the engine that made it.
 *
 * CPython (Emscripten) calls C function pointers through a "trampoline" it picks at start-up
 * for the engine it runs on, and keeps its pointer in `_PyRuntime`, i.e. in the heap a
 * snapshot copies. The build makes the snapshot under Node, whose WebAssembly cannot compile
 * the fast trampoline, so the snapshot holds "call through JavaScript". Restored in Chromium,
 * every Python call then passes through a JavaScript frame, and JSPI cannot suspend a stack
 * with JavaScript frames: `time.sleep`, synchronous HTTP and interrupting a busy script fail
 * ("SuspendError: trying to suspend JS frames"). So the trampoline the fresh module picked
 * for this browser is read before the snapshot is copied in, and put back after.
 */

/** The parts of an Emscripten module read here (exports of Pyodide's asm module). */
interface EmscriptenModule {
  HEAP32: Int32Array;
  __PyRuntime: number;
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET: number;
}

function trampolineSlot(module: EmscriptenModule): number | null {
  const runtime = module.__PyRuntime;
  const offsetAddress = module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET;
  if (typeof runtime !== "number" || typeof offsetAddress !== "number") return null; // another Pyodide
  return (runtime + module.HEAP32[offsetAddress >> 2]) >> 2;
}

export class EngineState {
  private trampoline: number | null = null;

  /** Call on the fresh module, before the snapshot overwrites its heap. */
  remember(module: EmscriptenModule): void {
    const slot = trampolineSlot(module);
    this.trampoline = slot === null ? null : module.HEAP32[slot];
  }

  /** Call once the snapshot is restored. */
  restore(module: EmscriptenModule): void {
    const slot = trampolineSlot(module);
    if (slot !== null && this.trampoline !== null) module.HEAP32[slot] = this.trampoline;
  }
}
