/**
 * A custom component is an iframe whose `src` is the app's `component/...` URL. The browser
 * loads it, and its scripts, by itself: the frame script's fetch/XHR replacements never see
 * those requests; only the service worker can answer them from the app's worker. Where it
 * cannot run, the component's frame says so (instead of a blank frame or a 404 page).
 */
import { NEEDS_SERVICE_WORKER, controlled, type ServiceWorkerStatus } from "../sw-client/register";

/** How long a frame waits for a just-registered service worker to take this page before it says why it waits. */
const TAKEOVER_WAIT_MS = 3000;

export function guardComponentFrames(
  backendBase: URL,
  serviceWorker: Promise<ServiceWorkerStatus>,
  prepare: (frame: HTMLIFrameElement) => void = () => {},
): void {
  const componentUrl = new URL("component/", backendBase).href;
  const isComponentFrame = (node: Node): node is HTMLIFrameElement =>
    node instanceof HTMLIFrameElement && node.src.startsWith(componentUrl);

  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (isComponentFrame(node)) void check(node);
        else if (node instanceof Element) node.querySelectorAll("iframe").forEach((f) => isComponentFrame(f) && check(f));
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  async function check(frame: HTMLIFrameElement): Promise<void> {
    prepare(frame);
    if (controlled()) return;
    const status = await serviceWorker;
    if (!status.active) {
      explain(frame, `This custom component ${NEEDS_SERVICE_WORKER}. Here, ${status.reason}.`);
      return;
    }
    // A service worker that just activated takes this page over (clients.claim()) soon, later
    // on a busy machine: then the frame loads again, through it. Until then the frame says why
    // it waits; a force-reloaded page is never taken over, and the frame keeps saying so.
    const reason = "it runs, but does not serve this page yet (was the page force-reloaded?)";
    const waiting = `This custom component ${NEEDS_SERVICE_WORKER}. Here, ${reason}.`;
    const slow = setTimeout(() => explain(frame, waiting), TAKEOVER_WAIT_MS);
    await takenOver();
    clearTimeout(slow);
    frame.removeAttribute("srcdoc"); // an explanation shown meanwhile would hide the reloaded page
    frame.src = frame.src;
  }
}

/** Resolves when this page is served by the service worker (never, if it is not taken over). */
function takenOver(): Promise<void> {
  if (controlled()) return Promise.resolve();
  return new Promise((resolve) => {
    navigator.serviceWorker?.addEventListener("controllerchange", () => resolve(), { once: true });
  });
}

function explain(frame: HTMLIFrameElement, message: string): void {
  console.warn(`[wasmlit] ${message}`);
  const paragraph = document.createElement("p");
  paragraph.textContent = message; // plain text: the reason may quote URLs
  paragraph.style.cssText = "font: 14px sans-serif; color: #a33; margin: 8px;";
  frame.srcdoc = paragraph.outerHTML;
}
