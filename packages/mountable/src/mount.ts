/**
 * mount(): run a Streamlit app in a worker and show it in an element of this page.
 *
 * The app is drawn by the stock frontend in an iframe from the bundle's origin; the
 * iframe gets its own MessagePort to the worker, so app traffic and app HTML never pass
 * through this page. Options are checked first: a bad one is shown in the element and
 * thrown, naming it, before anything starts.
 */
import { Kernel } from "@wasmlit/kernel/src/kernel";
import type { MountController, MountOptions } from "./api";
import { embeddingPageAddress, HostUrl } from "./app-url";
import { encodeFrameSettings, type FrameMessage } from "./frame/frame-settings";
import { MountedApp } from "./mounted-app";
import { MountOptionError, parseMountOptions, type ParsedOptions } from "./options";
import { TabTitle } from "./page-title";
import { focusWhenLoaded } from "./focus";
import { addressedRoute, showAddressedRoute } from "./route-view";
import { randomAppId } from "./sw-client/app-requests";
import { serveHostPageRequests } from "./sw-client/host-page-requests";
import { settleIsolation } from "./sw-client/isolate-page";
import { StatusPanel } from "./status-panel";
import { BusyScriptWatch } from "./busy-script";
import { CrashRecovery, restartButton } from "./crash-recovery";
import { runtimeFiles } from "./bundle-url";

export type { MountController };

export function mount(options: MountOptions | string, element: HTMLElement, bundleUrl: string): MountController {
  const fullPage = element === document.body;
  const container = document.createElement("div");
  container.className = "wasmlit-app";
  container.style.cssText = fullPage
    ? "position: fixed; inset: 0; display: flex; flex-direction: column;"
    : "position: relative; min-height: 160px;";
  element.append(container);

  let parsed: ParsedOptions;
  try {
    parsed = parseMountOptions(options, bundleUrl);
  } catch (error) {
    if (error instanceof MountOptionError) new StatusPanel(container, { hideProgress: true }).showOptionError(error.message);
    throw error;
  }
  const { boot: bootOptions, page } = parsed;
  const status = new StatusPanel(container, {
    hideProgress: page.disableProgressToasts,
    hideErrors: page.disableErrorToasts,
    hideAutoLoad: page.disableModuleAutoLoadToasts,
    noStylesheet: page.disableDocumentStyles,
    styleNonce: page.styleNonce,
  });

  const frame = document.createElement("iframe");
  const files = runtimeFiles(bundleUrl);
  const frameUrl = new URL(files.frontendPage);
  // Cross-origin isolation first: a fresh visit of an export may reload once (isolate-page.ts).
  const isolation = settleIsolation(bundleUrl, page.crossOriginIsolation);
  void isolation.settled.then(() => (frame.src = frameUrl.href));
  // The page's URL shows the app's page and query string (app-url.ts), for one app per page.
  const hostUrl = HostUrl.claim(bundleUrl, (location) =>
    frame.contentWindow?.postMessage({ type: "wasmlit:navigate", location } satisfies FrameMessage, frameUrl.origin),
  );
  const appId = randomAppId();
  // Read again when the frame reloads onto a restarted worker, at the page it showed.
  const frameSettings = () =>
    encodeFrameSettings({
      hostConfig: page.hostConfig,
      appId,
      location: hostUrl?.current(),
      address: hostUrl?.address() ?? embeddingPageAddress(),
      isolate: isolation.isolate,
    });
  frame.name = frameSettings();
  frame.title = "Streamlit app";
  frame.style.cssText = fullPage
    ? "flex: 1; width: 100%; border: 0;"
    : "display: block; width: 100%; height: 160px; border: 0;";
  container.append(frame);
  if (fullPage) focusWhenLoaded(frame);

  const tabTitle = (page.followAppTitle ?? fullPage) ? new TabTitle(frameUrl.origin) : null;

  const app = new MountedApp();
  const recovery = new CrashRecovery(status.root, () => void app.restart(), { hideErrors: page.disableErrorToasts });
  // After a restart the frontend reloads onto the fresh worker, at the page it showed.
  const reloadFrame = () => {
    frame.name = frameSettings();
    frame.src = frameUrl.href;
  };
  const kernel = new Kernel(
    files.worker,
    bootOptions,
    {
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
        frame.style.display = "none"; // its "Connection error" would only repeat this error, over it
        status.showBootError(message, detail);
        app.loadError(message);
      },
      problem: (message, detail) => status.showProblem(message, detail),
      crash: (message, detail) => {
        status.hideProgress();
        recovery.showCrash(message, detail);
        app.crash(message, detail);
      },
      restarting: () => {
        recovery.showRestarting();
        reloadFrame();
      },
      moduleAutoLoad: (packages, done) => {
        status.showAutoLoad(packages, done);
        app.moduleAutoLoad(packages, done);
      },
    },
    { shared: page.sharedWorker, startAfter: isolation.settled },
  );

  const busyScript = new BusyScriptWatch(kernel, (message, detail) => {
    const notice = status.showProblem(message, detail);
    notice.append(restartButton(() => void app.restart()));
    return () => notice.remove();
  });

  // Each (re)load of the frontend says hello and gets a fresh channel to the worker.
  const onFrameMessage = (event: MessageEvent<FrameMessage>) => {
    if (event.source !== frame.contentWindow || event.origin !== frameUrl.origin) return;
    if (event.data?.type === "wasmlit:hello") {
      const channel = new MessageChannel();
      kernel.connectFrontend(channel.port1);
      frame.contentWindow!.postMessage({ type: "wasmlit:port" } satisfies FrameMessage, frameUrl.origin, [
        channel.port2,
      ]);
    } else if (event.data?.type === "wasmlit:interrupt") {
      busyScript.interrupt(event.data.kind);
    } else if (event.data?.type === "wasmlit:height" && !fullPage) {
      frame.style.height = `${Math.max(event.data.height, 160)}px`;
    } else if (event.data?.type === "wasmlit:location") {
      hostUrl?.follow(event.data.location, event.data.push);
    } else if (event.data?.type === "wasmlit:tab") {
      tabTitle?.show(event.data);
    }
  };
  window.addEventListener("message", onFrameMessage);
  // The service worker: component files, deep links, and this page's fetches to the app's routes.
  const stopServingPage = serveHostPageRequests(bundleUrl, (port) => kernel.connectFrontend(port));
  // This tab was opened at one of the app's routes (`/api/users`): show its answer.
  const route = hostUrl && addressedRoute(bundleUrl);
  if (route) showAddressedRoute(route, container, app.loaded, (port) => kernel.connectFrontend(port));

  // Persistent folders are saved after every run; save once more when the page hides,
  // and tell a shared worker that this page's app is gone when the page is.
  const onHidden = () => document.visibilityState === "hidden" && kernel.persist();
  const onPageHide = (event: PageTransitionEvent) => {
    kernel.persist();
    if (kernel.shared && !event.persisted) kernel.terminate();
  };
  document.addEventListener("visibilitychange", onHidden);
  window.addEventListener("pagehide", onPageHide);

  app.attach(kernel, () => {
    window.removeEventListener("message", onFrameMessage);
    hostUrl?.release();
    tabTitle?.release();
    stopServingPage();
    document.removeEventListener("visibilitychange", onHidden);
    window.removeEventListener("pagehide", onPageHide);
    kernel.terminate();
    container.remove();
  });
  return app;
}
