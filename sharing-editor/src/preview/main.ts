/**
 * The preview page, on an origin other than the editor's, so app code (which runs in the
 * runtime's worker and frames of this origin) can never reach the editor's drafts or DOM.
 *
 *  - `preview/#editor=<origin>`, framed by the editor: waits for that origin's messages
 *    (protocol.ts) and runs the app they carry; edits go through the mount controller.
 *  - `preview/#w2=...` (or any link the editor opens), alone: the app full-window, no code
 *    (the app-only link of the Share dialog).
 */
import { decodeLink } from "../shared/link-codec";
import { type SiteConfig } from "../shared/site-config";
import { servePreview } from "./editor-link";
import { keepOfflineCopy } from "./offline";
import { runtimeMount } from "./runtime";

async function siteConfig(): Promise<SiteConfig> {
  try {
    const response = await fetch(new URL("../config.json", location.href), { cache: "no-cache" });
    if (response.ok) return (await response.json()) as SiteConfig;
  } catch {
    // Offline or a plain static copy without config.json: the defaults below.
  }
  return { previewUrl: null, packageIndexUrl: null, editorOrigins: null };
}

function showError(title: string, detail: string): void {
  const box = document.createElement("div");
  box.className = "preview-error";
  box.setAttribute("role", "alert");
  const heading = document.createElement("h1");
  heading.textContent = title;
  const text = document.createElement("p");
  text.textContent = detail;
  box.append(heading, text);
  document.body.replaceChildren(box);
}

async function runAppOnly(hash: string, config: SiteConfig): Promise<void> {
  let project;
  try {
    project = (await decodeLink(hash)).project;
  } catch (error) {
    showError("This app link cannot be opened", (error as Error).message);
    return;
  }
  runtimeMount(
    {
      entrypoint: project.entrypoint,
      files: project.files,
      requirements: project.requirements,
      // The app's folders kept in this (the preview's) origin's IndexedDB, as the link asks.
      idbfsMountpoints: project.persist ?? [],
      ...(config.packageIndexUrl ? { packageIndexUrl: new URL(config.packageIndexUrl, location.href).href } : {}),
    },
    document.body,
  );
}

async function main(): Promise<void> {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const editorOrigin = fragment.get("editor");
  const [config] = await Promise.all([siteConfig(), keepOfflineCopy()]);
  if (editorOrigin !== null && window.parent !== window) {
    if (config.editorOrigins !== null && !config.editorOrigins.includes(editorOrigin)) {
      showError("This preview does not serve that editor", `Editor ${editorOrigin} is not one of this site's editors.`);
      return;
    }
    servePreview(editorOrigin, document.body);
  } else if (location.hash.length > 1) {
    await runAppOnly(location.hash, config);
  } else {
    showError("No app here", "This is the preview of the wasmlit editor: open it from the editor or with an app link.");
  }
}

void main();
