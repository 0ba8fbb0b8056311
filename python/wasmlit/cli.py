"""The `wasmlit` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .app_folder import AppNotFound, find_app
from .devserver import make_server

RUNTIME_DIR = Path(__file__).parent / "runtime"
CACHE_DIR = Path.home() / ".cache" / "wasmlit" / "pypi"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="wasmlit",
        description="Run Streamlit apps entirely in the browser (Pyodide in a Web Worker, no server).",
    )
    parser.add_argument("--version", action="version", version=f"wasmlit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve an app locally and print its URL")
    serve.add_argument("path", metavar="PATH", help="the app: a .py file, or a folder with streamlit_app.py")
    serve.add_argument("--port", type=int, default=8501, help="port to listen on (default: 8501; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")

    args = parser.parse_args(argv)
    try:
        return serve_command(args.path, args.host, args.port)
    except AppNotFound as error:
        print(f"wasmlit: error: {error}", file=sys.stderr)
        return 2


def serve_command(path: str, host: str, port: int) -> int:
    app = find_app(path)
    if not (RUNTIME_DIR / "wasmlit.js").is_file():
        print(f"wasmlit: error: the runtime bundle is missing from {RUNTIME_DIR}; run `make build`", file=sys.stderr)
        return 1
    try:
        server = make_server(app, RUNTIME_DIR, host, port, CACHE_DIR)
    except OSError as error:
        print(f"wasmlit: error: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 1
    bound_host, bound_port = server.server_address[:2]
    print(f"Serving {app.root / app.entrypoint}", flush=True)
    print(f"  URL: http://{bound_host}:{bound_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
