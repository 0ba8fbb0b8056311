"""Plain-Python wheels built from a package's source (`source_builds`), from small sources made
here and found through `--find-links`; pip's isolated build environment takes setuptools from
the machine's package index (PyPI), as it does for a user."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from wasmlit.pyodide_wheels import PackageUnavailable
from wasmlit.source_builds import builds_with_setuptools, plain_python_wheel

# MarkupSafe's pattern: build the C extension when a compiler works, else the plain package.
OPTIONAL_SPEEDUPS = """
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CCompilerError, ExecError, PlatformError

class BuildFailed(Exception):
    pass

class optional_build_ext(build_ext):
    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except (CCompilerError, ExecError, PlatformError) as error:
            raise BuildFailed() from error

def run(with_binary):
    setup(name="{name}", version="1.0", packages=["{module}"], package_dir={{"": "src"}},
          cmdclass={{"build_ext": optional_build_ext}},
          ext_modules=[Extension("{module}._speedups", ["src/{module}/_speedups.c"])] if with_binary else [])

try:
    run(True)
except BuildFailed:
    run(False)
"""

MANDATORY_EXTENSION = """
from setuptools import Extension, setup
setup(name="{name}", version="1.0", packages=["{module}"], package_dir={{"": "src"}},
      ext_modules=[Extension("{module}._speedups", ["src/{module}/_speedups.c"])])
"""

SETUPTOOLS = '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
MESON = '[build-system]\nrequires = ["meson-python"]\nbuild-backend = "mesonpy"\n'


def make_sdist(folder: Path, name: str, setup_py: str | None, pyproject: str | None) -> Path:
    module = name.replace("-", "_")
    files = {f"src/{module}/__init__.py": "VALUE = 42\n", f"src/{module}/_speedups.c": "int broken;\n"}
    if setup_py is not None:
        files["setup.py"] = setup_py.format(name=name, module=module)
    if pyproject is not None:
        files["pyproject.toml"] = pyproject
    files["PKG-INFO"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    sdist = folder / f"{module}-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        for path, text in files.items():
            data = text.encode()
            member = tarfile.TarInfo(f"{module}-1.0/{path}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return sdist


IN_TREE_SETUPTOOLS = (
    '[build-system]\nrequires = ["setuptools>=61", "Cython; python_version < \'4\'"]\n'
    'build-backend = "_own_backend"\nbackend-path = ["."]\n'
)


def test_sources_built_with_setuptools_are_told_from_others_by_their_build_system(tmp_path: Path) -> None:
    assert builds_with_setuptools(make_sdist(tmp_path, "with-meson", None, MESON)) == (False, "mesonpy")
    legacy = make_sdist(tmp_path, "plain-setup", "setup()", None)
    assert builds_with_setuptools(legacy) == (True, "setuptools.build_meta:__legacy__")
    modern = make_sdist(tmp_path, "modern", "setup()", SETUPTOOLS)
    assert builds_with_setuptools(modern) == (True, "setuptools.build_meta")
    in_tree = make_sdist(tmp_path, "in-tree", "setup()", IN_TREE_SETUPTOOLS)  # PyYAML's way
    assert builds_with_setuptools(in_tree) == (True, "_own_backend")


def test_optional_speedups_build_as_a_plain_python_wheel_kept_for_the_next_ask(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    make_sdist(sources, "wasmlit-test-speedups", OPTIONAL_SPEEDUPS, SETUPTOOLS)
    wheels = tmp_path / "wheels"
    wheel = plain_python_wheel("wasmlit_test_speedups", "1.0", wheels, ("--find-links", str(sources)))
    assert wheel.name == "wasmlit_test_speedups-1.0-py3-none-any.whl"
    assert wheel.parent == wheels
    (sources / "wasmlit_test_speedups-1.0.tar.gz").unlink()  # the second ask needs no source
    assert plain_python_wheel("wasmlit-test-speedups", "1.0", wheels) == wheel


def test_a_source_that_needs_its_compiler_is_refused_once_and_remembered(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    make_sdist(sources, "wasmlit-test-compiled", MANDATORY_EXTENSION, SETUPTOOLS)
    wheels = tmp_path / "wheels"
    with pytest.raises(PackageUnavailable, match="wasmlit-test-compiled 1.0 does not build without a C compiler"):
        plain_python_wheel("wasmlit-test-compiled", "1.0", wheels, ("--find-links", str(sources)))
    (sources / "wasmlit_test_compiled-1.0.tar.gz").unlink()  # remembered: pip is not asked again
    with pytest.raises(PackageUnavailable, match="does not build without a C compiler"):
        plain_python_wheel("wasmlit-test-compiled", "1.0", wheels, ("--no-index",))
    assert not list(wheels.glob("*.whl"))


def test_a_meson_source_is_refused_without_building(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    make_sdist(sources, "wasmlit-test-meson", None, MESON)  # nothing pip could build: it must not try
    with pytest.raises(
        PackageUnavailable, match="the source of wasmlit-test-meson 1.0 does not build with setuptools alone"
    ):
        plain_python_wheel("wasmlit-test-meson", "1.0", tmp_path / "wheels", ("--find-links", str(sources)))


def test_a_source_that_cannot_be_had_is_not_remembered(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    with pytest.raises(PackageUnavailable, match="the source of wasmlit-test-nowhere 1.0 could not be had"):
        plain_python_wheel("wasmlit-test-nowhere", "1.0", wheels, ("--no-index",))
    assert not (wheels / ".no-plain-python-build").exists()
