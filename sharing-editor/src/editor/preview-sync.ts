/**
 * What the preview has, and the requests that bring it to what the editor has: new
 * requirements installed first, then changed files written, then removed files unlinked.
 */
import type { AppProject, FileContent } from "../shared/app-files";
import type { PreviewFrame } from "./preview-frame";

function same(a: FileContent | undefined, b: FileContent): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function copy(project: AppProject): AppProject {
  return { entrypoint: project.entrypoint, files: { ...project.files }, requirements: [...project.requirements], persist: [...(project.persist ?? [])] };
}

/** Persistent folders are mounted when the app boots: another set needs a new boot. */
function samePersist(a: AppProject, b: AppProject): boolean {
  return (a.persist ?? []).join("\n") === (b.persist ?? []).join("\n");
}

export class PreviewSync {
  /** What the preview runs, or null before the first boot. */
  private sent: AppProject | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly preview: PreviewFrame,
    private readonly packageIndexUrl: string | null,
  ) {}

  /** Run `project` in the preview from scratch (another app opened, or the entry point changed). */
  boot(project: AppProject): Promise<void> {
    return this.serially(async () => {
      this.sent = copy(project);
      await this.preview.boot(project, this.packageIndexUrl);
    });
  }

  /** Bring the preview to `project` through the mount controller; rejects with the first failure. */
  update(project: AppProject): Promise<void> {
    return this.serially(async () => {
      const sent = this.sent;
      if (sent === null || sent.entrypoint !== project.entrypoint || !samePersist(sent, project)) {
        this.sent = copy(project);
        await this.preview.boot(project, this.packageIndexUrl);
        return;
      }
      const added = project.requirements.filter((requirement) => !sent.requirements.includes(requirement));
      if (added.length) {
        await this.preview.install(added);
      }
      sent.requirements = [...project.requirements];
      let entrypointWritten = false;
      // The entry point last: writing it reruns the app, which then finds every other file.
      const paths = Object.keys(project.files).sort((a, b) => Number(a === project.entrypoint) - Number(b === project.entrypoint));
      for (const path of paths) {
        const content = project.files[path];
        if (same(sent.files[path], content)) continue;
        await this.preview.write(path, content);
        sent.files[path] = content;
        entrypointWritten ||= path === project.entrypoint;
      }
      for (const path of Object.keys(sent.files)) {
        if (path in project.files) continue;
        await this.preview.unlink(path);
        delete sent.files[path];
      }
      // A run always reruns the app, as Streamlit's Rerun does: writing the entry point is
      // what makes the runtime rerun (a data file alone may not).
      if (!entrypointWritten) await this.preview.write(project.entrypoint, project.files[project.entrypoint]);
    });
  }

  /** A file was renamed in the editor: rename it in the preview too (not a delete and a write). */
  rename(from: string, to: string): Promise<void> {
    return this.serially(async () => {
      const sent = this.sent;
      if (sent === null || !(from in sent.files)) return;
      await this.preview.rename(from, to);
      sent.files[to] = sent.files[from];
      delete sent.files[from];
    });
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.running.then(step, step);
    this.running = next.catch(() => undefined);
    return next;
  }
}
