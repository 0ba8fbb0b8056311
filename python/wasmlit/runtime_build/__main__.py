"""`python -m wasmlit.runtime_build [--out DIR] [--skip-js] [--no-precompile]`"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import paths
from .build import BuildOptions, format_summary, run_build
from .errors import BuildError


def parse_args(argv: list[str] | None = None) -> BuildOptions:
    parser = argparse.ArgumentParser(
        prog="python -m wasmlit.runtime_build",
        description="Build the offline runtime (Pyodide, vendored wheels, Streamlit's frontend).",
    )
    parser.add_argument("--out", type=Path, default=paths.DEFAULT_OUT_DIR, help="output folder (default: %(default)s)")
    parser.add_argument(
        "--cache", type=Path, default=paths.CACHE_DIR, help="download/compile cache (default: %(default)s)"
    )
    parser.add_argument("--skip-js", action="store_true", help="do not run `npm run build:js`")
    parser.add_argument(
        "--no-precompile", action="store_true", help="ship wheels without .pyc (for measuring; boots slower)"
    )
    parser.add_argument("--no-snapshot", action="store_true", help="no memory snapshot (for measuring; boots slower)")
    args = parser.parse_args(argv)
    return BuildOptions(
        out_dir=args.out.resolve(),
        cache_dir=args.cache.resolve(),
        skip_js=args.skip_js,
        precompile=not args.no_precompile,
        snapshot=not args.no_snapshot,
    )


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    start = time.perf_counter()
    try:
        report = run_build(opts)
    except BuildError as exc:
        print(f"[runtime_build] FAILED: {exc}", file=sys.stderr)
        return 1
    print(format_summary(report, opts.out_dir, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
