import assert from "node:assert/strict";
import { test } from "node:test";
import { AppFrame, type AppFrameOptions, frameHeight, MIN_FRAME_HEIGHT } from "./app-frame";
import { decodeFrameSettings } from "./frame/frame-settings";
import type { FrameMessage, FrameSettings } from "./frame/messages";

const FRONTEND = "https://cdn.example.test/site/frontend/index.html";
const ORIGIN = "https://cdn.example.test";
const PAGE_ORIGIN = "https://pages.example.test";

/** The frame's window, as this page sees it: it records what the page posts to it. */
class FrameWindow {
  readonly posted: { message: FrameMessage; origin: string; transfer: Transferable[] }[] = [];
  postMessage(message: FrameMessage, origin: string, transfer: Transferable[] = []): void {
    this.posted.push({ message, origin, transfer });
  }
}

/** Just enough of an iframe element and of this page's window and document. */
function fakePage() {
  const contentWindow = new FrameWindow();
  const iframe = {
    name: "",
    title: "",
    src: "",
    style: { cssText: "", height: "", display: "" },
    contentWindow,
    addEventListener: () => {},
  };
  const page = new EventTarget();
  Object.assign(globalThis, {
    window: page,
    document: { createElement: () => iframe },
    location: { origin: PAGE_ORIGIN },
  });
  const appended: unknown[] = [];
  const container = { append: (child: unknown) => appended.push(child) } as unknown as HTMLElement;
  /** A message event on this page, from the frame unless said otherwise. */
  const receive = (data: unknown, from: { source?: unknown; origin?: string } = {}) =>
    page.dispatchEvent(Object.assign(new Event("message"), { data, source: contentWindow, origin: ORIGIN, ...from }));
  return { iframe, contentWindow, container, appended, receive };
}

type Heard = [string, ...unknown[]];

function frameFor(fullPage: boolean, settings: () => FrameSettings = () => ({ appId: "abc" })) {
  const page = fakePage();
  const heard: Heard[] = [];
  const options: AppFrameOptions = {
    fullPage,
    settings,
    connect: (port) => heard.push(["connect", port]),
    interrupt: (kind) => heard.push(["interrupt", kind]),
    followLocation: (location, push) => heard.push(["location", location, push]),
    showTab: (tab) => heard.push(["tab", tab]),
  };
  const frame = new AppFrame(FRONTEND, page.container, options);
  return { frame, heard, ...page };
}

test("the frame is appended with its settings in its name, and loads only when told", () => {
  let page = "";
  const { frame, iframe, appended } = frameFor(false, () => ({ appId: "abc", location: { path: page, search: "" } }));
  assert.deepEqual(appended, [iframe]);
  // The frame is also told this page's origin: the only one it will talk to.
  assert.deepEqual(decodeFrameSettings(iframe.name), {
    appId: "abc",
    location: { path: "", search: "" },
    pageOrigin: PAGE_ORIGIN,
  });
  assert.equal(iframe.src, "");
  assert.match(iframe.style.cssText, new RegExp(`height: ${MIN_FRAME_HEIGHT}px`));
  frame.load();
  assert.equal(iframe.src, FRONTEND);

  // A reload reads the settings again: the frame opens at the page it showed.
  page = "page_two";
  frame.reload();
  assert.equal(decodeFrameSettings(iframe.name).location?.path, "page_two");
  assert.equal(iframe.src, FRONTEND);
});

test("a frontend's hello gets it a port, whose other end goes to the app", () => {
  const { heard, contentWindow, receive } = frameFor(false);
  receive({ type: "wasmlit:hello" });
  assert.equal(heard.length, 1);
  const [kind, port] = heard[0];
  assert.equal(kind, "connect");
  assert.ok(port instanceof MessagePort);
  assert.equal(contentWindow.posted.length, 1);
  const [{ message, origin, transfer }] = contentWindow.posted;
  assert.deepEqual(message, { type: "wasmlit:port" });
  assert.equal(origin, ORIGIN);
  assert.equal(transfer.length, 1);
  assert.notEqual(transfer[0], port);
  (port as MessagePort).close();
});

test("interrupts, locations and tab changes go to their handlers", () => {
  const { heard, receive } = frameFor(false);
  receive({ type: "wasmlit:interrupt", kind: "stop" });
  receive({ type: "wasmlit:location", location: { path: "page_two", search: "?a=1" }, push: true });
  receive({ type: "wasmlit:tab", title: "My app" });
  assert.deepEqual(heard, [
    ["interrupt", "stop"],
    ["location", { path: "page_two", search: "?a=1" }, true],
    ["tab", { type: "wasmlit:tab", title: "My app" }],
  ]);
});

test("an embedded frame takes the height its frontend reports, never below the minimum", () => {
  const { iframe, receive } = frameFor(false);
  receive({ type: "wasmlit:height", height: 640 });
  assert.equal(iframe.style.height, "640px");
  receive({ type: "wasmlit:height", height: 20 });
  assert.equal(iframe.style.height, `${MIN_FRAME_HEIGHT}px`);
  assert.equal(frameHeight(MIN_FRAME_HEIGHT + 1), MIN_FRAME_HEIGHT + 1);
});

test("a full-page frame keeps its height", () => {
  const { iframe, receive } = frameFor(true);
  assert.match(iframe.style.cssText, /flex: 1/);
  receive({ type: "wasmlit:height", height: 640 });
  assert.equal(iframe.style.height, "");
});

test("messages from another window or origin, or of no known kind, are ignored", () => {
  const { heard, contentWindow, receive } = frameFor(false);
  receive({ type: "wasmlit:hello" }, { source: new FrameWindow() });
  receive({ type: "wasmlit:hello" }, { origin: "https://evil.test" });
  receive({ type: "wasmlit:unknown" });
  receive(null);
  assert.deepEqual(heard, []);
  assert.deepEqual(contentWindow.posted, []);
});

test("Back/Forward is posted to the frame's origin; after release, the frame is not heard", () => {
  const { frame, heard, contentWindow, receive } = frameFor(false);
  frame.navigate({ path: "", search: "?b=2" });
  assert.deepEqual(contentWindow.posted, [
    { message: { type: "wasmlit:navigate", location: { path: "", search: "?b=2" } }, origin: ORIGIN, transfer: [] },
  ]);
  frame.release();
  receive({ type: "wasmlit:interrupt", kind: "rerun" });
  assert.deepEqual(heard, []);
});

test("hide() hides the frame", () => {
  const { frame, iframe } = frameFor(false);
  frame.hide();
  assert.equal(iframe.style.display, "none");
});
