/**
 * The one place every response the service worker gives passes through.
 *
 * Hook for cross-origin isolation (`isolation.ts`): a module that must add headers to some
 * responses (COOP/COEP on documents and worker scripts, so `crossOriginIsolated` is true on
 * hosts that cannot send them) registers a transform with `addResponseTransform`, and says
 * with `mustSee` which requests the service worker must answer for it even where it would
 * leave them to the browser (the bundle's own pages and worker.js). Only those: every other
 * file of the bundle (the snapshot, Pyodide's wasm, the frontend's scripts) goes straight to
 * the browser's network stack and HTTP cache, with no hop through this worker.
 */
export type ResponseTransform = (request: Request, response: Response) => Response | Promise<Response>;
export type RequestFilter = (request: Request) => boolean;

const transforms: ResponseTransform[] = [];
const mustSeeFilters: RequestFilter[] = [];

export function addResponseTransform(transform: ResponseTransform, options: { mustSee?: RequestFilter } = {}): void {
  transforms.push(transform);
  if (options.mustSee) mustSeeFilters.push(options.mustSee);
}

/** Whether a request that is not the app's must still be answered (and transformed) here. */
export function mustAnswer(request: Request): boolean {
  return mustSeeFilters.some((mustSee) => mustSee(request));
}

export async function finish(request: Request, response: Response): Promise<Response> {
  for (const transform of transforms) response = await transform(request, response);
  return response;
}
