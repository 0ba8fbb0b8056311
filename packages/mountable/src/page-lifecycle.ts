/**
 * The app and the page's life: persistent folders are saved after every run; save once more
 * when the page hides, and tell a shared worker that this page's app is gone when the page
 * is (not when it only goes into the back/forward cache).
 */
import type { Kernel } from "@wasmlit/kernel/src/kernel";

/** Follow the page's visibility for `kernel`'s app; returns the function that stops. */
export function persistWhenHidden(kernel: Pick<Kernel, "shared" | "persist" | "terminate">): () => void {
  const onHidden = () => document.visibilityState === "hidden" && kernel.persist();
  const onPageHide = (event: PageTransitionEvent) => {
    kernel.persist();
    if (kernel.shared && !event.persisted) kernel.terminate();
  };
  document.addEventListener("visibilitychange", onHidden);
  window.addEventListener("pagehide", onPageHide);
  return () => {
    document.removeEventListener("visibilitychange", onHidden);
    window.removeEventListener("pagehide", onPageHide);
  };
}
