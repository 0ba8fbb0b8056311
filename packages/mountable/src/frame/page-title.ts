/**
 * The app's page title and icon, reported to the page that mounted it.
 *
 * The stock frontend sets them on its own document, as a tab of its own would show them:
 * `document.title` and `<link rel="shortcut icon">` follow `st.set_page_config` and the
 * current page of `st.navigation` / `pages/`. Inside our iframe nobody sees them, so each
 * change is reported; where the app is the page, the page shows them in its tab
 * (../page-title.ts). The title and icon in `index.html` itself are not the app's and are
 * not reported: until the app sets its own, the page keeps its title (an export's --title).
 */

/** Icons larger than this keep their URL instead of travelling as a data: URL. */
const MAX_INLINED_ICON_BYTES = 256 * 1024;

export interface TabChange {
  title?: string;
  icon?: string;
}

export function reportPageTitle(report: (change: TabChange) => void): void {
  const start = () => {
    let title = document.title;
    let icon = iconLink()?.href ?? "";
    new MutationObserver(() => {
      if (document.title !== title) {
        title = document.title;
        report({ title });
      }
      const href = iconLink()?.href ?? "";
      if (href !== icon) {
        icon = href;
        void portableIcon(href).then((portable) => href === icon && report({ icon: portable }));
      }
    }).observe(document.head, { childList: true, subtree: true, characterData: true, attributeFilter: ["href"] });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}

function iconLink(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>("link[rel~='icon']");
}

/**
 * An icon from the app's own files (`page_icon="logo.png"`) is a `blob:` URL of this frame's
 * origin, which a page of another origin cannot load: it travels as a data: URL instead.
 */
async function portableIcon(href: string): Promise<string> {
  if (!href.startsWith("blob:")) return href;
  try {
    const blob = await (await fetch(href)).blob();
    if (blob.size > MAX_INLINED_ICON_BYTES) return href;
    return await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  } catch {
    return href;
  }
}
