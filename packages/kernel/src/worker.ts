/// <reference lib="webworker" />
/**
 * The Pyodide worker: boots Python, installs the app's packages, writes its files,
 * starts Streamlit's own ASGI app through the shim, then serves every frontend that
 * connects over a MessagePort (see protocol.ts).
 */
import type {
  BootOptions,
  BootStage,
  FromFrontend,
  FromWorker,
  ToFrontend,
  ToWorker,
  WorkerMethod,
  WorkerMethods,
} from "./protocol";
import { exactBuffer, transferablesOf } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

/** The app's files live here; it is the working directory, as `streamlit run` would have it. */
const APP_HOME = "/home/pyodide";

// Minimal views of the Pyodide objects we use; the full types live in the pyodide package.
interface PyProxy {
  destroy(): void;
  [key: string]: any;
}
interface Pyodide {
  FS: any;
  loadPackage(names: string[], options?: object): Promise<unknown>;
  pyimport(name: string): PyProxy;
  runPythonAsync(code: string): Promise<any>;
  toPy(value: unknown): any;
}

function post(message: FromWorker): void {
  self.postMessage(message);
}

function progress(stage: BootStage, message: string): void {
  post({ type: "progress", stage, message });
}

/** The shim's Pyodide glue (python/shim/wasmlit_shim/bridge.py), once the app runs. */
let bridge: PyProxy | undefined;
let packageIndexUrl: string | undefined;
let booted: Promise<void> | undefined;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "boot":
      booted = boot(message.options);
      booted.then(
        () => post({ type: "ready" }),
        (error: unknown) => post({ type: "boot-error", ...describeError(error) }),
      );
      break;
    case "connect-frontend":
      serveFrontend(message.port);
      break;
    case "call":
      answerCall(message.id, message.method, message.args);
      break;
  }
};

/** Controller calls run in arrival order, after boot, one at a time. */
let calls: Promise<void> = Promise.resolve();

function answerCall(id: number, method: WorkerMethod, args: unknown[]): void {
  calls = calls.then(async () => {
    try {
      await booted;
      const value = await (methods[method] as (...args: unknown[]) => unknown)(...args);
      self.postMessage({ type: "call-result", id, ok: true, value } satisfies FromWorker, transferablesOf({ value }));
    } catch (error) {
      post({ type: "call-result", id, ok: false, error: describeError(error).detail });
    }
  });
}

let pyodide: Pyodide;

const methods: WorkerMethods = {
  writeFile(path, data) {
    const target = appPath(path);
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.writeFile(target, typeof data === "string" ? data : new Uint8Array(data));
    bridge!.file_changed(target);
  },
  readFile(path, encoding) {
    const content: Uint8Array = pyodide.FS.readFile(appPath(path));
    return encoding === "utf8" ? new TextDecoder().decode(content) : exactBuffer(content);
  },
  renameFile(oldPath, newPath) {
    const target = appPath(newPath);
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.rename(appPath(oldPath), target);
    bridge!.file_changed(appPath(oldPath));
    bridge!.file_changed(target);
  },
  unlink(path) {
    pyodide.FS.unlink(appPath(path));
    bridge!.file_changed(appPath(path));
  },
  async runPython(code) {
    const result = await pyodide.runPythonAsync(code);
    if (result && typeof result.toJs === "function") {
      const value = result.toJs({ dict_converter: Object.fromEntries });
      result.destroy();
      return value;
    }
    return result;
  },
  async install(requirements) {
    const packages = pyodide.pyimport("wasmlit_shim.packages");
    const problems = await packages.install_requirements(pyodide.toPy(requirements), packageIndexUrl ?? null);
    const found = problems.toJs({ dict_converter: Object.fromEntries });
    problems.destroy();
    if (found.length) throw new Error(found.map((problem: { message: string; detail: string }) => `${problem.message}\n${problem.detail}`).join("\n"));
  },
};

/** An absolute path in the app's home; refuses paths that climb out of it. */
function appPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw new Error(`"${path}" is outside the app's folder`);
    parts.push(part);
  }
  if (!parts.length) throw new Error("a file path is required");
  return `${APP_HOME}/${parts.join("/")}`;
}

async function boot(options: BootOptions): Promise<void> {
  progress("runtime", "Downloading the Python runtime");
  const { loadPyodide } = await import(/* @vite-ignore */ options.pyodideUrl + "pyodide.mjs");
  packageIndexUrl = options.packageIndexUrl;
  pyodide = await loadPyodide({
    indexURL: options.pyodideUrl,
    env: { HOME: APP_HOME, ...options.env },
    stdout: (line: string) => console.log(line),
    stderr: (line: string) => console.warn(line),
  });

  progress("packages", "Installing Streamlit");
  const failures: string[] = [];
  await pyodide.loadPackage(["wasmlit-shim"], {
    messageCallback: () => {},
    errorCallback: (line: string) => failures.push(line),
  });
  if (failures.length > 0) throw new BootError("Could not install Streamlit", failures.join("\n"));

  progress("files", "Writing the app's files");
  await writeFiles(options.files);

  bridge = pyodide.pyimport("wasmlit_shim.bridge");
  const packages = pyodide.pyimport("wasmlit_shim.packages");
  progress("packages", "Installing the app's packages");
  const problems: PyProxy = await packages.install_for_app(
    APP_HOME,
    options.entrypoint,
    pyodide.toPy(options.requirements),
    options.packageIndexUrl ?? null,
    (name: string) => progress("packages", `Installing ${name}`),
  );
  for (const problem of problems.toJs({ dict_converter: Object.fromEntries })) {
    post({ type: "problem", message: problem.message, detail: problem.detail });
  }
  problems.destroy();

  progress("app", "Starting the app");
  await bridge!.start(`${APP_HOME}/${options.entrypoint}`, pyodide.toPy(options.streamlitConfig));
}

async function writeFiles(files: BootOptions["files"]): Promise<void> {
  const entries = Object.entries(files);
  const contents = await Promise.all(
    entries.map(async ([path, source]) => {
      if ("data" in source) return typeof source.data === "string" ? source.data : new Uint8Array(source.data);
      const response = await fetch(source.url);
      if (!response.ok) {
        throw new BootError(
          `Could not fetch the app file "${path}"`,
          `GET ${source.url} answered ${response.status} ${response.statusText}`,
        );
      }
      return new Uint8Array(await response.arrayBuffer());
    }),
  );
  entries.forEach(([path, _], index) => {
    const target = appPath(path);
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.writeFile(target, contents[index]);
  });
}

/**
 * Serve one frontend. Messages are dispatched strictly in arrival order once the app has
 * started; frames that arrive earlier wait (the frontend opens its socket at once).
 */
function serveFrontend(port: MessagePort): void {
  const sockets = new Map<number, PyProxy>();
  const send = (message: ToFrontend) => port.postMessage(message, transferablesOf(message));
  let inOrder: Promise<void> = Promise.resolve();

  port.onmessage = (event: MessageEvent<FromFrontend>) => {
    const message = event.data;
    inOrder = inOrder
      .then(() => booted)
      .then(
        () => dispatch(message),
        () => refuse(message),
      );
  };

  function dispatch(message: FromFrontend): void {
    switch (message.type) {
      case "http":
        answerHttp(message).catch((error) =>
          send({ type: "http", id: message.id, status: 500, headers: [], body: encode(describeError(error).detail) }),
        );
        break;
      case "ws-open":
        sockets.set(
          message.id,
          bridge!.open_websocket(
            message.path,
            message.query,
            message.headers,
            (data: Uint8Array | string) =>
              send({ type: "ws-message", id: message.id, data: typeof data === "string" ? data : exactBuffer(data) }),
            (code: number, reason: string) => {
              sockets.get(message.id)?.destroy();
              sockets.delete(message.id);
              send({ type: "ws-close", id: message.id, code, reason });
            },
          ),
        );
        break;
      case "ws-send":
        sockets.get(message.id)?.receive(typeof message.data === "string" ? message.data : new Uint8Array(message.data));
        break;
      case "ws-close":
        sockets.get(message.id)?.disconnect(message.code);
        sockets.get(message.id)?.destroy();
        sockets.delete(message.id);
        break;
    }
  }

  async function answerHttp(message: Extract<FromFrontend, { type: "http" }>): Promise<void> {
    const body = message.body ? new Uint8Array(message.body) : new Uint8Array();
    const response = await bridge!.http(message.method, message.path, message.query, message.headers, body);
    send({
      type: "http",
      id: message.id,
      status: response.status,
      headers: response.headers,
      body: exactBuffer(response.body),
    });
  }

  /** The app never started: say so instead of leaving the frontend waiting. */
  function refuse(message: FromFrontend): void {
    if (message.type === "http") {
      send({ type: "http", id: message.id, status: 503, headers: [], body: encode("The app failed to start.") });
    } else if (message.type === "ws-open") {
      send({ type: "ws-close", id: message.id, code: 1011, reason: "The app failed to start." });
    }
  }
}

class BootError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

function describeError(error: unknown): { message: string; detail: string } {
  if (error instanceof BootError) return { message: error.message, detail: error.detail };
  if (error instanceof Error) {
    // A Python exception arrives as a PythonError whose message is the full traceback.
    const lines = error.message.trim().split("\n");
    return { message: lines[lines.length - 1] || error.name, detail: error.message };
  }
  return { message: String(error), detail: String(error) };
}

function encode(text: string): ArrayBuffer {
  return exactBuffer(new TextEncoder().encode(text));
}
