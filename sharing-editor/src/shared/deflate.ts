/** Raw DEFLATE (RFC 1951) with the browser's own CompressionStream; inflation is capped. */

async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError(`it inflates past ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function through(data: Uint8Array, transform: CompressionStream | DecompressionStream): ReadableStream<Uint8Array> {
  const source = new Blob([data as Uint8Array<ArrayBuffer>]).stream();
  return source.pipeThrough(transform as unknown as TransformStream<Uint8Array, Uint8Array>);
}

export function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  return collect(through(data, new CompressionStream("deflate-raw")), Number.MAX_SAFE_INTEGER);
}

/** Rejects when `data` is not complete raw DEFLATE, or inflates past `limit` bytes. */
export function inflateRaw(data: Uint8Array, limit: number): Promise<Uint8Array> {
  return collect(through(data, new DecompressionStream("deflate-raw")), limit);
}
