/**
 * Where what the Kernel reports about the app goes: the status panel, the crash notice, the
 * controller's events (stlite's names, mounted-app.ts) and the frame. mount() wires these
 * listeners to its Kernel; the busy-script notice is shown the same way.
 */
import type { KernelListeners } from "@wasmlit/kernel/src/kernel";
import type { ShowNotice } from "./busy-script";
import type { AppFrame } from "./app-frame";
import type { CrashRecovery } from "./crash-recovery";
import { restartButton } from "./crash-recovery";
import type { MountedApp } from "./mounted-app";
import type { StatusPanel } from "./status-panel";

/** The parts of the mounted app that show what happens to it. */
export interface AppViews {
  status: Pick<StatusPanel, "showStage" | "hideProgress" | "showBootError" | "showProblem" | "showAutoLoad">;
  recovery: Pick<CrashRecovery, "hide" | "showCrash" | "showRestarting">;
  app: Pick<MountedApp, "loadProgress" | "loadFinished" | "loadError" | "crash" | "moduleAutoLoad">;
  frame: Pick<AppFrame, "hide" | "reload">;
}

export function reportTo({ status, recovery, app, frame }: AppViews): KernelListeners {
  return {
    progress: (stage, message) => {
      status.showStage(stage, message);
      app.loadProgress(message);
    },
    ready: () => {
      recovery.hide();
      status.hideProgress();
      app.loadFinished();
    },
    bootError: (message, detail) => {
      frame.hide(); // its "Connection error" would only repeat this error, over it
      status.showBootError(message, detail);
      app.loadError(message);
    },
    problem: (message, detail) => status.showProblem(message, detail),
    crash: (message, detail) => {
      status.hideProgress();
      recovery.showCrash(message, detail);
      app.crash(message, detail);
    },
    // After a restart the frontend reloads onto the fresh worker, at the page it showed.
    restarting: () => {
      recovery.showRestarting();
      frame.reload();
    },
    moduleAutoLoad: (packages, done) => {
      status.showAutoLoad(packages, done);
      app.moduleAutoLoad(packages, done);
    },
  };
}

/** The busy-script notice (busy-script.ts): a problem on the status panel, with Restart. */
export function busyScriptNotice(status: Pick<StatusPanel, "showProblem">, restart: () => void): ShowNotice {
  return (message, detail) => {
    const notice = status.showProblem(message, detail);
    notice.append(restartButton(restart));
    return () => notice.remove();
  };
}
