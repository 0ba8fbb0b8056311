/**
 * The wire format of wasmlit share links. Types and constants only: the codec is link-codec.ts.
 *
 * A link is `<editor or preview URL>#w1=<payload>`, where payload is base64url (no padding) of
 * raw DEFLATE (RFC 1951) of the UTF-8 JSON `LinkPayloadV1`. The fragment never reaches a server.
 */

/** The fragment key of version 1; a new version gets a new key (`w2=`), old keys keep opening. */
export const LINK_KEY_V1 = "w1";

/** A file in a link: text, or bytes as standard base64. */
export type LinkFileV1 = { text: string } | { base64: string };

export interface LinkPayloadV1 {
  /** The format version; always 1 here. */
  v: 1;
  /** The wasmlit runtime version the link was made with (informational: newer runtimes open it). */
  runtime: string;
  entrypoint: string;
  requirements: string[];
  files: Record<string, LinkFileV1>;
}

/** Past this, common chat and mail tools cut or refuse a link. */
export const LONG_LINK_CHARS = 8000;

/** A payload that inflates past this is refused (a deflate bomb must not freeze the tab). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
