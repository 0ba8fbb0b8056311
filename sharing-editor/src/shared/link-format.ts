/**
 * The wire format of wasmlit share links. Types and constants only: the codec is link-codec.ts.
 *
 * A link is `<editor or preview URL>#w2=<payload>`, where payload is base64url (no padding) of
 * raw DEFLATE (RFC 1951) of the UTF-8 JSON `LinkPayloadV2`. The fragment never reaches a server.
 * Links are always written in the newest version; every older version keeps opening.
 */

/** The fragment key of version 1 (read, no longer written). */
export const LINK_KEY_V1 = "w1";
/** The fragment key of version 2, written by this editor; a later version gets `w3=`. */
export const LINK_KEY_V2 = "w2";

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

/** Version 2: version 1 and the app's persistent folders. */
export interface LinkPayloadV2 extends Omit<LinkPayloadV1, "v"> {
  v: 2;
  /**
   * Folders of the app (relative to its folder, e.g. `data`) kept in the browser's IndexedDB
   * on the preview's origin: what the app writes there survives a reload and later visits
   * (mount()'s `idbfsMountpoints`, `wasmlit serve --persist`). Empty: none.
   */
  persist: string[];
}

/** Past this, common chat and mail tools cut or refuse a link. */
export const LONG_LINK_CHARS = 8000;

/** A payload that inflates past this is refused (a deflate bomb must not freeze the tab). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
