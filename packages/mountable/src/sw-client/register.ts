/**
 * Register the service worker (wasmlit-sw.js in the bundle's folder, scoped to that folder),
 * from the page that mounts an app or from the frontend iframe, whichever is on the
 * bundle's origin. Where it cannot run, say why: what needs it then does not work.
 */
import { SERVICE_WORKER_FILE, serviceWorkerUrlFor } from "../service-worker/script-url";

export type ServiceWorkerStatus = { active: true } | { active: false; reason: string };

/** What a person reads when a feature needs the service worker and there is none. */
export const NEEDS_SERVICE_WORKER =
  "needs wasmlit's service worker, which cannot run here: serve the page over http(s) " +
  "(or localhost) from the same origin as the wasmlit bundle";

let registered: Promise<ServiceWorkerStatus> | undefined;
/** Whether this page wants an isolating service worker (isolate-page.ts); unset keeps what is registered. */
let isolationChoice: boolean | undefined;

/** Call before registering: true asks for the isolating service worker, false for the plain one. */
export function chooseIsolation(isolate: boolean): void {
  isolationChoice ??= isolate;
}

export function registerServiceWorker(bundleUrl: string): Promise<ServiceWorkerStatus> {
  registered ??= register(new URL(bundleUrl));
  return registered;
}

async function register(bundle: URL): Promise<ServiceWorkerStatus> {
  if (bundle.origin !== location.origin) {
    return { active: false, reason: `the bundle (${bundle.origin}) is on another origin than this page` };
  }
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    return { active: false, reason: `this page (${location.protocol}//${location.host}) is not a secure context` };
  }
  try {
    const registration = await navigator.serviceWorker.register(await serviceWorkerUrl(bundle), {
      scope: bundle.pathname,
    });
    await whenActive(registration);
    return { active: true };
  } catch (error) {
    const reason = `the service worker could not start (${error instanceof Error ? error.message : String(error)})`;
    return { active: false, reason };
  }
}

/**
 * The service worker's URL: isolation as the page chose (isolate-page.ts), the rest as registered
 * now. A registration with another URL replaces the current one, so a page that did not choose
 * keeps cross-origin isolation (service-worker/isolation.ts) when another registered the isolating
 * one, and every page keeps an offline copy another asked for (the editor's preview does).
 */
async function serviceWorkerUrl(bundle: URL): Promise<string> {
  const plain = new URL(SERVICE_WORKER_FILE, bundle).href;
  const registration = await navigator.serviceWorker.getRegistration(bundle.pathname);
  const current = (registration?.installing ?? registration?.waiting ?? registration?.active)?.scriptURL;
  return serviceWorkerUrlFor(plain, current, isolationChoice);
}

function whenActive(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker || worker.state === "activated") return Promise.resolve();
  return new Promise((resolve, reject) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve();
      else if (worker.state === "redundant") reject(new Error("it was replaced before it activated"));
    });
  });
}

/** Say once, in the console, what does not work without the service worker, and why. */
export function reportMissingServiceWorker(status: Promise<ServiceWorkerStatus>): void {
  void status.then((result) => {
    if (result.active) return;
    console.warn(
      `[wasmlit] No service worker: ${result.reason}. The app runs, but what the browser loads by ` +
        "URL from the app is not served: custom components, app/static files in <img> and the " +
        "like, st.App routes fetched from the page, and reloading a page's deep link.",
    );
  });
}

/** Whether this document's requests go through a service worker now. */
export function controlled(): boolean {
  return !!navigator.serviceWorker?.controller;
}
