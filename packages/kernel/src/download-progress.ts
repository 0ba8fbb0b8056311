/// <reference lib="webworker" />
/**
 * "Downloading Python runtime: 12 of 31 MB": the bytes of the runtime's files as they arrive
 * in the worker, whoever fetches them (our snapshot download, or Pyodide its wasm and stdlib).
 *
 * While the runtime downloads, `fetch` in the worker is wrapped: a response from the bundle is
 * cloned and the clone read to count its bytes; the caller's response is left as it came (a
 * rebuilt Response would lose V8's cached compilation of pyodide.asm.wasm). The total comes from
 * the runtime's manifest (python/wasmlit/runtime_build/manifest.py): file sizes as stored, so
 * the count (decoded bytes) and the total agree whatever Content-Encoding the host uses.
 */

import type { RuntimeManifest } from "./runtime-manifest";

const MB = 1e6;
export const DOWNLOAD_LABEL = "Downloading Python runtime";

/** The text shown for `received` bytes of `total` (null when the manifest gave none). */
export function downloadText(received: number, total: number | null): string {
  const got = (received / MB).toFixed(received < 10 * MB ? 1 : 0);
  if (total === null || received > total) return `${DOWNLOAD_LABEL}: ${got} MB`;
  return `${DOWNLOAD_LABEL}: ${got} of ${Math.round(total / MB)} MB`;
}

/** The sum of the boot files' sizes the manifest lists, or null. */
export async function bootBytes(manifest: Promise<RuntimeManifest | null>): Promise<number | null> {
  const sizes = Object.values((await manifest)?.boot_bytes ?? {});
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return total > 0 ? total : null;
}

/**
 * Count the bytes of every response from under `bundleUrl` until the returned function is
 * called; `report` gets the text to show, at most every `intervalMs`.
 */
export function watchDownloads(
  bundleUrl: string,
  total: Promise<number | null>,
  report: (text: string) => void,
  intervalMs = 100,
): () => void {
  const scope = self as unknown as WorkerGlobalScope;
  const original = scope.fetch;
  let received = 0;
  let known: number | null = null;
  let lastReport = 0;
  let stopped = false;
  void total.then((value) => (known = value));
  const show = (force: boolean) => {
    const now = performance.now();
    if (stopped || (!force && now - lastReport < intervalMs)) return;
    lastReport = now;
    report(downloadText(received, known));
  };
  const count = async (response: Response) => {
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || stopped) break;
      received += value.byteLength;
      show(false);
    }
  };
  scope.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!stopped && response.ok && response.body && new URL(url, scope.location.href).href.startsWith(bundleUrl)) {
      count(response.clone()).catch(() => {}); // a failed download is reported by whoever fetched it
    }
    return response;
  };
  show(true);
  return () => {
    show(true);
    stopped = true;
    scope.fetch = original;
  };
}
