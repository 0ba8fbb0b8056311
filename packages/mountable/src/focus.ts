/**
 * Keyboard focus. A full-page app takes the keyboard when its frame loads, so Streamlit's
 * shortcuts (`r` reruns, `c` clears the cache) work without a click, as on a page of native
 * Streamlit. An embedded app is an iframe like any other: it gets the keyboard only when
 * the person clicks into it, which the browser does by itself.
 */
export function focusWhenLoaded(frame: HTMLIFrameElement): void {
  frame.addEventListener("load", () => {
    // Never take the keyboard from something the person is using on the page.
    const active = document.activeElement;
    if (active === null || active === document.body || active === document.documentElement) frame.focus();
  });
}
