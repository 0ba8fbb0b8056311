/**
 * Whether the editor's page may be cross-origin isolated (so its preview can be, and Stop
 * reaches a busy loop there): only once its preview's page came from the preview's service
 * worker, which sends the headers an isolated page needs to frame it. An isolated editor that
 * frames a preview without them sees it blocked, never answering.
 *
 * The mark is an entry of the editor origin's offline cache, which its service worker reads
 * when it serves the editor's page (../service-worker/sw.ts) and the page writes as its preview
 * reports (../editor/preview-frame.ts). Its body is the preview's origin.
 */
import { offlineCacheName } from "../../../packages/mountable/src/service-worker/offline-copy";

declare const __RUNTIME_VERSION__: string;

/** The origin's offline cache (a new runtime version starts without the mark: isolated again once its preview says so). */
const OFFLINE_CACHE = offlineCacheName(__RUNTIME_VERSION__);

const MARK = "wasmlit-editor-isolation-mark";

function markUrl(scope: string): string {
  return new URL(MARK, scope).href;
}

/** The preview origin the mark was written for, or null: the editor's page is not isolated. */
export async function markedPreviewOrigin(scope: string): Promise<string | null> {
  if (!globalThis.caches) return null;
  const kept = await (await caches.open(OFFLINE_CACHE)).match(markUrl(scope));
  return kept ? kept.text() : null;
}

export async function markIsolatable(scope: string, previewOrigin: string): Promise<void> {
  if (!globalThis.caches || (await markedPreviewOrigin(scope)) === previewOrigin) return;
  await (await caches.open(OFFLINE_CACHE)).put(markUrl(scope), new Response(previewOrigin));
}

export async function forgetIsolatable(scope: string): Promise<void> {
  if (globalThis.caches) await (await caches.open(OFFLINE_CACHE)).delete(markUrl(scope));
}
