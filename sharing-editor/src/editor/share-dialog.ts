/** The Share dialog: editor link, app-only link, embed snippet, lengths and a long-link warning. */
import { LONG_LINK_CHARS } from "../shared/link-format";
import { el, showDialog } from "./dialogs";

export interface ShareLinks {
  editor: string;
  app: string;
}

function linkRow(label: string, name: string, value: string): HTMLElement {
  const field = el("textarea", { "aria-label": label, readonly: "", rows: "3", name });
  field.value = value;
  const copy = el("button", { type: "button" }, "Copy");
  copy.addEventListener("click", () => void navigator.clipboard?.writeText(value));
  const length = el("span", { class: "length", "data-for": name }, `${value.length.toLocaleString("en")} characters`);
  const row = el("div", { class: "row" }, el("strong", {}, label), " ", length, " ", copy, field);
  if (value.length > LONG_LINK_CHARS) {
    row.append(
      el("p", { class: "warning", role: "note" },
        `This link is over ${LONG_LINK_CHARS.toLocaleString("en")} characters: many chat and mail tools cut or refuse links this long. ` +
          "Share the .zip or the .html download instead, or move large files out of the app."),
    );
  }
  return row;
}

export function embedSnippet(appLink: string): string {
  const src = appLink.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return `<iframe src="${src}" title="Streamlit app" style="width: 100%; height: 600px; border: 0;" allow="clipboard-write; fullscreen"></iframe>`;
}

export function showShareDialog(links: ShareLinks): Promise<void> {
  return showDialog(
    "Share",
    el("p", {}, "The app travels inside the link (after #), compressed: no server sees it."),
    linkRow("Editor link", "editor-link", links.editor),
    linkRow("App-only link", "app-link", links.app),
    linkRow("Embed", "embed", embedSnippet(links.app)),
  );
}
