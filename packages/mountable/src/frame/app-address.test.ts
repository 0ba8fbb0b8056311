import assert from "node:assert/strict";
import { test } from "node:test";
import { appUrlAt, withStreamlitUrl } from "./app-address";

test("the app's URL for each of its pages", () => {
  const own = { url: "http://127.0.0.1:8000/site/", pagePaths: true };
  assert.equal(appUrlAt(own, ""), "http://127.0.0.1:8000/site/");
  assert.equal(appUrlAt(own, "second"), "http://127.0.0.1:8000/site/second");
  // A page embedding the app keeps its own path whatever the app's page.
  const embedding = { url: "http://127.0.0.1:8000/docs/demo.html", pagePaths: false };
  assert.equal(appUrlAt(embedding, ""), "http://127.0.0.1:8000/docs/demo.html");
  assert.equal(appUrlAt(embedding, "second"), "http://127.0.0.1:8000/docs/demo.html");
});

test("a component frame's src names the app's URL as streamlitUrl", () => {
  const base = "http://127.0.0.1:8000/frontend/_wasmlit/0123abcd/component/my.comp/index.html";
  const src = `${base}?streamlitUrl=http%3A%2F%2F127.0.0.1%3A8000%2Ffrontend%2F&__streamlit_parent_client_id=7`;
  const renamed = new URL(withStreamlitUrl(src, "http://127.0.0.1:8000/"));
  assert.equal(renamed.searchParams.get("streamlitUrl"), "http://127.0.0.1:8000/");
  assert.equal(renamed.searchParams.get("__streamlit_parent_client_id"), "7");
  assert.equal(renamed.pathname, new URL(base).pathname);
  // Already named, or no streamlitUrl at all: left as it is (no reload of the frame).
  assert.equal(withStreamlitUrl(renamed.href, "http://127.0.0.1:8000/"), renamed.href);
  assert.equal(withStreamlitUrl(`${base}?other=1`, "http://127.0.0.1:8000/"), `${base}?other=1`);
});
