/**
 * Keyboard focus. A full-page app takes the keyboard when its frame loads, so Streamlit's
 * shortcuts (`r` reruns, `c` clears the cache) work without a click, as on a page of native
 * Streamlit. An embedded app is an iframe like any other: it gets the keyboard only when
 * the person clicks into it, which the browser does by itself. So is a full-page app whose
 * page is itself framed by another (the sharing editor's preview, a site embedding an
 * export): taking the keys there would pull them out of the editor the person is typing in.
 */
export function focusWhenLoaded(frame: HTMLIFrameElement): void {
  frame.addEventListener("load", () => {
    // Never take the keyboard from something the person is using, on this page or around it.
    if (window.top !== window && !document.hasFocus()) return;
    const active = document.activeElement;
    if (active === null || active === document.body || active === document.documentElement) frame.focus();
  });
}
