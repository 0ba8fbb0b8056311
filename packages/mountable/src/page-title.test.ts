import assert from "node:assert/strict";
import { test } from "node:test";
import { tabIconUrl, tabTitle } from "./page-title";

const FRAME_ORIGIN = "http://127.0.0.1:8000";

test("only image URLs the tab may load become its icon", () => {
  const accepted = [
    "data:image/svg+xml,<svg></svg>",
    "data:image/png;base64,iVBORw0KGgo=",
    "https://fonts.gstatic.com/s/i/icon.svg",
    `${FRAME_ORIGIN}/frontend/favicon.png`,
    `blob:${FRAME_ORIGIN}/0b7c6a4e-1d2f-4c51-9f0e-3a1b2c3d4e5f`,
  ];
  for (const url of accepted) assert.notEqual(tabIconUrl(url, FRAME_ORIGIN), null, url);
  const refused = [
    "blob:http://elsewhere.example/0b7c6a4e-1d2f-4c51-9f0e-3a1b2c3d4e5f",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "relative/icon.png",
    "",
    42,
    null,
  ];
  for (const value of refused) assert.equal(tabIconUrl(value, FRAME_ORIGIN), null, String(value));
});

test("a title is plain text, kept as written and bounded", () => {
  assert.equal(tabTitle("<b>Hi</b>"), "<b>Hi</b>");
  assert.equal(tabTitle("x".repeat(2000))?.length, 500);
  assert.equal(tabTitle(7), null);
  assert.equal(tabTitle(undefined), null);
});
