/**
 * Bytes cross every boundary of protocol.ts as transferable ArrayBuffers: moved, not copied.
 */

/** The buffers of a message, to pass as its transfer list. */
export function transferablesOf(message: object): Transferable[] {
  const found: Transferable[] = [];
  for (const value of Object.values(message)) {
    if (value instanceof ArrayBuffer) found.push(value);
  }
  return found;
}

/** An ArrayBuffer holding exactly the bytes of `view` (copying only when it is a window onto a larger buffer). */
export function exactBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer) {
    return view.buffer;
  }
  return view.slice().buffer as ArrayBuffer;
}
