/**
 * Downloads keep their file name.
 *
 * On a server, `st.download_button`'s file is named by the `Content-Disposition` header of
 * its `/media/...` response. Here the file is a `blob:` URL made in the worker, which has no
 * headers: the browser would save it under the blob's random id. The shim appends the name
 * to the URL as a fragment (python/shim/wasmlit_shim/media.py, DOWNLOAD_NAME_MARKER), and
 * module copies it into the `download` attribute of the link the frontend clicks. That link
 * is an `<a download="">` the frontend creates and clicks without ever adding it to the
 * document, so no event listener sees the click: `HTMLAnchorElement.click` is wrapped.
 */
const DOWNLOAD_NAME_MARKER = "#wasmlit-download=";

/** The file name a download URL carries, or null. */
export function downloadName(href: string): string | null {
  const at = href.indexOf(DOWNLOAD_NAME_MARKER);
  if (!href.startsWith("blob:") || at < 0) return null;
  try {
    return decodeURIComponent(href.slice(at + DOWNLOAD_NAME_MARKER.length));
  } catch {
    return null;
  }
}

export function nameDownloads(anchor: typeof HTMLAnchorElement): void {
  const nativeClick = anchor.prototype.click;
  anchor.prototype.click = function (this: HTMLAnchorElement): void {
    if (this.hasAttribute("download") && !this.getAttribute("download")) {
      const name = downloadName(this.href);
      if (name) this.setAttribute("download", name);
    }
    nativeClick.call(this);
  };
}
