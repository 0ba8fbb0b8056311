/**
 * Opening one of an `st.App`'s routes in a tab (`/api/users` in the address bar), as on a
 * server.
 *
 * Such a URL names no tab, so the service worker never hands it to another tab's app; it
 * serves the app's page, as for any missing path under the app, and this tab runs the
 * app itself. Once the app runs, if the path is one of its routes, the page shows that
 * route's answer instead of the app. The answer is shown, never run in this page: text and
 * JSON as text, images as images, HTML in a sandboxed frame, anything else as a download.
 */
import { BackendChannel, type HttpReply } from "./frame/channel";
import { isPagePath } from "./service-worker/routes";

/** The route path this page's URL asks for ("/api/users"), or null for the app's pages. */
export function addressedRoute(bundleUrl: string): string | null {
  const base = new URL(bundleUrl);
  if (location.origin !== base.origin || !location.pathname.startsWith(base.pathname)) return null;
  const rest = location.pathname.slice(base.pathname.length);
  if (rest === "" || rest === "index.html" || isPagePath(rest)) return null;
  return "/" + rest;
}

/** When the app is up, show the route's answer in `container` if the app has that route. */
export function showAddressedRoute(
  path: string,
  container: HTMLElement,
  loaded: Promise<void>,
  connect: (port: MessagePort) => void,
): void {
  void loaded.then(async () => {
    const { port1, port2 } = new MessageChannel();
    connect(port1);
    const channel = new BackendChannel();
    channel.attach(port2);
    const reply = await channel.request("GET", path, location.search.slice(1), [["accept", "*/*"]], null, {
      ifRouted: true,
    });
    port2.close();
    if (!reply.notRouted) container.replaceChildren(viewOf(reply));
  }, () => {});
}

function viewOf(reply: HttpReply): HTMLElement {
  const type = reply.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
  const blob = new Blob([reply.body], { type });
  if (type.startsWith("image/")) {
    return Object.assign(document.createElement("img"), { src: URL.createObjectURL(blob), alt: location.pathname });
  }
  if (type.startsWith("text/html")) {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", ""); // no scripts, its own opaque origin
    frame.srcdoc = new TextDecoder().decode(reply.body);
    frame.style.cssText = "width: 100%; height: 100%; border: 0;";
    return frame;
  }
  if (type.startsWith("text/") || type.includes("json") || type.includes("xml") || type === "") {
    const text = document.createElement("pre");
    text.textContent = new TextDecoder().decode(reply.body);
    text.style.cssText = "margin: 8px; white-space: pre-wrap; word-break: break-all;";
    return text;
  }
  const name = location.pathname.split("/").pop() || "download";
  return Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(blob),
    download: name,
    textContent: `Download ${name} (${type}, ${reply.body.byteLength} bytes)`,
  });
}
