/**
 * The frontend's iframe, as mount() sees it: the element, what it is told before its first
 * script runs (frame/frame-settings.ts, in its `name`), and the messages it and this page
 * exchange (`FrameMessage`). The app's own traffic never passes here: each (re)load of the
 * frontend says hello and is handed its own MessagePort to the worker.
 */
import type { ControlKind } from "@wasmlit/kernel/src/protocol";
import { encodeFrameSettings } from "./frame/frame-settings";
import type { FrameLocation, FrameMessage, FrameSettings } from "./frame/messages";
import { focusWhenLoaded } from "./focus";

/** An embedded app is never shorter than this (px), even before it reports its height. */
export const MIN_FRAME_HEIGHT = 160;

export interface AppFrameOptions {
  /** The app fills the page (mount() on document.body): it takes the keyboard and keeps its height. */
  fullPage: boolean;
  /** What the frame is told; read again for each (re)load, so it opens at the page it showed. */
  settings: () => FrameSettings;
  /** A (re)loaded frontend wants its channel to the app: give `port`'s other end to the worker. */
  connect: (port: MessagePort) => void;
  /** The frontend sent a Stop or rerun; a busy script must be interrupted to read it. */
  interrupt: (kind: ControlKind) => void;
  /** The app moved to this location (`push`: a new history entry). */
  followLocation: (location: FrameLocation, push: boolean) => void;
  /** The app's page title or icon changed. */
  showTab: (tab: { title?: string; icon?: string }) => void;
}

export class AppFrame {
  readonly element: HTMLIFrameElement;
  private readonly url: URL;
  private readonly onMessage: (event: MessageEvent<FrameMessage>) => void;

  /** The frame, appended to `container`; it loads nothing until `load()`. */
  constructor(
    frontendPage: string,
    container: HTMLElement,
    private readonly options: AppFrameOptions,
  ) {
    this.url = new URL(frontendPage);
    const frame = document.createElement("iframe");
    this.element = frame;
    frame.name = this.encodedSettings();
    frame.title = "Streamlit app";
    frame.style.cssText = options.fullPage
      ? "flex: 1; width: 100%; border: 0;"
      : `display: block; width: 100%; height: ${MIN_FRAME_HEIGHT}px; border: 0;`;
    container.append(frame);
    if (options.fullPage) focusWhenLoaded(frame);
    this.onMessage = (event) => {
      if (event.source === frame.contentWindow && event.origin === this.url.origin) this.receive(event.data);
    };
    window.addEventListener("message", this.onMessage);
  }

  private encodedSettings(): string {
    return encodeFrameSettings({ ...this.options.settings(), pageOrigin: location.origin });
  }

  /** The origin of the app's frame (where its messages, title and icon come from). */
  get origin(): string {
    return this.url.origin;
  }

  /** Load the frontend, with the settings it was created with. */
  load(): void {
    this.element.src = this.url.href;
  }

  /** Load the frontend again (onto a restarted worker), at the page it showed. */
  reload(): void {
    this.element.name = this.encodedSettings();
    this.element.src = this.url.href;
  }

  /** The person went Back/Forward: move the app there. */
  navigate(location: FrameLocation): void {
    this.post({ type: "wasmlit:navigate", location });
  }

  /** Hide the frame (its "Connection error" would only repeat a boot error, over it). */
  hide(): void {
    this.element.style.display = "none";
  }

  /** Stop listening to the frame (the element goes with its container). */
  release(): void {
    window.removeEventListener("message", this.onMessage);
  }

  private receive(message: FrameMessage | undefined): void {
    switch (message?.type) {
      case "wasmlit:hello": {
        const channel = new MessageChannel();
        this.options.connect(channel.port1);
        this.post({ type: "wasmlit:port" }, [channel.port2]);
        break;
      }
      case "wasmlit:interrupt":
        this.options.interrupt(message.kind);
        break;
      case "wasmlit:height":
        if (!this.options.fullPage) this.element.style.height = `${frameHeight(message.height)}px`;
        break;
      case "wasmlit:location":
        this.options.followLocation(message.location, message.push);
        break;
      case "wasmlit:tab":
        this.options.showTab(message);
        break;
    }
  }

  private post(message: FrameMessage, transfer: Transferable[] = []): void {
    this.element.contentWindow?.postMessage(message, this.url.origin, transfer);
  }
}

/** The height of an embedded app's frame for the height its frontend reports. */
export function frameHeight(reported: number): number {
  return Math.max(reported, MIN_FRAME_HEIGHT);
}
