/**
 * Recognise the frontend's Stop and rerun messages among the bytes it sends on its socket.
 *
 * A busy Python script cannot read them (see kernel/src/control-buffer.ts), so the boot
 * script tells the page, which signals the worker through shared memory. The frontend's
 * messages are protobuf `BackMsg`s; Stop is field 7 (`stop_script`), a rerun (widget
 * change, "Rerun", page change) is field 11 (`rerun_script`). Only the top-level field
 * numbers are read, never the contents.
 */
import type { ControlKind } from "@wasmlit/kernel/src/protocol";

const STOP_SCRIPT = 7;
const RERUN_SCRIPT = 11;

/** "stop", "rerun", or null for any other message (or bytes that are not a BackMsg). */
export function controlKindOf(bytes: Uint8Array): ControlKind | null {
  let offset = 0;
  while (offset < bytes.length) {
    const key = readVarint(bytes, offset);
    if (!key) return null;
    offset = key.next;
    const field = Math.floor(key.value / 8);
    if (field === STOP_SCRIPT) return "stop";
    if (field === RERUN_SCRIPT) return "rerun";
    const next = skipValue(bytes, offset, key.value % 8);
    if (next === null) return null;
    offset = next;
  }
  return null;
}

function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let index = offset; index < bytes.length && index < offset + 10; index++) {
    value += (bytes[index] & 0x7f) * scale;
    scale *= 128;
    if ((bytes[index] & 0x80) === 0) return { value, next: index + 1 };
  }
  return null;
}

/** Where the field after this one starts (protobuf wire types), or null if malformed. */
function skipValue(bytes: Uint8Array, offset: number, wireType: number): number | null {
  switch (wireType) {
    case 0:
      return readVarint(bytes, offset)?.next ?? null;
    case 1:
      return offset + 8;
    case 2: {
      const length = readVarint(bytes, offset);
      return length ? length.next + length.value : null;
    }
    case 5:
      return offset + 4;
    default:
      return null;
  }
}
