/**
 * `idbfsMountpoints`: folders kept in the browser's IndexedDB (Emscripten's IDBFS).
 *
 * Restored before the app's files are written, so before its first run; saved after
 * every script run (the shim reports run ends), after every controller call, and when the
 * page hides. IDBFS saves every mounted folder at once, so the state here is per
 * interpreter: a shared worker mounts each folder once, for all its apps.
 */
import { BootError } from "./errors";
import type { Pyodide } from "./python-runtime";

interface InterpreterState {
  folders: Set<string>;
  hookedToRuns: boolean;
  saving: Promise<void> | null;
  saveAgain: boolean;
  /**
   * Restores in progress, one after another. Apps of a shared worker boot together (a
   * restart boots them all at once): a save made while another app's folder is still being
   * restored would write that folder back empty and lose its files, so saves wait for them.
   */
  restoring: Promise<void>;
  restoresInFlight: number;
}

const states = new WeakMap<Pyodide, InterpreterState>();

function stateOf(pyodide: Pyodide): InterpreterState {
  let state = states.get(pyodide);
  if (!state) {
    state = {
      folders: new Set(),
      hookedToRuns: false,
      saving: null,
      saveAgain: false,
      restoring: Promise.resolve(),
      restoresInFlight: 0,
    };
    states.set(pyodide, state);
  }
  return state;
}

/** Mount each folder (absolute paths) on IndexedDB and load what it held. */
export function restorePersistentFolders(pyodide: Pyodide, folders: string[]): Promise<void> {
  const state = stateOf(pyodide);
  state.restoresInFlight++;
  const restore = state.restoring
    .then(() => restoreInTurn(pyodide, state, folders))
    .finally(() => {
      if (--state.restoresInFlight === 0 && state.saveAgain) {
        state.saveAgain = false;
        void savePersistentFolders(pyodide);
      }
    });
  state.restoring = restore.catch(() => {});
  return restore;
}

async function restoreInTurn(pyodide: Pyodide, state: InterpreterState, folders: string[]): Promise<void> {
  const fresh = folders.filter((folder) => !state.folders.has(folder));
  if (!fresh.length) return;
  // Loading from IndexedDB reloads every mounted folder: save the ones in use first.
  if (state.folders.size) {
    await state.saving;
    await syncfs(pyodide, false);
  }
  for (const folder of fresh) {
    try {
      pyodide.FS.mkdirTree(folder);
      pyodide.FS.mount(pyodide.FS.filesystems.IDBFS, {}, folder);
    } catch (error) {
      throw new BootError(`Could not keep the folder "${folder}" in IndexedDB`, String(error));
    }
    state.folders.add(folder);
  }
  await syncfs(pyodide, true).catch((error) => {
    throw new BootError(`Could not restore ${fresh.join(", ")} from IndexedDB`, String(error));
  });
}

/** Save after every script run of every app of this interpreter (hooked once). */
export function saveAfterEveryRun(pyodide: Pyodide): void {
  const state = stateOf(pyodide);
  if (state.hookedToRuns || !state.folders.size) return;
  state.hookedToRuns = true;
  const bridge = pyodide.pyimport("wasmlit_shim.bridge");
  bridge.on_script_finished(() => void savePersistentFolders(pyodide));
  bridge.destroy();
}

/** Save every persistent folder; calls made while a save runs coalesce into one more save. */
export function savePersistentFolders(pyodide: Pyodide): Promise<void> {
  const state = stateOf(pyodide);
  if (!state.folders.size) return Promise.resolve();
  if (state.saving || state.restoresInFlight) {
    state.saveAgain = true;
    return state.saving ?? state.restoring;
  }
  state.saving = syncfs(pyodide, false)
    .catch((error) => console.error("wasmlit: could not save to IndexedDB", error))
    .finally(() => {
      state.saving = null;
      if (state.saveAgain) {
        state.saveAgain = false;
        void savePersistentFolders(pyodide);
      }
    });
  return state.saving;
}

/** FS.syncfs as a promise: `populate` loads from IndexedDB, else saves to it. */
function syncfs(pyodide: Pyodide, populate: boolean): Promise<void> {
  return new Promise((resolve, reject) =>
    pyodide.FS.syncfs(populate, (error: unknown) => (error ? reject(error) : resolve())),
  );
}
