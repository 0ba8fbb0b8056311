// Unit tests of the share-link codec (run by `make test-ts`: esbuild for Node, then node --test).
import assert from "node:assert/strict";
import { test } from "node:test";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { AppProject } from "./app-files";
import { decodeLink, encodeLink } from "./link-codec";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128, 7]);
const project: AppProject = {
  entrypoint: "streamlit_app.py",
  files: { "streamlit_app.py": "import streamlit as st\nst.write('héllo ✓')\n", "pages/two.py": "x = 1\n", "logo.png": png },
  requirements: ["humanize==4.9.0"],
};

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

test("a link round-trips text and bytes exactly", async () => {
  const fragment = await encodeLink(project, "0.1.0");
  assert.match(fragment, /^w2=[A-Za-z0-9_-]+$/);
  const opened = await decodeLink(`#${fragment}`);
  assert.equal(opened.kind, "wasmlit");
  assert.equal(opened.runtime, "0.1.0");
  assert.deepEqual(opened.project.requirements, project.requirements);
  assert.equal(opened.project.files["streamlit_app.py"], project.files["streamlit_app.py"]);
  assert.deepEqual([...(opened.project.files["logo.png"] as Uint8Array)], [...png]);
});

test("the payload is raw deflate of the documented JSON", async () => {
  const fragment = await encodeLink(project, "9.9.9");
  const json = JSON.parse(inflateRawSync(Buffer.from(fragment.slice(3), "base64url")).toString("utf8"));
  assert.equal(json.v, 2);
  assert.equal(json.runtime, "9.9.9");
  assert.deepEqual(json.files["logo.png"], { base64: Buffer.from(png).toString("base64") });
  assert.deepEqual(json.persist, []);
});

test("persistent folders travel in the link and come back as written", async () => {
  const fragment = await encodeLink({ ...project, persist: ["uploads", "data/db"] }, "0.1.0");
  const json = JSON.parse(inflateRawSync(Buffer.from(fragment.slice(3), "base64url")).toString("utf8"));
  assert.deepEqual(json.persist, ["uploads", "data/db"]);
  const opened = await decodeLink(`#${fragment}`);
  assert.deepEqual(opened.project.persist, ["uploads", "data/db"]);
});

// A link written by the editor before version 2 (version 1: no persistent folders), kept as it
// was: it must open unchanged in every later editor.
const V1_LINK =
  "w1=ZcyxDoIwFEbhV2n-SWPTgDEO3XgDdzGmhEu8CS21vYhIeHfD4uJ-zrfgBVtqpDEIe4JFYUpTQIOCpDkOHAQWWRI537PcXYwmztBI9Bw5kacgGfaKx-hd4A_hptFxTxl2-f_sAqH3RrKPQxL1K5TLKksdspgpsdCuhnctqYa6IZGajjX2dcCq0Q5iGg6b1bhM5xMsqsuhwrquXw";

test("a version 1 link still opens, with no persistent folders", async () => {
  const opened = await decodeLink(`#${V1_LINK}`);
  assert.equal(opened.kind, "wasmlit");
  assert.equal(opened.runtime, "0.1.0");
  assert.equal(opened.project.entrypoint, "streamlit_app.py");
  assert.equal(opened.project.files["streamlit_app.py"], 'import streamlit as st\nst.write("made before w2")\n');
  assert.deepEqual([...(opened.project.files["dot.bin"] as Uint8Array)], [0, 255, 128]);
  assert.deepEqual(opened.project.requirements, ["humanize"]);
  assert.deepEqual(opened.project.persist, []);
});

test("a version 1 payload under the version 2 key (or the reverse) is refused", async () => {
  const v1 = { v: 1, runtime: "x", entrypoint: "a.py", requirements: [], files: { "a.py": { text: "" } } };
  await assert.rejects(decodeLink(`w2=${b64url(deflateRawSync(JSON.stringify(v1)))}`), /version is 1, not 2/);
  await assert.rejects(decodeLink(`w1=${b64url(deflateRawSync(JSON.stringify({ ...v1, v: 2, persist: [] })))}`), /version is 2, not 1/);
});

test("persistent folders outside the app's folder, or not a list, are refused", async () => {
  const link = (persist: unknown) =>
    `w2=${b64url(deflateRawSync(JSON.stringify({ v: 2, runtime: "x", entrypoint: "a.py", requirements: [], files: { "a.py": { text: "" } }, persist })))}`;
  for (const folder of ["/home/pyodide", "/lib/python3.14", "../up", "a/../../b", "", "data/"]) {
    await assert.rejects(decodeLink(link([folder])), /persistent folder .* is refused/, folder);
  }
  await assert.rejects(decodeLink(link("data")), /persistent folders are not a list of strings/);
  await assert.rejects(decodeLink(link(undefined)), /persistent folders are not a list of strings/);
});

test("a cut-short link names the damage and yields no app", async () => {
  const fragment = await encodeLink(project, "0.1.0");
  await assert.rejects(decodeLink(fragment.slice(0, fragment.length - 20)), (error: Error) => {
    assert.equal(error.name, "LinkError");
    assert.match(error.message, /damaged or cut short|damaged/);
    return true;
  });
});

test("characters outside base64url are refused", async () => {
  await assert.rejects(decodeLink("#w2=abc$def"), /not base64url/);
});

test("a newer format is named as such", async () => {
  await assert.rejects(decodeLink("#w7=AAAA"), /newer format \(w7\)/);
});

test("a fragment that is no link says so", async () => {
  await assert.rejects(decodeLink("#section-2"), /holds no app/);
});

test("hostile file names are refused", async () => {
  for (const name of ["../etc/passwd", "/abs.py", "a//b.py", "requirements.txt"]) {
    const json = JSON.stringify({ v: 2, runtime: "x", entrypoint: "a.py", requirements: [], files: { "a.py": { text: "" }, [name]: { text: "" } }, persist: [] });
    await assert.rejects(decodeLink(`w2=${b64url(deflateRawSync(json))}`), /file name .* is refused/, name);
  }
});

test("an entry point that is not a file is refused", async () => {
  const json = JSON.stringify({ v: 1, runtime: "x", entrypoint: "missing.py", requirements: [], files: { "a.py": { text: "" } } });
  await assert.rejects(decodeLink(`w1=${b64url(deflateRawSync(json))}`), /entry point "missing.py" is not one of its files/);
});

test("wrong types are refused with what is wrong", async () => {
  const json = JSON.stringify({ v: 1, runtime: "x", entrypoint: "a.py", requirements: "numpy", files: { "a.py": { text: "" } } });
  await assert.rejects(decodeLink(`w1=${b64url(deflateRawSync(json))}`), /requirements are not a list/);
});

test("a deflate bomb is refused, not inflated", async () => {
  const bomb = deflateRawSync(Buffer.alloc(80 * 1024 * 1024, 32));
  await assert.rejects(decodeLink(`w1=${b64url(bomb)}`), /inflates past/);
});

/** A minimal protobuf writer for stlite's AppData (the format, written independently of the reader). */
function varint(n: number): number[] {
  const out = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
function field(number: number, bytes: number[]): number[] {
  return [...varint((number << 3) | 2), ...varint(bytes.length), ...bytes];
}
const utf8 = (text: string): number[] => [...Buffer.from(text, "utf8")];
function stliteAppData({ entrypoint, files, requirements }: AppProject): string {
  const out: number[] = [...field(1, utf8(entrypoint))];
  for (const [name, content] of Object.entries(files)) {
    const file = typeof content === "string" ? field(1, utf8(content)) : field(2, [...content]);
    out.push(...field(2, [...field(1, utf8(name)), ...field(2, file)]));
  }
  for (const requirement of requirements) out.push(...field(3, utf8(requirement)));
  return Buffer.from(out).toString("base64url").padEnd(Math.ceil(out.length / 3) * 4, ",");
}

test("an stlite #! link opens the same files", async () => {
  const opened = await decodeLink(`#!${stliteAppData(project)}`);
  assert.equal(opened.kind, "stlite");
  assert.equal(opened.project.entrypoint, "streamlit_app.py");
  assert.equal(opened.project.files["pages/two.py"], "x = 1\n");
  assert.deepEqual([...(opened.project.files["logo.png"] as Uint8Array)], [...png]);
  assert.deepEqual(opened.project.requirements, ["humanize==4.9.0"]);
});

test("a truncated stlite link is refused", async () => {
  const encoded = stliteAppData(project);
  await assert.rejects(decodeLink(`#!${encoded.slice(0, 30)}`), /stlite link .* (cut short|damaged)/);
});

test("a #code= link opens as streamlit_app.py with its requirements", async () => {
  const opened = await decodeLink("#code=import%20streamlit%20as%20st%0Ast.write(1)&req=humanize");
  assert.equal(opened.project.files["streamlit_app.py"], "import streamlit as st\nst.write(1)");
  assert.deepEqual(opened.project.requirements, ["humanize"]);
});

