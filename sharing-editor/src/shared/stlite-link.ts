/**
 * stlite sharing links: `#!` + base64url of protobuf `AppData`, with `,` for `=` padding.
 *   AppData { string entrypoint = 1; map<string, File> files = 2; repeated string requirements = 3 }
 *   File    { oneof content { string text = 1; bytes data = 2 } }
 * A protobuf map entry is a message { key = 1; value = 2 }. Only this schema is read, so a
 * hand-written reader of the wire format (varints and length-delimited fields) suffices.
 */
import type { AppProject, FileContent } from "./app-files";
import { base64UrlToBytes } from "./base64";

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

class ProtoReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (this.offset >= this.bytes.length) throw new Error("a number is cut short");
      const byte = this.bytes[this.offset++];
      if (shift < 49) value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error("a number is longer than 10 bytes");
  }

  /** The next field: its number, wire type, and (for length-delimited fields) its bytes. */
  field(): { number: number; bytes: Uint8Array | null } {
    const key = this.varint();
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (wire === WIRE_LENGTH) {
      const length = this.varint();
      if (this.offset + length > this.bytes.length) throw new Error(`field ${number} is cut short`);
      const bytes = this.bytes.subarray(this.offset, this.offset + length);
      this.offset += length;
      return { number, bytes };
    }
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.offset += 8;
    else if (wire === WIRE_FIXED32) this.offset += 4;
    else throw new Error(`field ${number} has an unknown wire type ${wire}`);
    if (this.offset > this.bytes.length) throw new Error(`field ${number} is cut short`);
    return { number, bytes: null };
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function text(bytes: Uint8Array | null, what: string): string {
  if (bytes === null) throw new Error(`${what} is not a string`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Error(`${what} is not UTF-8`);
  }
}

function readFile(bytes: Uint8Array, path: string): FileContent {
  const reader = new ProtoReader(bytes);
  let content: FileContent = "";
  while (!reader.done) {
    const field = reader.field();
    if (field.number === 1) content = text(field.bytes, `the text of ${path}`);
    else if (field.number === 2) {
      if (field.bytes === null) throw new Error(`the data of ${path} is not bytes`);
      content = field.bytes.slice();
    }
  }
  return content;
}

function readMapEntry(bytes: Uint8Array): [string, FileContent] {
  const reader = new ProtoReader(bytes);
  let path = "";
  let file: Uint8Array | null = null;
  while (!reader.done) {
    const field = reader.field();
    if (field.number === 1) path = text(field.bytes, "a file name");
    else if (field.number === 2) file = field.bytes;
  }
  return [path, file === null ? "" : readFile(file, path)];
}

/** The app in an stlite `#!` fragment (without the `#!`); throws, saying what is wrong. */
export function decodeStliteAppData(encoded: string): AppProject {
  const bytes = base64UrlToBytes(encoded.replace(/,+$/, ""));
  const reader = new ProtoReader(bytes);
  const project: AppProject = { entrypoint: "", files: {}, requirements: [] };
  while (!reader.done) {
    const field = reader.field();
    if (field.number === 1) project.entrypoint = text(field.bytes, "the entry point");
    else if (field.number === 2 && field.bytes !== null) {
      const [path, content] = readMapEntry(field.bytes);
      project.files[path] = content;
    } else if (field.number === 3) project.requirements.push(text(field.bytes, "a requirement"));
  }
  return project;
}
