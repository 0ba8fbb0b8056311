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
import { AppFrame, MIN_FRAME_HEIGHT } from "./app-frame";
import { busyScriptNotice, reportTo } from "./app-reports";
import { embeddingPageAddress, HostUrl } from "./app-url";
import { runtimeFiles } from "./bundle-url";
import { BusyScriptWatch } from "./busy-script";
import { CrashRecovery } from "./crash-recovery";
import { MountedApp } from "./mounted-app";
import { MountOptionError, parseMountOptions, type ParsedOptions } from "./options";
import { persistWhenHidden } from "./page-lifecycle";
import { TabTitle } from "./page-title";
import { addressedRoute, showAddressedRoute } from "./route-view";
import { StatusPanel } from "./status-panel";
import { randomAppId } from "./sw-client/app-requests";
import { serveHostPageRequests } from "./sw-client/host-page-requests";
import { settleIsolation } from "./sw-client/isolate-page";

export type { MountController };

export function mount(options: MountOptions | string, element: HTMLElement, bundleUrl: string): MountController {
  const fullPage = element === document.body;
  const container = appContainer(element, fullPage);
  const { boot: bootOptions, page } = parseOrShow(options, bundleUrl, container);
  const status = new StatusPanel(container, {
    hideProgress: page.disableProgressToasts,
    hideErrors: page.disableErrorToasts,
    hideAutoLoad: page.disableModuleAutoLoadToasts,
    noStylesheet: page.disableDocumentStyles,
    styleNonce: page.styleNonce,
  });
  const files = runtimeFiles(bundleUrl);
  // Cross-origin isolation first: a fresh visit of an export may reload once (isolate-page.ts).
  const isolation = settleIsolation(bundleUrl, page.crossOriginIsolation);
  // The page's URL shows the app's page and query string (app-url.ts), for one app per page.
  const hostUrl = HostUrl.claim(bundleUrl, (location) => frame.navigate(location));
  const appId = randomAppId();
  // The frame's handlers run on its messages, after mount() returns: they may use parts made below.
  const frame = new AppFrame(files.frontendPage, container, {
    fullPage,
    settings: () => ({
      hostConfig: page.hostConfig,
      appId,
      location: hostUrl?.current(),
      address: hostUrl?.address() ?? embeddingPageAddress(),
      isolate: isolation.isolate,
    }),
    connect: (port) => kernel.connectFrontend(port),
    interrupt: (kind) => busyScript.interrupt(kind),
    followLocation: (location, push) => hostUrl?.follow(location, push),
    showTab: (tab) => tabTitle?.show(tab),
  });
  void isolation.settled.then(() => frame.load());
  const tabTitle = (page.followAppTitle ?? fullPage) ? new TabTitle(frame.origin) : null;

  const app = new MountedApp();
  const recovery = new CrashRecovery(status.root, () => void app.restart(), { hideErrors: page.disableErrorToasts });
  const kernel = new Kernel(files.worker, bootOptions, reportTo({ status, recovery, app, frame }), {
    shared: page.sharedWorker,
    startAfter: isolation.settled,
  });
  const busyScript = new BusyScriptWatch(kernel, busyScriptNotice(status, () => void app.restart()));

  // The service worker: component files, deep links, and this page's fetches to the app's routes.
  const stopServingPage = serveHostPageRequests(bundleUrl, (port) => kernel.connectFrontend(port));
  // This tab was opened at one of the app's routes (`/api/users`): show its answer.
  const route = hostUrl && addressedRoute(bundleUrl);
  if (route) showAddressedRoute(route, container, app.loaded, (port) => kernel.connectFrontend(port));
  const stopPersisting = persistWhenHidden(kernel);

  app.attach(kernel, () => {
    frame.release();
    hostUrl?.release();
    tabTitle?.release();
    stopServingPage();
    stopPersisting();
    kernel.terminate();
    container.remove();
  });
  return app;
}

/** The element the app lives in: the whole page, or a box of `element`. */
function appContainer(element: HTMLElement, fullPage: boolean): HTMLElement {
  const container = document.createElement("div");
  container.className = "wasmlit-app";
  container.style.cssText = fullPage
    ? "position: fixed; inset: 0; display: flex; flex-direction: column;"
    : `position: relative; min-height: ${MIN_FRAME_HEIGHT}px;`;
  element.append(container);
  return container;
}

/** The options, checked; a mistake in them is shown in `container` (naming it) and thrown. */
function parseOrShow(options: MountOptions | string, bundleUrl: string, container: HTMLElement): ParsedOptions {
  try {
    return parseMountOptions(options, bundleUrl);
  } catch (error) {
    if (error instanceof MountOptionError) new StatusPanel(container, { hideProgress: true }).showOptionError(error.message);
    throw error;
  }
}
