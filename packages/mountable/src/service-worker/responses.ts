/**
 * The one place every response the service worker gives passes through.
 *
 * Hook for cross-origin isolation (issue 6, `isolation.ts`): a module that must add headers
 * to every response (COOP/COEP, so `crossOriginIsolated` is true on hosts that cannot send
 * them) registers a transform with `addResponseTransform`, and sets `answerEveryRequest`
 * so that requests the service worker would otherwise leave to the browser (the bundle's
 * own files) also come through here.
 */
export type ResponseTransform = (request: Request, response: Response) => Response | Promise<Response>;

const transforms: ResponseTransform[] = [];
let everyRequest = false;

export function addResponseTransform(transform: ResponseTransform, options: { answerEveryRequest?: boolean } = {}): void {
  transforms.push(transform);
  everyRequest ||= options.answerEveryRequest ?? false;
}

/** Whether requests that are not the app's must still be answered (and transformed) here. */
export function answerEveryRequest(): boolean {
  return everyRequest;
}

export async function finish(request: Request, response: Response): Promise<Response> {
  for (const transform of transforms) response = await transform(request, response);
  return response;
}
