/**
 * Drafts: every app a person edits, kept in IndexedDB on the editor's origin (never the
 * preview's) as they type, so a reload, a closed tab or a browser restart loses nothing.
 */
import type { AppProject } from "../shared/app-files";

export interface Draft {
  id: string;
  name: string;
  project: AppProject;
  /** ms since the epoch; the "My apps" list is newest first. */
  updated: number;
}

const DB_NAME = "wasmlit-editor";
const STORE = "drafts";

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB cannot be opened"));
  });
}

let db: Promise<IDBDatabase> | null = null;

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  db ??= openDb();
  const transaction = (await db).transaction(STORE, mode);
  const request = action(transaction.objectStore(STORE));
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB failed"));
    transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB aborted (full?)"));
  });
}

export function saveDraft(draft: Draft): Promise<IDBValidKey> {
  return run("readwrite", (store) => store.put(draft));
}

export function loadDraft(id: string): Promise<Draft | undefined> {
  return run("readonly", (store) => store.get(id) as IDBRequest<Draft | undefined>);
}

export async function listDrafts(): Promise<Draft[]> {
  const drafts = await run("readonly", (store) => store.getAll() as IDBRequest<Draft[]>);
  return drafts.sort((a, b) => b.updated - a.updated);
}

export function deleteDraft(id: string): Promise<undefined> {
  return run("readwrite", (store) => store.delete(id));
}

export function newDraftId(): string {
  return crypto.randomUUID();
}
