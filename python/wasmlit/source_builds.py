"""Plain-Python wheels built from PyPI's source, for packages only Pyodide builds for wasm.

Some packages in Pyodide's lock have no wheel for Pyodide's platform on PyPI: their only wasm
build is on Pyodide's CDN, a third party that a visitor's browser (under `wasmlit serve`) or
the exporting machine may not reach. MarkupSafe is the common one: Jinja2 needs it. Many such
packages compile only optional speedups: their setup.py builds the C extension when it can and
a plain-Python package when it cannot. So pip builds that package here, from the source
distribution on PyPI, with the C compiler made to fail (`CC=false`), and the result is used only
if it is a `py3-none-any` wheel: code that runs anywhere, Pyodide included, without speedups.

Only setuptools sources are tried (setuptools' backend, or an in-tree one that requires it, as
PyYAML's does): a meson, scikit-build or maturin project (numpy, pandas, pydantic-core) has no
plain-Python fallback. Each outcome is kept: the wheel in the same cache
as PyPI's wheels (so `wasmlit serve` serves it like one), or why there is none, so a package is
tried once per machine; a failure to reach PyPI is not kept.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

from packaging.utils import canonicalize_name

from .pyodide_wheels import PackageUnavailable, cached_wheels, is_pure

# What setuptools projects name as their backend; a source without pyproject.toml is setuptools too.
SETUPTOOLS_BACKENDS = {"setuptools.build_meta", "setuptools.build_meta:__legacy__"}
_REFUSALS = ".no-plain-python-build"  # beside the wheels: one file per name-version saying why not


def plain_python_wheel(name: str, version: str, wheels_dir: Path, index_args: tuple[str, ...] = ()) -> Path:
    """A `py3-none-any` wheel of `name==version` built from its source on PyPI, from the cache
    when built before. Raises PackageUnavailable saying why there is none. `index_args` go to
    both pip runs (tests point them at a local folder)."""
    project = canonicalize_name(name)
    for wheel in cached_wheels(project, wheels_dir):
        if is_pure(wheel.name) and wheel.name.split("-")[1] == version:
            return wheel
    refusal = wheels_dir / _REFUSALS / f"{project}-{version}.txt"
    if refusal.is_file():
        raise PackageUnavailable(refusal.read_text())
    # Seconds to a minute, once per machine: say so, or a first `serve` or `export` looks stuck.
    print(f"  {project} {version}: no wasm wheel on PyPI, trying a plain-Python build of its source…", flush=True)
    with tempfile.TemporaryDirectory(prefix="wasmlit-source-build-") as tmp:
        try:
            sdist = _download_source(project, version, Path(tmp) / "source", index_args)
            wheel = _build(project, version, sdist, Path(tmp) / "wheel", index_args)
        except _NoPlainBuild as why_not:
            refusal.parent.mkdir(parents=True, exist_ok=True)
            refusal.write_text(str(why_not))
            raise PackageUnavailable(str(why_not)) from None
        wheels_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.move(wheel, wheels_dir / wheel.name))


class _NoPlainBuild(Exception):
    """This version of the project has no plain-Python build: worth remembering."""


def builds_with_setuptools(sdist: Path) -> tuple[bool, str]:
    """Whether a source distribution builds with setuptools, and its declared backend: setuptools'
    own, or a project's in-tree wrapper that requires setuptools (PyYAML's `_pyyaml_pep517`)."""
    text = _top_level_file(sdist, "pyproject.toml")
    build_system = tomllib.loads(text).get("build-system", {}) if text else {}
    backend = str(build_system.get("build-backend") or "setuptools.build_meta:__legacy__")
    required = {
        canonicalize_name(re.split(r"[\s;<>=!~\[]", r, maxsplit=1)[0]) for r in build_system.get("requires", [])
    }
    return backend in SETUPTOOLS_BACKENDS or "setuptools" in required, backend


def _download_source(project: str, version: str, folder: Path, index_args: tuple[str, ...]) -> Path:
    # Without build isolation, pip reads the source's metadata with this Python's setuptools: at
    # once, and a source of another backend (numpy's meson) fails here, before any download of
    # its build tools. Not --quiet: pip's progress says whether the source was had.
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary=:all:", "--no-build-isolation",
        "--disable-pip-version-check", "--dest", str(folder), *index_args, f"{project}=={version}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(folder.glob("*")) if folder.is_dir() else []
    if result.returncode == 0 and found:
        return found[0]
    if "Preparing metadata" in result.stdout:  # the source was had; its metadata needs more than setuptools
        raise _NoPlainBuild(f"the source of {project} {version} does not build with setuptools alone")
    last_line = (result.stderr.strip().splitlines() or ["pip downloaded nothing"])[-1].removeprefix("ERROR: ")
    raise PackageUnavailable(f"the source of {project} {version} could not be had from PyPI ({last_line})")


def _build(project: str, version: str, sdist: Path, out: Path, index_args: tuple[str, ...]) -> Path:
    setuptools, backend = builds_with_setuptools(sdist)
    if not setuptools:
        raise _NoPlainBuild(f"{project} {version} builds with {backend}, which has no plain-Python fallback")
    # pip's own build, in its isolated environment; only the compilers fail.
    command = [
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--quiet",
        "--wheel-dir", str(out), *index_args, str(sdist),
    ]  # fmt: skip
    env = {**os.environ, "CC": "false", "CXX": "false"}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    wheels = sorted(out.glob("*.whl")) if out.is_dir() else []
    if result.returncode != 0 or not wheels:
        if "'false'" in result.stdout + result.stderr:  # our failing compiler was called and nothing caught it
            raise _NoPlainBuild(f"{project} {version} does not build without a C compiler")
        last_line = (result.stderr.strip().splitlines() or ["no wheel"])[-1].removeprefix("ERROR: ")
        raise PackageUnavailable(f"pip could not build {project} {version} from source ({last_line})")
    if not is_pure(wheels[0].name):
        raise _NoPlainBuild(f"{project} {version} built {wheels[0].name}, not a plain-Python wheel")
    return wheels[0]


def _top_level_file(sdist: Path, name: str) -> str | None:
    """`name` in the source's top folder (`project-1.0/name`), as text, or None."""
    if sdist.name.endswith(".zip"):
        with zipfile.ZipFile(sdist) as archive:
            members = [m for m in archive.namelist() if m.count("/") == 1 and m.endswith("/" + name)]
            return archive.read(members[0]).decode() if members else None
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            if member.name.count("/") == 1 and member.name.endswith("/" + name) and member.isfile():
                extracted = archive.extractfile(member)
                return io.TextIOWrapper(extracted, encoding="utf-8").read() if extracted else None
    return None
