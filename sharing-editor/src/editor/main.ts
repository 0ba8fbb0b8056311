/**
 * The sharing editor's page: file tabs and the code view on the left, the preview (another
 * origin) on the right. The app being edited is always a draft in IndexedDB; opening a link
 * makes a new draft (a fork), so a link never overwrites work.
 */
import { badPathReason, badPersistReason, parseRequirements, type AppProject, type FileContent } from "../shared/app-files";
import { checkProject, decodeLink, encodeLink, LinkError } from "../shared/link-codec";
import type { SiteConfig } from "../shared/site-config";
import { CodeView } from "./code-view";
import { confirmDialog, el, promptDialog, showDialog, closeDialog } from "./dialogs";
import { appHtml, appZip, download } from "./downloads";
import { deleteDraft, listDrafts, loadDraft, newDraftId, saveDraft, type Draft } from "./drafts";
import { PreviewFrame } from "./preview-frame";
import { PreviewSync } from "./preview-sync";
import { showShareDialog } from "./share-dialog";

declare const __RUNTIME_VERSION__: string;

const REQUIREMENTS_TAB = "\u0000requirements";
const STARTER: AppProject = {
  entrypoint: "streamlit_app.py",
  files: { "streamlit_app.py": 'import streamlit as st\n\nst.title("Hello")\nname = st.text_input("Your name", "world")\nst.write(f"Hello, {name}!")\n' },
  requirements: [],
};

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

interface Sample {
  name: string;
  title: string;
  description: string;
  fragment: string;
}

class EditorPage {
  private draft!: Draft;
  private active = "";
  private readonly code: CodeView;
  private readonly preview: PreviewFrame;
  private readonly sync: PreviewSync;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private runTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly config: SiteConfig) {
    const previewUrl = new URL(config.previewUrl ?? "preview/", location.href);
    if (previewUrl.origin === location.origin) {
      this.notice(
        "The preview runs on this editor's own origin (no preview URL was configured), so an app opened from a link " +
          "could read your drafts here. Export the editor with --preview-url to keep them apart.",
      );
    }
    this.preview = new PreviewFrame(previewUrl, $("preview"), (state, message) => this.showStatus(state, message));
    this.sync = new PreviewSync(this.preview, config.packageIndexUrl ? new URL(config.packageIndexUrl, previewUrl).href : null);
    this.code = new CodeView($("code"), {
      save: () => void this.run(),
      changed: (text) => this.edited(text),
      complete: (code, line, column) => this.preview.complete(this.active, code, line, column),
      check: (code) => this.preview.check(this.active, code),
    });
    this.wire();
  }

  get project(): AppProject {
    return this.draft.project;
  }

  private wire(): void {
    $("run").addEventListener("click", () => void this.run());
    $("share").addEventListener("click", () => void this.share());
    $("samples").addEventListener("click", () => void this.showSamples());
    $("my-apps").addEventListener("click", () => void this.showMyApps());
    $("new-app").addEventListener("click", () => void this.open(structuredClone(STARTER), "New app"));
    $("download-zip").addEventListener("click", () => download(`${this.slug()}.zip`, appZip(this.project, this.slug()), "application/zip"));
    $("download-html").addEventListener("click", () =>
      download(`${this.slug()}.html`, appHtml(this.project, new URL("runtime/", location.href).href, this.draft.name), "text/html"),
    );
    $("add-file").addEventListener("click", () => void this.addFile());
    $("upload-file").addEventListener("click", () => $<HTMLInputElement>("upload-input").click());
    $<HTMLInputElement>("upload-input").addEventListener("change", (event) => void this.upload(event.target as HTMLInputElement));
    $("persist-folders").addEventListener("click", () => void this.editPersistentFolders());
    $("rename-file").addEventListener("click", () => void this.renameActive());
    $("delete-file").addEventListener("click", () => void this.deleteActive());
    $("set-entrypoint").addEventListener("click", () => void this.makeEntrypoint());
    $("error-close").addEventListener("click", () => ($("error-banner").hidden = true));
    $<HTMLInputElement>("app-name").addEventListener("input", (event) => {
      this.draft.name = (event.target as HTMLInputElement).value;
      this.saveSoon();
    });
    window.addEventListener("hashchange", () => void this.openHash());
    // The draft is saved as you type; this catches the last keystrokes of a closing tab.
    window.addEventListener("pagehide", () => void this.saveNow());
  }

  /** Opens what the URL asks for: a link (as a new draft), a draft, or the last draft. */
  async start(): Promise<void> {
    if (await this.openHash()) return;
    const last = (await listDrafts())[0];
    if (last) await this.openDraft(last);
    else await this.open(structuredClone(STARTER), "My app");
  }

  private async openHash(): Promise<boolean> {
    const hash = location.hash;
    const draftId = new URLSearchParams(hash.slice(1)).get("draft");
    if (draftId) {
      const draft = await loadDraft(draftId);
      if (draft) {
        await this.openDraft(draft);
        return true;
      }
      this.error(`The draft in this link (${draftId}) is not in this browser: it was deleted, or made in another browser.`);
      return false;
    }
    if (hash.length <= 1) return false;
    try {
      const opened = await decodeLink(hash);
      const name = opened.kind === "stlite" ? "App from an stlite link" : "Shared app";
      await this.open(opened.project, name);
      return true;
    } catch (error) {
      this.error(error instanceof LinkError ? error.message : `This link cannot be opened: ${String(error)}`);
      history.replaceState(null, "", location.pathname + location.search);
      return false;
    }
  }

  /** Opens an app as a new draft (a fork: no other draft changes). */
  private async open(project: AppProject, name: string): Promise<void> {
    const draft: Draft = { id: newDraftId(), name, project, updated: Date.now() };
    await saveDraft(draft);
    await this.openDraft(draft);
  }

  private async openDraft(draft: Draft): Promise<void> {
    this.draft = draft;
    history.replaceState(null, "", `${location.pathname}${location.search}#draft=${draft.id}`);
    $<HTMLInputElement>("app-name").value = draft.name;
    this.code.forget();
    this.active = "";
    this.select(draft.project.entrypoint);
    void this.sync.boot(draft.project).catch((error) => this.error(`The preview could not start the app: ${(error as Error).message}`));
  }

  // ---- tabs

  private renderTabs(): void {
    const paths = Object.keys(this.project.files).sort((a, b) =>
      a === this.project.entrypoint ? -1 : b === this.project.entrypoint ? 1 : a.localeCompare(b),
    );
    const tabs = [...paths, REQUIREMENTS_TAB].map((path) => {
      const label = path === REQUIREMENTS_TAB ? "requirements" : path === this.project.entrypoint ? `${path} ★` : path;
      const tab = el("button", { role: "tab", "aria-selected": String(path === this.active), "data-path": path, title: path === this.project.entrypoint ? "entry point" : path }, label);
      tab.addEventListener("click", () => this.select(path));
      tab.addEventListener("dblclick", () => void this.renameActive());
      return tab;
    });
    $("tab-list").replaceChildren(...tabs);
    const persist = this.project.persist ?? [];
    $("persist-folders").textContent = persist.length ? `Kept folders: ${persist.join(", ")}` : "Kept folders: none";
    const isFile = this.active !== REQUIREMENTS_TAB;
    for (const id of ["rename-file", "delete-file", "set-entrypoint"]) $<HTMLButtonElement>(id).disabled = !isFile;
    $<HTMLButtonElement>("set-entrypoint").disabled = !isFile || this.active === this.project.entrypoint || !this.active.endsWith(".py");
    const content = this.project.files[this.active];
    $("file-info").textContent = !isFile
      ? "One requirement per line, as in requirements.txt; installed before the next run."
      : this.active === this.project.entrypoint
        ? "Entry point (the script streamlit run is given)"
        : typeof content === "string"
          ? ""
          : "Binary file";
  }

  private select(path: string): void {
    this.active = path;
    const content = path === REQUIREMENTS_TAB ? this.project.requirements.join("\n") : this.project.files[path];
    const binary = content instanceof Uint8Array;
    $("binary-view").hidden = !binary;
    $("code").hidden = binary;
    if (binary) {
      $("binary-view").textContent = `${path}: ${content.length.toLocaleString("en")} bytes of binary data. Upload a file of the same name to replace it.`;
    } else {
      this.code.open(path === REQUIREMENTS_TAB ? "requirements.txt" : path, content ?? "");
    }
    this.renderTabs();
  }

  private edited(text: string): void {
    if (this.active === REQUIREMENTS_TAB) this.project.requirements = parseRequirements(text);
    else if (this.active in this.project.files) this.project.files[this.active] = text;
    this.saveSoon();
    if ($<HTMLInputElement>("run-as-you-type").checked) {
      clearTimeout(this.runTimer);
      this.runTimer = setTimeout(() => void this.run(), 800);
    }
  }

  // ---- file operations (each reaches the preview at once, through the mount controller)

  private async askPath(question: string, initial: string): Promise<string | null> {
    const path = await promptDialog(question, initial);
    if (path === null) return null;
    const reason = badPathReason(path) ?? (path in this.project.files ? `${path} already exists` : null);
    if (reason) {
      this.error(`Not done: ${reason}.`);
      return null;
    }
    return path;
  }

  private async addFile(): Promise<void> {
    const path = await this.askPath("New file name (use pages/name.py for a page of a multipage app)", "pages/page_two.py");
    if (path === null) return;
    this.project.files[path] = path.endsWith(".py") ? "import streamlit as st\n\n" : "";
    this.changedFiles();
    this.select(path);
  }

  private async upload(input: HTMLInputElement): Promise<void> {
    for (const file of Array.from(input.files ?? [])) {
      const reason = badPathReason(file.name);
      if (reason) {
        this.error(`${file.name} was not added: ${reason}.`);
        continue;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      this.project.files[file.name] = textIfUtf8(file.name, bytes);
      this.select(file.name);
    }
    input.value = "";
    this.changedFiles();
  }

  private async renameActive(): Promise<void> {
    const from = this.active;
    if (from === REQUIREMENTS_TAB) return;
    const to = await this.askPath(`Rename ${from} to`, from);
    if (to === null) return;
    this.project.files[to] = this.project.files[from];
    delete this.project.files[from];
    const entry = from === this.project.entrypoint;
    this.code.forget(from);
    this.select(to);
    this.saveSoon();
    if (entry) {
      this.project.entrypoint = to;
      this.renderTabs();
      await this.report(this.sync.boot(this.project));
    } else {
      await this.report(this.sync.rename(from, to));
    }
  }

  private async deleteActive(): Promise<void> {
    const path = this.active;
    if (path === REQUIREMENTS_TAB) return;
    if (path === this.project.entrypoint) {
      this.error("The entry point cannot be deleted: make another file the entry point first.");
      return;
    }
    if (!(await confirmDialog(`Delete ${path}? This cannot be undone.`, "Delete"))) return;
    delete this.project.files[path];
    this.code.forget(path);
    this.select(this.project.entrypoint);
    this.changedFiles();
  }

  /** The folders the preview keeps in IndexedDB (the link's `persist`); the app boots again with them. */
  private async editPersistentFolders(): Promise<void> {
    const answer = await promptDialog(
      "Folders of the app this browser keeps across reloads, comma-separated (e.g. data, uploads)",
      (this.project.persist ?? []).join(", "),
    );
    if (answer === null) return;
    const folders = [...new Set(answer.split(",").map((folder) => folder.trim().replace(/\/+$/, "")).filter((folder) => folder !== ""))];
    for (const folder of folders) {
      const reason = badPersistReason(folder);
      if (reason) {
        this.error(`Not done: the folder ${JSON.stringify(folder)} cannot be kept: ${reason}.`);
        return;
      }
    }
    this.project.persist = folders;
    this.changedFiles();
  }

  private async makeEntrypoint(): Promise<void> {
    if (!this.active.endsWith(".py")) return;
    this.project.entrypoint = this.active;
    this.renderTabs();
    this.saveSoon();
    await this.report(this.sync.boot(this.project));
  }

  private changedFiles(): void {
    this.renderTabs();
    this.saveSoon();
    void this.run();
  }

  // ---- running, saving, sharing

  async run(): Promise<void> {
    await this.saveNow();
    await this.report(this.sync.update(this.project));
  }

  private async report(step: Promise<void>): Promise<void> {
    try {
      await step;
    } catch (error) {
      this.showStatus("failed", (error as Error).message);
    }
  }

  private saveSoon(): void {
    $("save-state").textContent = "Saving…";
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveNow(), 300);
  }

  private async saveNow(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.draft.updated = Date.now();
    try {
      await saveDraft(this.draft);
      $("save-state").textContent = "Saved in this browser";
    } catch (error) {
      this.error(`Your draft could not be saved in this browser: ${(error as Error).message}. Download it as a .zip to keep it.`);
    }
  }

  private async links(): Promise<{ editor: string; app: string }> {
    checkProject(this.project);
    const fragment = await encodeLink(this.project, __RUNTIME_VERSION__);
    const preview = new URL(this.config.previewUrl ?? "preview/", location.href);
    preview.hash = "";
    return { editor: `${location.origin}${location.pathname}#${fragment}`, app: `${preview.href}#${fragment}` };
  }

  private async share(): Promise<void> {
    try {
      await showShareDialog(await this.links());
    } catch (error) {
      this.error(`This app cannot be shared yet: ${(error as Error).message}`);
    }
  }

  private async showSamples(): Promise<void> {
    let samples: Sample[] = [];
    try {
      samples = (await (await fetch("samples.json")).json()) as Sample[];
    } catch {
      this.error("The samples could not be loaded (offline before the first visit?).");
      return;
    }
    const list = el(
      "ul",
      {},
      ...samples.map((sample) => {
        const link = el("a", { href: `#${sample.fragment}`, "data-sample": sample.name }, sample.title);
        link.addEventListener("click", () => closeDialog());
        return el("li", {}, link, ` — ${sample.description}`);
      }),
    );
    await showDialog("Samples", el("p", {}, "Each opens as a new draft of your own."), list);
  }

  private async showMyApps(): Promise<void> {
    const drafts = await listDrafts();
    const rows = drafts.map((draft) => {
      const open = el("button", { type: "button" }, "Open");
      open.addEventListener("click", () => {
        closeDialog();
        void this.openDraft(draft);
      });
      const remove = el("button", { type: "button" }, "Delete");
      remove.addEventListener("click", async () => {
        if (!(await confirmDialog(`Delete the app "${draft.name}" from this browser? This cannot be undone.`, "Delete"))) return;
        await deleteDraft(draft.id);
        if (draft.id === this.draft.id) await this.open(structuredClone(STARTER), "My app");
        void this.showMyApps();
      });
      const when = new Date(draft.updated).toLocaleString();
      const current = draft.id === this.draft.id ? " (open)" : "";
      return el("li", { "data-draft": draft.id }, el("strong", {}, draft.name + current), ` — ${Object.keys(draft.project.files).length} files, ${when} `, open, " ", remove);
    });
    await showDialog("My apps", el("p", {}, "Saved in this browser as you type."), el("ul", {}, ...rows));
  }

  // ---- messages

  private showStatus(state: "booting" | "running" | "failed", message: string): void {
    const status = $("preview-status");
    status.textContent = state === "failed" ? `Failed: ${message}` : message;
    status.className = state;
  }

  private error(message: string): void {
    $("error-text").textContent = message;
    $("error-banner").hidden = false;
  }

  private notice(message: string): void {
    $("notice-banner").textContent = message;
    $("notice-banner").hidden = false;
  }

  private slug(): string {
    return this.draft.name.trim().replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "app";
  }
}

const TEXT_EXTENSIONS = /\.(py|txt|md|csv|tsv|json|toml|yaml|yml|html|css|js|svg|xml|ini|cfg)$/i;

/** Text files stay editable text; anything else (or text that is not UTF-8) stays bytes. */
function textIfUtf8(name: string, bytes: Uint8Array): FileContent {
  if (!TEXT_EXTENSIONS.test(name)) return bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return bytes;
  }
}

async function siteConfig(): Promise<SiteConfig> {
  try {
    const response = await fetch("config.json", { cache: "no-cache" });
    if (response.ok) return (await response.json()) as SiteConfig;
  } catch {
    // offline: the service worker's copy, or the defaults
  }
  return { previewUrl: null, packageIndexUrl: null, editorOrigins: null };
}

async function main(): Promise<void> {
  const page = new EditorPage(await siteConfig());
  await page.start();
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("sw.js").catch((error) => console.warn("[wasmlit editor] offline copy unavailable:", error));
  }
}

void main();
