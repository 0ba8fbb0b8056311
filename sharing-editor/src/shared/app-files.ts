/** An app as the editor holds it: what a share link, a draft and a zip all carry. */

/** A file's content: text (UTF-8 when written out) or bytes. */
export type FileContent = string | Uint8Array;

export interface AppProject {
  /** The script `streamlit run` would be given, a key of `files`. */
  entrypoint: string;
  /** Files by path relative to the app's folder (`pages/two.py`, `data/x.csv`). */
  files: Record<string, FileContent>;
  /** Requirement strings, as lines of requirements.txt. */
  requirements: string[];
  /**
   * Folders of the app (relative to its folder) kept in the browser's IndexedDB, so what the
   * app writes there survives reloads (mount()'s `idbfsMountpoints`). Absent (drafts made
   * before links carried it) or empty: none.
   */
  persist?: string[];
}

export const REQUIREMENTS_FILE = "requirements.txt";

/** Why a path cannot name something inside the app's folder, or null when it can. */
function badRelativePathReason(path: string, absoluteReason: string): string | null {
  if (path === "") return "the name is empty";
  if (path.startsWith("/")) return absoluteReason;
  if (path.endsWith("/")) return "the name must not end with /";
  if (path.split("/").some((part) => part === "" || part === "." || part === "..")) return "the name has an empty, . or .. part";
  if (path.length > 255) return "the name is longer than 255 characters";
  if (/[\u0000-\u001f\\]/.test(path)) return "the name has a control character or a backslash";
  return null;
}

/** Why a path cannot be an app file, or null when it can. */
export function badPathReason(path: string): string | null {
  const bad = badRelativePathReason(path, "the name must be relative (no leading /)");
  if (bad) return bad;
  if (path === REQUIREMENTS_FILE) return "requirements.txt is the Requirements tab";
  return null;
}

/** Why a folder cannot be one of the app's persistent folders, or null when it can. */
export function badPersistReason(folder: string): string | null {
  return badRelativePathReason(folder, "it must be a folder inside the app's folder (no leading /)");
}

/** Requirement lines of a requirements.txt text: comments and blank lines dropped. */
export function parseRequirements(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "");
}
