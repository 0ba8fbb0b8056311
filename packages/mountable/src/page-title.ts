/**
 * The tab's title and icon follow the app where the app is the page (`wasmlit serve`,
 * exports, a mount() on document.body): what `st.set_page_config(page_title=...,
 * page_icon=...)` and the current page of `st.navigation` say, as a bookmark should keep it.
 * An embedding page keeps its own (mount option `followAppTitle`).
 *
 * Both come from the app's frame, where app code runs: the title is only ever plain text
 * (`document.title`), and the icon only an image URL the tab loads (`data:image/...`,
 * http(s), or a `blob:` of the app's own origin); anything else is ignored.
 */

/** A title longer than this is cut: a tab shows a few dozen characters anyway. */
const MAX_TITLE_LENGTH = 500;

export class TabTitle {
  private readonly originalTitle = document.title;
  /** The page's own icon links and their hrefs, put back on release. */
  private readonly originalIcons = new Map<HTMLLinkElement, string>();
  private addedIcon: HTMLLinkElement | null = null;

  constructor(private readonly frameOrigin: string) {}

  show(change: { title?: unknown; icon?: unknown }): void {
    const title = tabTitle(change.title);
    if (title !== null) document.title = title;
    const icon = tabIconUrl(change.icon, this.frameOrigin);
    if (icon !== null) this.showIcon(icon);
  }

  /** The app is gone: the page's own title and icon come back. */
  release(): void {
    document.title = this.originalTitle;
    this.originalIcons.forEach((href, link) => (link.href = href));
    this.addedIcon?.remove();
  }

  private showIcon(href: string): void {
    const links = [...document.querySelectorAll<HTMLLinkElement>("link[rel~='icon']")];
    if (links.length === 0) {
      this.addedIcon = Object.assign(document.createElement("link"), { rel: "icon" });
      document.head.append(this.addedIcon);
      links.push(this.addedIcon);
    }
    for (const link of links) {
      if (link !== this.addedIcon && !this.originalIcons.has(link)) this.originalIcons.set(link, link.href);
      link.href = href;
    }
  }
}

/** The text a tab may show for `value`, or null if it is not a title. */
export function tabTitle(value: unknown): string | null {
  if (typeof value !== "string") return null;
  return value.slice(0, MAX_TITLE_LENGTH);
}

/** `value` if it is an image URL the tab may load, else null. */
export function tabIconUrl(value: unknown, frameOrigin: string): string | null {
  if (typeof value !== "string" || value === "") return null;
  if (/^data:image\/[\w.+-]+[;,]/i.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  if (url.protocol === "blob:" && url.origin === frameOrigin) return url.href;
  return null;
}
