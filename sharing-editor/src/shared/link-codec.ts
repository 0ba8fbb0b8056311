/**
 * Share links, both ways: an app to a `#w2=` fragment, and any fragment this editor opens
 * (`#w2=`, the older `#w1=`, stlite's `#!`, `#code=`) back to an app. The format is link-format.ts.
 *
 * Decoding is all or nothing: a link that is cut short, corrupt or hostile gives a LinkError
 * that names what is wrong, and no part of an app.
 */
import { badPathReason, badPersistReason, type AppProject, type FileContent } from "./app-files";
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url } from "./base64";
import { deflateRaw, inflateRaw } from "./deflate";
import { LINK_KEY_V1, LINK_KEY_V2, MAX_INFLATED_BYTES, type LinkFileV1, type LinkPayloadV2 } from "./link-format";
import { decodeStliteAppData } from "./stlite-link";

export class LinkError extends Error {
  override name = "LinkError";
}

export interface OpenedLink {
  project: AppProject;
  /** Which kind of link it was, for messages: "wasmlit", "stlite", "code". */
  kind: "wasmlit" | "stlite" | "code";
  /** The runtime version the link was made with, when it says. */
  runtime: string | null;
}

const MAX_FILES = 1000;
const MAX_PERSISTENT_FOLDERS = 20;

/** The wasmlit link versions this editor reads, by fragment key. */
const VERSION_OF_KEY: Record<string, 1 | 2> = { [LINK_KEY_V1]: 1, [LINK_KEY_V2]: 2 };

/** The `w2=...` fragment (without `#`) of an app. */
export async function encodeLink(project: AppProject, runtime: string): Promise<string> {
  const files: Record<string, LinkFileV1> = {};
  for (const [path, content] of Object.entries(project.files)) {
    files[path] = typeof content === "string" ? { text: content } : { base64: bytesToBase64(content) };
  }
  const payload: LinkPayloadV2 = {
    v: 2,
    runtime,
    entrypoint: project.entrypoint,
    requirements: project.requirements,
    files,
    persist: project.persist ?? [],
  };
  const json = new TextEncoder().encode(JSON.stringify(payload));
  return `${LINK_KEY_V2}=${bytesToBase64Url(await deflateRaw(json))}`;
}

/** The wasmlit version of a fragment's key (`w2=` → 2), or null when it is no wasmlit link this editor reads. */
function wasmlitVersion(fragment: string): 1 | 2 | null {
  const key = /^(w\d+)=/.exec(fragment)?.[1];
  return key !== undefined && Object.hasOwn(VERSION_OF_KEY, key) ? VERSION_OF_KEY[key] : null;
}

/** The app of a link's fragment (with or without `#`); throws LinkError saying what is wrong. */
export async function decodeLink(hash: string): Promise<OpenedLink> {
  const fragment = hash.replace(/^#/, "");
  const version = wasmlitVersion(fragment);
  if (version !== null) return decodeWasmlit(fragment.slice(fragment.indexOf("=") + 1), version);
  if (fragment.startsWith("!")) return decodeStlite(fragment.slice(1));
  if (fragment.startsWith("code=")) return decodeCode(fragment);
  const key = /^[a-z0-9]+=/i.exec(fragment)?.[0];
  throw new LinkError(
    key && /^w\d+=$/.test(key)
      ? `This link is of a newer format (${key.slice(0, -1)}) than this editor reads (${LINK_KEY_V2}). Open it in a newer wasmlit editor.`
      : "This link holds no app: its part after # is not a wasmlit (#w2=), stlite (#!) or #code= link.",
  );
}

async function decodeWasmlit(encoded: string, version: 1 | 2): Promise<OpenedLink> {
  let compressed: Uint8Array;
  try {
    compressed = base64UrlToBytes(encoded);
  } catch (error) {
    throw new LinkError(`This link is damaged or cut short: its data is ${(error as Error).message}. Was it copied whole?`);
  }
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(await inflateRaw(compressed, MAX_INFLATED_BYTES));
  } catch (error) {
    throw new LinkError(
      error instanceof RangeError
        ? `This link is refused: ${error.message}.`
        : "This link is damaged or cut short: its data does not decompress. Was it copied whole?",
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw new LinkError("This link is damaged or cut short: its data is not complete JSON. Was it copied whole?");
  }
  const checked = checkPayload(payload, version);
  return { project: checked.project, kind: "wasmlit", runtime: checked.runtime };
}

/** A version 1 payload is a version 2 one without `persist`: one check for both. */
function checkPayload(payload: unknown, version: 1 | 2): { project: AppProject; runtime: string } {
  const fail = (what: string): never => {
    throw new LinkError(`This link is not a valid app: ${what}.`);
  };
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) fail("its data is not an object");
  const record = payload as Record<string, unknown>;
  if (record.v !== version) fail(`its version is ${JSON.stringify(record.v)}, not ${version}`);
  if (typeof record.runtime !== "string") fail("its runtime version is missing");
  if (typeof record.entrypoint !== "string") fail("its entry point is missing");
  if (!Array.isArray(record.requirements) || !record.requirements.every((r) => typeof r === "string"))
    fail("its requirements are not a list of strings");
  if (typeof record.files !== "object" || record.files === null || Array.isArray(record.files))
    fail("its files are not an object");
  if (version >= 2 && (!Array.isArray(record.persist) || !record.persist.every((folder) => typeof folder === "string")))
    fail("its persistent folders are not a list of strings");
  const files: Record<string, FileContent> = {};
  for (const [path, file] of Object.entries(record.files as Record<string, unknown>)) {
    if (typeof file !== "object" || file === null) fail(`the file ${JSON.stringify(path)} has no content`);
    const entry = file as Record<string, unknown>;
    if (typeof entry.text === "string") files[path] = entry.text;
    else if (typeof entry.base64 === "string") {
      try {
        files[path] = base64ToBytes(entry.base64);
      } catch {
        fail(`the bytes of ${JSON.stringify(path)} are not base64`);
      }
    } else fail(`the file ${JSON.stringify(path)} has neither text nor base64`);
  }
  const project: AppProject = {
    entrypoint: record.entrypoint as string,
    files,
    requirements: record.requirements as string[],
    persist: version >= 2 ? (record.persist as string[]) : [],
  };
  checkProject(project);
  return { project, runtime: record.runtime as string };
}

/** Throws LinkError when an app could not be opened safely (bad names, no entry point). */
export function checkProject(project: AppProject): void {
  const paths = Object.keys(project.files);
  if (paths.length === 0) throw new LinkError("This link is not a valid app: it has no files.");
  if (paths.length > MAX_FILES) throw new LinkError(`This link is not a valid app: it has over ${MAX_FILES} files.`);
  for (const path of paths) {
    const reason = badPathReason(path);
    if (reason) throw new LinkError(`This link is not a valid app: the file name ${JSON.stringify(path)} is refused (${reason}).`);
  }
  if (!(project.entrypoint in project.files)) {
    throw new LinkError(`This link is not a valid app: its entry point ${JSON.stringify(project.entrypoint)} is not one of its files.`);
  }
  for (const requirement of project.requirements) {
    if (/[\r\n]/.test(requirement) || requirement.length > 500)
      throw new LinkError(`This link is not a valid app: the requirement ${JSON.stringify(requirement.slice(0, 80))} is refused.`);
  }
  const persist = project.persist ?? [];
  if (persist.length > MAX_PERSISTENT_FOLDERS)
    throw new LinkError(`This link is not a valid app: it asks to keep over ${MAX_PERSISTENT_FOLDERS} folders.`);
  for (const folder of persist) {
    const reason = badPersistReason(folder);
    if (reason) throw new LinkError(`This link is not a valid app: the persistent folder ${JSON.stringify(folder.slice(0, 80))} is refused (${reason}).`);
  }
}

function decodeStlite(encoded: string): OpenedLink {
  let project: AppProject;
  try {
    project = decodeStliteAppData(encoded);
  } catch (error) {
    throw new LinkError(`This stlite link (#!) is damaged or cut short: ${(error as Error).message}.`);
  }
  if (project.entrypoint === "" && "streamlit_app.py" in project.files) project.entrypoint = "streamlit_app.py";
  checkProject(project);
  return { project, kind: "stlite", runtime: null };
}

function decodeCode(fragment: string): OpenedLink {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(fragment);
  } catch {
    throw new LinkError("This #code= link is damaged.");
  }
  const code = params.get("code") ?? "";
  const project: AppProject = {
    entrypoint: "streamlit_app.py",
    files: { "streamlit_app.py": code },
    requirements: params.getAll("req").filter((r) => r.trim() !== ""),
  };
  checkProject(project);
  return { project, kind: "code", runtime: null };
}

