/**
 * `<streamlit-app>`: an app written into the page, as stlite's element takes it.
 *
 *   <streamlit-app>
 *     import streamlit as st
 *     st.write("Hello")
 *   </streamlit-app>
 *
 *   <streamlit-app src="./app.py" shared-worker>
 *     <app-file name="utils.py" url="./utils.py"></app-file>
 *     <app-file name="data.txt">inline content</app-file>
 *     <app-requirements>
 *       humanize
 *     </app-requirements>
 *     <app-archive url="./assets.zip" format="zip"></app-archive>
 *   </streamlit-app>
 *
 * Without `src`, the entry point is the `<app-file entrypoint>`, else the element's own
 * text (as streamlit_app.py). Code is dedented. The element reads its children once
 * they are parsed, replaces them with the app, and stops the app when removed. Its
 * `controller` is what mount() returned (null before mounting or after a failure).
 */
import type { MountController, MountOptions } from "./api";
import { StatusPanel } from "./status-panel";

type Mount = (options: MountOptions, element: HTMLElement) => MountController;

const DEFAULT_ENTRYPOINT = "streamlit_app.py";

export function defineStreamlitAppElement(mount: Mount): void {
  // A second copy of the bundle on the page must not fail on the second definition.
  if (customElements.get("streamlit-app")) return;

  class StreamlitAppElement extends HTMLElement {
    private mounted: MountController | null = null;
    /** Read once: the children are replaced by the app, and a moved element mounts again. */
    private options: MountOptions | null = null;

    get controller(): MountController | null {
      return this.mounted;
    }

    connectedCallback(): void {
      if (document.readyState === "loading") {
        // Upgraded as soon as the parser met the start tag: the children are not there yet.
        this.style.display = "none";
        document.addEventListener("DOMContentLoaded", () => this.start(), { once: true });
      } else {
        this.start();
      }
    }

    disconnectedCallback(): void {
      this.mounted?.unmount();
      this.mounted = null;
    }

    private start(): void {
      if (!this.isConnected || this.mounted) return;
      this.style.display = "block";
      try {
        this.options ??= readElementOptions(this);
      } catch (error) {
        this.replaceChildren();
        new StatusPanel(this, { hideProgress: true }).showOptionError(`<streamlit-app>: ${(error as Error).message}`);
        throw error;
      }
      const container = document.createElement("div");
      this.replaceChildren(container);
      this.mounted = mount(this.options, container);
    }
  }

  customElements.define("streamlit-app", StreamlitAppElement);
}

/** The mount() options an element and its children describe. */
export function readElementOptions(element: HTMLElement): MountOptions {
  const files: NonNullable<MountOptions["files"]> = {};
  const archives: NonNullable<MountOptions["archives"]> = [];
  const requirements: string[] = [];
  const inlineCode: string[] = [];
  const src = element.getAttribute("src");
  let entrypoint: string | null = null;

  if (src) {
    entrypoint = fileNameOf(src);
    files[entrypoint] = { url: src };
  }
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent ?? "";
      if (!src && text.trim()) inlineCode.push(text);
      continue;
    }
    if (!(node instanceof HTMLElement)) continue;
    switch (node.tagName) {
      case "APP-FILE": {
        const name = required(node, "name");
        if (name in files) throw new Error(`two files are named "${name}"`);
        const url = node.getAttribute("url");
        const encoding = node.getAttribute("encoding");
        files[name] = url ? { url, ...(encoding ? { opts: { encoding } } : {}) } : dedent(node.textContent ?? "");
        if (node.hasAttribute("entrypoint") && !src) {
          if (entrypoint) throw new Error(`both "${entrypoint}" and "${name}" are marked as the entrypoint`);
          entrypoint = name;
        }
        break;
      }
      case "APP-REQUIREMENTS":
        requirements.push(...parseRequirements(node.textContent ?? ""));
        break;
      case "APP-ARCHIVE":
        archives.push({ url: required(node, "url"), format: required(node, "format") });
        break;
    }
  }
  if (!entrypoint) {
    if (!inlineCode.length) throw new Error("no app code: write it inside the element, or give src= or <app-file entrypoint>");
    entrypoint = DEFAULT_ENTRYPOINT;
    files[entrypoint] = dedent(inlineCode.join(""));
  }
  return {
    entrypoint,
    files,
    requirements,
    archives,
    ...(element.hasAttribute("shared-worker") ? { sharedWorker: true } : {}),
  };
}

function required(node: HTMLElement, attribute: string): string {
  const value = node.getAttribute(attribute);
  if (!value) throw new Error(`<${node.tagName.toLowerCase()}> needs a ${attribute}="..." attribute`);
  return value;
}

/** "./pages/app.py?v=2" -> "app.py"; a URL that names no .py file -> streamlit_app.py. */
export function fileNameOf(url: string): string {
  const name = new URL(url, document.baseURI).pathname.split("/").pop() ?? "";
  return name.endsWith(".py") ? name : DEFAULT_ENTRYPOINT;
}

/** requirements.txt lines: no comments, no blank lines. */
export function parseRequirements(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}

/** Code as written in HTML, indented with the markup: drop the common indent and the blank edges. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join("\n") + "\n";
}
