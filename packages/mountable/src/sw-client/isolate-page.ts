/**
 * Cross-origin isolation by default, so Stop reaches a busy script on a plain static host
 * (GitHub Pages, `python -m http.server`): the page asks wasmlit's service worker to add the
 * COOP/COEP headers (service-worker/isolation.ts) and reloads once, on a fresh visit, to be
 * served with them.
 *
 * Only a page the service worker can serve can be isolated this way: same origin as the bundle
 * and under its folder (an export's pages are). Elsewhere, or where no service worker can run,
 * the app starts at once, not isolated; the busy-script notice then explains Stop and offers
 * Restart. mount()'s `crossOriginIsolation: false` (`wasmlit export/serve --no-isolation`)
 * turns it off, for apps that embed cross-origin frames which do not opt in to COEP.
 *
 * Never a reload loop: the one automatic reload is marked in sessionStorage and not repeated
 * while the page stays not isolated (a browser that ignores `credentialless`); the mark is
 * cleared once the page is isolated, so a later load that bypassed the service worker (a hard
 * reload) may reload once again.
 */
import { isolationRequested } from "../service-worker/script-url";
import { chooseIsolation, registerServiceWorker } from "./register";

/** How long a fresh visit waits for the service worker to take control before starting anyway. */
const CONTROL_WITHIN_MS = 10_000;

/** True if a service worker scoped to the bundle's folder serves this page. */
export function pageIsInServiceWorkerScope(bundleUrl: string): boolean {
  const bundle = new URL(bundleUrl);
  return bundle.origin === location.origin && location.pathname.startsWith(bundle.pathname);
}

/**
 * Decide isolation for this page before the app starts. Resolves when the app may start;
 * never resolves when the page is reloading to come back isolated.
 * `isolate` is what the frontend's own service worker registration must ask for: the page's
 * choice, or undefined (keep what is registered) for a page the service worker cannot serve.
 */
export function settleIsolation(bundleUrl: string, wanted: boolean): { isolate?: boolean; settled: Promise<void> } {
  if (globalThis.crossOriginIsolated) forgetReloadForIsolation();
  if (!pageIsInServiceWorkerScope(bundleUrl)) return { settled: Promise.resolve() };
  chooseIsolation(wanted);
  if (!wanted || globalThis.crossOriginIsolated || !("serviceWorker" in navigator) || !window.isSecureContext) {
    return { isolate: wanted, settled: Promise.resolve() };
  }
  return { isolate: wanted, settled: reloadWhenControlled(bundleUrl) };
}

async function reloadWhenControlled(bundleUrl: string): Promise<void> {
  const status = await registerServiceWorker(bundleUrl);
  if (!status.active) return; // the console says why; the app runs not isolated
  const controlled = navigator.serviceWorker.controller
    ? true
    : await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), CONTROL_WITHIN_MS);
        navigator.serviceWorker.addEventListener(
          "controllerchange",
          () => {
            clearTimeout(timer);
            resolve(true);
          },
          { once: true },
        );
      });
  if (controlled && reloadOnceForIsolation()) await new Promise<never>(() => {});
}

const RELOADED_KEY = "wasmlit:reloaded-for-isolation";

/**
 * Once an isolating service worker is active: a page loaded before it took
 * control is not isolated yet, so reload it, once per tab (if isolation still fails, e.g. in
 * a browser that ignores `credentialless`, the page carries on and explains when it matters).
 * Returns true if the page is reloading.
 */
function reloadOnceForIsolation(): boolean {
  if (globalThis.crossOriginIsolated || !navigator.serviceWorker?.controller) return false;
  if (!isolationRequested(navigator.serviceWorker.controller.scriptURL)) return false;
  if (sessionStorage.getItem(RELOADED_KEY)) return false;
  sessionStorage.setItem(RELOADED_KEY, "1");
  location.reload();
  return true;
}

/** The page is isolated: a later load that is not (a hard reload bypasses the service worker) may reload once again. */
function forgetReloadForIsolation(): void {
  sessionStorage.removeItem(RELOADED_KEY);
}
