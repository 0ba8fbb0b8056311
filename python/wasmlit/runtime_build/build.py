"""Run the build steps in order and report what came out."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import wasmlit
from wasmlit import pins

from . import paths
from .errors import BuildError
from .fetch import fetch_wheels
from .frontend import UnexpectedIndexHtml, extract_frontend
from .js import build_js
from .lock import VendoredPackage, build_lock, vendored_package
from .manifest import write_manifest
from .precompile import precompile_wheels
from .pyodide_core import check_pyodide_package, copy_core
from .shim_wheel import SHIM_NAME, shim_files, shim_wheel_filename
from .site_image import write_site_image
from .slim import slim_streamlit, slim_wheel
from .snapshot import make_snapshot
from .stdlib_names import write_stdlib_names
from .wheelfile import canonical_name, read_wheel, sha256_file, write_wheel

# Marks a folder as ours, so `--out` never deletes a folder the build did not make.
OUT_MARKER = "build-info.json"


@dataclass
class BuildOptions:
    out_dir: Path = paths.DEFAULT_OUT_DIR
    cache_dir: Path = paths.CACHE_DIR
    pyodide_dir: Path = paths.NODE_PYODIDE
    shim_dir: Path = paths.SHIM_SOURCE_DIR
    skip_js: bool = False
    precompile: bool = True
    snapshot: bool = True


@dataclass
class BuildReport:
    steps: list[tuple[str, float]] = field(default_factory=list)
    wheels: dict[str, int] = field(default_factory=dict)  # file name -> bytes

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        print(f"[runtime_build] {name}", flush=True)
        start = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - start))


def check_out_dir(out_dir: Path) -> None:
    """Refuse to replace a folder this build did not make.

    The default folder is always ours (gitignored, inside the package), even before the first
    build wrote its marker: `npm run build:js` alone may have written there first.
    """
    ours = out_dir.resolve() == paths.DEFAULT_OUT_DIR.resolve() or (out_dir / OUT_MARKER).exists()
    if out_dir.exists() and any(out_dir.iterdir()) and not ours:
        raise BuildError(
            f"{out_dir} is not empty and has no {OUT_MARKER}: not a runtime folder made by this build",
            "pass an empty or new folder to --out",
        )


def staging_dir(out_dir: Path) -> Path:
    """Where the runtime is assembled before it replaces `out_dir` in one rename, so a server
    or test reading `out_dir` never sees half a runtime (a build takes seconds)."""
    staging = out_dir.with_name(f".{out_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def swap_in(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_build(opts: BuildOptions) -> BuildReport:
    report = BuildReport()
    cache = opts.cache_dir
    with report.step("check node_modules/pyodide"):
        base_lock = check_pyodide_package(opts.pyodide_dir)

    with report.step("fetch pinned wheels (PyPI, cached)"):
        downloaded = fetch_wheels({**pins.VENDORED_WHEELS, **pins.ON_DEMAND_WHEELS}, cache / "pypi")

    with report.step("slim wheels + build wasmlit-shim wheel"):
        slim_dir = cache / "slim"
        slimmed: dict[str, Path] = {}
        for name, path in downloaded.items():
            files = read_wheel(path)
            files = slim_streamlit(files) if name == "streamlit" else slim_wheel(files)
            slimmed[name] = slim_dir / path.name
            write_wheel(slimmed[name], files)
        if not any(opts.shim_dir.glob("*.py")):
            raise BuildError(
                f"{opts.shim_dir} has no Python files: the shim has nothing to import",
                "restore python/shim/wasmlit_shim/ from git (git checkout -- python/shim), then build again",
            )
        if not (opts.shim_dir / "__init__.py").exists():
            # Still importable (as a namespace package), so the build goes on; but say so.
            print(f"  warning: {opts.shim_dir}/__init__.py is missing", flush=True)
        shim_path = slim_dir / shim_wheel_filename(wasmlit.__version__)
        write_wheel(shim_path, shim_files(opts.shim_dir, wasmlit.__version__, pins.VENDORED_WHEELS))
        slimmed[SHIM_NAME] = shim_path

    if opts.precompile:
        with report.step("precompile .pyc inside Pyodide (cached by sha256)"):
            compiled = precompile_wheels(list(slimmed.values()), opts.pyodide_dir, cache / "pyc")
            final = {name: compiled[path] for name, path in slimmed.items()}
    else:
        final = slimmed

    check_out_dir(opts.out_dir)
    stage = staging_dir(opts.out_dir)
    try:
        assemble_runtime(opts, base_lock, downloaded, final, stage, report)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    swap_in(stage, opts.out_dir)
    return report


def assemble_runtime(
    opts: BuildOptions,
    base_lock: dict,
    downloaded: dict[str, Path],
    final: dict[str, Path],
    stage: Path,
    report: BuildReport,
) -> None:
    """Write the whole runtime into `stage`: Pyodide, wheels, lock, snapshot, frontend, JS."""
    cache = opts.cache_dir
    with report.step("write runtime/pyodide (core, wheels, pyodide-lock.json)"):
        pyodide_out = stage / "pyodide"
        copy_core(opts.pyodide_dir, pyodide_out)
        available = {canonical_name(n) for n in final}
        # Loaded when an app imports them, never at boot (pins.ON_DEMAND_WHEELS).
        boot_set = available - {canonical_name(n) for n in pins.ON_DEMAND_WHEELS}
        packages: list[VendoredPackage] = []
        for name, path in final.items():
            shutil.copy2(path, pyodide_out / path.name)
            report.wheels[path.name] = path.stat().st_size
            pkg = vendored_package(read_wheel(path), path.name, sha256_file(path), available, pins.PYODIDE_PYTHON)
            if name == SHIM_NAME:
                # One `loadPackage("wasmlit-shim")` boots everything: the whole vendored set.
                pkg.depends = sorted(boot_set - {SHIM_NAME})
            packages.append(pkg)
        lock = build_lock(base_lock, packages, pins.PYODIDE_CDN_URL)
        (pyodide_out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=False) + "\n")
        write_stdlib_names(pyodide_out)  # for `wasmlit export`'s import scan (stdlib_names.py)

    if opts.snapshot:
        with report.step("memory snapshot with Streamlit imported (cached) + site-packages image"):
            preloaded = make_snapshot(pyodide_out, cache / "snapshot")
            boot_wheels = {n: p for n, p in final.items() if n not in pins.ON_DEMAND_WHEELS}
            write_site_image(boot_wheels, pyodide_out, already_imported=set(preloaded))

    with report.step("write runtime/frontend (Streamlit's static/ + boot.js tag)"):
        try:
            extract_frontend(downloaded["streamlit"], stage / "frontend")
        except UnexpectedIndexHtml as exc:
            raise BuildError(
                f"Streamlit {pins.STREAMLIT_VERSION}'s index.html: {exc}",
                "update frontend.py's injection to the new shape (the boot script must run first)",
            ) from exc

    info = {
        "wasmlit": wasmlit.__version__,
        "pyodide": pins.PYODIDE_VERSION,
        "streamlit": pins.STREAMLIT_VERSION,
        "pyodide_cdn_url": pins.PYODIDE_CDN_URL,
        "boot_package": SHIM_NAME,
        "wheels": {canonical_name(n): p.name for n, p in final.items()},
        "precompiled": opts.precompile,
        "snapshot": opts.snapshot,
    }
    (stage / OUT_MARKER).write_text(json.dumps(info, indent=2) + "\n")
    write_manifest(stage)

    if not opts.skip_js:
        with report.step("npm run build:js (wasmlit.js, worker.js, frontend/boot.js)"):
            build_js(stage)


def format_summary(report: BuildReport, out_dir: Path, elapsed: float) -> str:
    mb = 1024 * 1024
    lines = [f"runtime built in {elapsed:.1f} s -> {out_dir}"]
    for name, seconds in report.steps:
        lines.append(f"  {seconds:6.1f} s  {name}")
    pyodide_dir, frontend_dir = out_dir / "pyodide", out_dir / "frontend"
    core = sum((pyodide_dir / n).stat().st_size for n in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs"))
    lines.append(f"  pyodide core {core / mb:.1f} MB, wheels {sum(report.wheels.values()) / mb:.1f} MB:")
    for name, size in sorted(report.wheels.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {size / 1024:8.0f} KB  {name}")
    if frontend_dir.exists():
        lines.append(f"  frontend {folder_size(frontend_dir) / mb:.1f} MB")
    lines.append(f"  total {folder_size(out_dir) / mb:.1f} MB")
    return "\n".join(lines)
