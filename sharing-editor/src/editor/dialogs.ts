/** The editor's dialogs (Share, Samples, My apps, confirmations), drawn in one <dialog>. */

const dialog = () => document.getElementById("dialog") as HTMLDialogElement;
const body = () => document.getElementById("dialog-body") as HTMLFormElement;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) if (value !== undefined) element.setAttribute(key, value);
  element.append(...children);
  return element;
}

/** Shows `content` with a Close button; resolves when closed. */
export function showDialog(title: string, ...content: Node[]): Promise<void> {
  const close = el("button", { value: "close" }, "Close");
  body().replaceChildren(el("h2", {}, title), ...content, el("div", { class: "row" }, close));
  dialog().showModal();
  return new Promise((resolve) => dialog().addEventListener("close", () => resolve(), { once: true }));
}

export function closeDialog(): void {
  dialog().close();
}

/** Asks a yes/no question; resolves true for `yes`. */
export function confirmDialog(question: string, yes: string): Promise<boolean> {
  const ok = el("button", { value: "yes", class: "primary" }, yes);
  const cancel = el("button", { value: "no" }, "Cancel");
  body().replaceChildren(el("p", {}, question), el("div", { class: "row" }, ok, " ", cancel));
  dialog().returnValue = "";
  dialog().showModal();
  return new Promise((resolve) => dialog().addEventListener("close", () => resolve(dialog().returnValue === "yes"), { once: true }));
}

/** Asks for a text; resolves null when cancelled. */
export function promptDialog(question: string, initial: string): Promise<string | null> {
  const input = el("input", { "aria-label": question, value: initial, size: "40" });
  const ok = el("button", { value: "ok", class: "primary" }, "OK");
  const cancel = el("button", { value: "cancel", formnovalidate: "" }, "Cancel");
  body().replaceChildren(el("p", {}, el("label", {}, question, el("br"), input)), el("div", { class: "row" }, ok, " ", cancel));
  dialog().returnValue = "";
  dialog().showModal();
  input.select();
  return new Promise((resolve) =>
    dialog().addEventListener("close", () => resolve(dialog().returnValue === "ok" ? input.value.trim() : null), { once: true }),
  );
}
