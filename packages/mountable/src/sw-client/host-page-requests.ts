/**
 * The host page's part: register the service worker (so deep links and component files
 * work from the first visit on), and answer its requests for the page's own `fetch`es to
 * the app's routes (`fetch("api/users")` from the page that mounted the app).
 *
 * A page may mount several apps; its own requests go to the first one mounted (an
 * `st.App` with routes is a page's one backend).
 */
import { BackendChannel } from "../frame/channel";
import { announceHostPage, answerServiceWorker, type SwRequestHandler } from "./answer";
import { answerFromApp } from "./app-requests";
import { registerServiceWorker } from "./register";

interface RoutingApp {
  connect: (port: MessagePort) => void;
  handler?: SwRequestHandler;
}

const apps: RoutingApp[] = [];
let listening = false;

/** Route this page's requests to an app while it is mounted; returns the unmount hook. */
export function serveHostPageRequests(bundleUrl: string, connect: (port: MessagePort) => void): () => void {
  // A page on another origin than the bundle is not under the service worker (the frontend
  // iframe, on the bundle's origin, registers it for itself).
  if (new URL(bundleUrl).origin !== location.origin) return () => {};
  void registerServiceWorker(bundleUrl);
  const app: RoutingApp = { connect };
  apps.push(app);
  if (!listening) {
    listening = true;
    answerServiceWorker((request) => (apps[0] ? handlerOf(apps[0])(request) : Promise.resolve({ kind: "not-routed" })));
    announceHostPage();
  }
  return () => apps.splice(apps.indexOf(app), 1);
}

/** The app's channel, opened on the first request (most pages never make one). */
function handlerOf(app: RoutingApp): SwRequestHandler {
  if (!app.handler) {
    const { port1, port2 } = new MessageChannel();
    app.connect(port1);
    const channel = new BackendChannel();
    channel.attach(port2);
    app.handler = answerFromApp(channel, null);
  }
  return app.handler;
}
