"""The `wasmlit` command: `serve` an app with live reload, `export` it as a static site, `desktop` as a program."""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from pathlib import Path

from . import __version__
from .app_folder import AppFolder, AppNotFound, find_app
from .cli_editor import add_editor_commands, run_editor_command
from .desktop import DesktopError, PackError
from .desktop_command import add_desktop_parser, desktop_command
from .devserver import DevSite, make_server
from .editor_site import EditorExportError, EditorMissing, EditorServeError
from .export import ExportError, ExportResult, ExportSettings, export_site, normalize_base_url
from .github_pages import WorkflowError, WorkflowPlan, plan_workflow, write_workflow
from .live_reload import LiveReload
from .mount_options import InvalidPersistPath, persist_folder
from .pins import PYODIDE_VERSION, STREAMLIT_VERSION
from .pypi_proxy import PypiProxy
from .requirements_file import FILE_NAME as REQUIREMENTS_FILE
from .requirements_file import read_requirements
from .runtime_bundle import RUNTIME_DIR, RuntimeMissing, check_runtime
from .vendoring import OnlineSources, format_report

CACHE_DIR = Path.home() / ".cache" / "wasmlit"

# Exit codes: 2 when the arguments are wrong (as argparse does), 1 when the work itself failed.
USAGE_ERROR = 2
FAILURE = 1

APP_HELP = "the app: a .py file (its folder comes along), or a folder with streamlit_app.py or a single .py file"
PERSIST_HELP = (
    "a folder (in the browser's file system) whose files survive reloads and later visits, kept in the "
    "browser's IndexedDB; relative to the app's folder, or absolute (e.g. /mnt/data). Repeat for several"
)
NO_ISOLATION_HELP = (
    "do not make the page cross-origin isolated (by default it is, so Stop can interrupt a script that never "
    "yields); use it if the app embeds frames from other sites that do not send Cross-Origin-Embedder-Policy"
)


class CliError(Exception):
    """A one-line error for the terminal, with its exit code."""

    def __init__(self, message: str, code: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wasmlit",
        description="Run Streamlit apps entirely in the browser: stock Streamlit on Pyodide, no server.",
        epilog=textwrap.dedent(
            """\
            examples:
              wasmlit serve my_app/                 develop: open the URL, save a file, see the app rerun
              wasmlit export my_app/ -o site        publish: a folder any static host serves
              wasmlit export my_app/ -o site --github-pages
                                                    and a workflow that publishes to GitHub Pages
              wasmlit desktop my_app/ -o dist       a program for this machine that runs offline

            Run `wasmlit COMMAND --help` for a command's options.
            """
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version_line())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve an app locally, with live reload",
        description=(
            "Serve an app on a local port and print its URL. The app runs in the browser; this server only "
            "hands out files. Saving a file in the app's folder updates the open page without reloading it "
            "(added and deleted files too), and the terminal says what changed. Packages the app imports "
            "come from the bundle, the Pyodide CDN, or PyPI through this server (cached in ~/.cache/wasmlit)."
        ),
    )
    serve.add_argument("app", metavar="APP", help=APP_HELP)
    serve.add_argument("--port", type=int, default=8501, help="port to listen on (default: 8501; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--persist", action="append", default=[], metavar="PATH", help=PERSIST_HELP)
    serve.add_argument("--no-reload", action="store_true", help="do not watch the app's folder for changes")
    serve.add_argument("--no-isolation", action="store_true", help=NO_ISOLATION_HELP)

    export = commands.add_parser(
        "export",
        help="export an app as a static site (GitHub Pages, any static host)",
        description=(
            "Write a self-contained static site: the runtime, the app's files, and every pure-Python package "
            f"the app imports or lists in {REQUIREMENTS_FILE}, vendored as wheels from PyPI. A package only Pyodide builds for the "
            "browser is built from its source on PyPI as plain Python where it can be (MarkupSafe); others "
            "(numpy, pandas, ...) come from the Pyodide CDN when it can be reached now, else the site loads them "
            "from there; the report says which. The site works from any path of any static host, with no special "
            "headers (try: python -m http.server -d SITE). Re-exporting replaces SITE only once the new site is "
            "complete."
        ),
    )
    export.add_argument("app", metavar="APP", help=APP_HELP)
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="SITE",
        help="the folder to write (created or replaced; an existing one must be empty or a previous export)",
    )  # fmt: skip
    export.add_argument("--title", help="the page title (default: the app folder's name)")
    export.add_argument(
        "--base-url", default="", metavar="URL",
        help="where the site will be published, e.g. /my-repo/ or https://me.github.io/my-repo/; "
        "lets 404.html load the app at deep links without searching for the site's root",
    )  # fmt: skip
    export.add_argument("--persist", action="append", default=[], metavar="PATH", help=PERSIST_HELP)
    export.add_argument(
        "--github-pages", action="store_true",
        help="also write .github/workflows/wasmlit-pages.yml in the app's git repository: "
        "it exports and publishes the app on every push",
    )  # fmt: skip
    export.add_argument("--no-isolation", action="store_true", help=NO_ISOLATION_HELP)
    add_editor_commands(commands, APP_HELP)
    add_desktop_parser(commands, APP_HELP, PERSIST_HELP)
    return parser


def version_line() -> str:
    """What `wasmlit --version` prints: this package and the Streamlit and Pyodide its runtime carries."""
    return f"wasmlit {__version__} (Streamlit {STREAMLIT_VERSION}, Pyodide {PYODIDE_VERSION})"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            return serve_command(args)
        if args.command == "export":
            return export_command(args)
        if args.command == "desktop":
            return desktop_command(args, CACHE_DIR)
        return run_editor_command(args, _print)
    except CliError as error:
        return _fail(str(error), error.code)
    except (AppNotFound, InvalidPersistPath, ExportError, WorkflowError, DesktopError) as error:
        return _fail(str(error), USAGE_ERROR)
    except (RuntimeMissing, EditorMissing, EditorExportError, EditorServeError, PackError) as error:
        return _fail(str(error), FAILURE)


def serve_command(args: argparse.Namespace) -> int:
    app = find_app(args.app)
    for path in args.persist:
        persist_folder(path)
    site = DevSite(app, PypiProxy(CACHE_DIR / "pypi"), RUNTIME_DIR, args.persist, isolation=not args.no_isolation)
    live = site.live = None if args.no_reload else LiveReload(app, _print, site.wanted_packages)
    try:
        server = make_server(site, args.host, args.port)
    except OSError as error:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {error.strerror}", FAILURE) from error
    bound_host, bound_port = server.server_address[:2]
    if isinstance(bound_host, bytes):  # only for AF_UNIX sockets, which serve never opens
        bound_host = bound_host.decode()
    _print(f"Serving {app.root / app.entrypoint}")
    _print(format_report(site.packages()))  # resolved now, so the page's first load needs no pip
    _print(f"  URL: http://{bound_host}:{bound_port}/")
    _print_ignored_requirements(app)
    if live:
        live.start()
        _print(f"  Watching {app.root} for changes (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if live:
            live.stop()
        server.server_close()
    return 0


def export_command(args: argparse.Namespace) -> int:
    app = find_app(args.app)
    settings = ExportSettings(
        app=app,
        out_dir=args.output,
        title=args.title or app.root.name,
        base_url=normalize_base_url(args.base_url) if args.base_url else "",
        persist=tuple(args.persist),
        isolation=not args.no_isolation,
    )
    check_runtime(RUNTIME_DIR)  # before anything is downloaded
    workflow = plan_workflow(Path(args.app), _ci_export_args(args)) if args.github_pages else None
    started = time.perf_counter()
    _print(f"Exporting {app.root / app.entrypoint}")
    try:
        result = export_site(settings, RUNTIME_DIR, OnlineSources(CACHE_DIR))
    except OSError as error:
        raise CliError(f"export failed: {error.filename or args.output}: {error.strerror or error}", FAILURE) from error
    _print_export(result, app, time.perf_counter() - started)
    if workflow:
        write_workflow(workflow)
        _print_github_pages(workflow)
    return 0


def _ci_export_args(args: argparse.Namespace) -> list[str]:
    """The options CI repeats; it picks the output folder and the base URL itself."""
    title = ["--title", args.title] if args.title else []
    isolation = ["--no-isolation"] if args.no_isolation else []
    return title + [option for path in args.persist for option in ("--persist", path)] + isolation


def _print_export(result: ExportResult, app: AppFolder, seconds: float) -> None:
    _print(format_report(result.packages))
    for line, why in result.ignored_requirements:
        _print(f"    ignored       {line}  ({REQUIREMENTS_FILE}: {why})")
    for note in result.notes:
        _print(f"  note: {note}")
    _print(f"Wrote {result.site} ({result.size / 1e6:.1f} MB, {len(app.files())} app files) in {seconds:.1f} s")
    _print(f"  try it: python -m http.server -d {result.site}  (then open http://localhost:8000/)")


def _print_github_pages(plan: WorkflowPlan) -> None:
    _print(f"Wrote {plan.path}")
    if plan.repository_root is None:
        _print("  warning: the app is not in a git repository; move .github/ to your repository's root")
    _print(f"  it installs wasmlit=={__version__} from PyPI; to install a wheel instead, set WASMLIT_PACKAGE in it")
    _print("  next: commit and push it, then on GitHub: Settings -> Pages -> Source: GitHub Actions")


def _print_ignored_requirements(app: AppFolder) -> None:
    for line, why in read_requirements(app.root / REQUIREMENTS_FILE).ignored:
        _print(f"  {REQUIREMENTS_FILE}: ignored {line} ({why})")


def _print(line: str) -> None:
    print(line, flush=True)


def _fail(message: str, code: int) -> int:
    print(f"wasmlit: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
