/**
 * The runtime's manifest, `wasmlit-manifest.json` at its root (written by
 * python/wasmlit/runtime_build/manifest.py): sizes of the boot files, so the worker knows them
 * before any of them arrives. Fetched once per boot; a missing manifest only means less to go on.
 */

export const MANIFEST_FILE = "wasmlit-manifest.json";

export interface RuntimeManifest {
  /** Each boot file's size as stored, by path from the runtime's root ("pyodide/snapshot.bin.zst"). */
  boot_bytes?: Record<string, number>;
  /** Each compressed boot file's size once decoded, by the same paths. */
  decoded_bytes?: Record<string, number>;
}

/** The manifest of the runtime at `root` (a folder URL ending in "/"), or null. */
export async function fetchManifest(root: string, fetchFile: typeof fetch = fetch): Promise<RuntimeManifest | null> {
  try {
    const response = await fetchFile(root + MANIFEST_FILE);
    return response.ok ? ((await response.json()) as RuntimeManifest) : null;
  } catch {
    return null;
  }
}

/** The decoded size of the boot file at `url` under `root`, if the manifest gives it. */
export function decodedSize(manifest: RuntimeManifest | null, root: string, url: string): number | null {
  if (!manifest || !url.startsWith(root)) return null;
  const size = manifest.decoded_bytes?.[url.slice(root.length)];
  return typeof size === "number" && size > 0 ? size : null;
}
