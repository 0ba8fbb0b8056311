"""The one resolution (pip's resolver for Pyodide's platform) over a fake PyPI and a lock
shaped like Pyodide 314's: no network, the real pip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from wasmlit.package_resolution import ResolutionConflict, Source, resolve
from wasmlit.runtime_build.wheelfile import write_wheel

CDN = "https://cdn.example/pyodide/"
WASM = "cp314-cp314-pyemscripten_2026_0_wasm32"


def entry(name: str, version: str, file_name: str, depends: tuple[str, ...] = ()) -> dict:
    return {"name": name, "version": version, "file_name": file_name, "depends": list(depends), "sha256": "0" * 64}


def lock() -> dict:
    """What Pyodide 314's lock says about these projects (versions as in the real lock)."""
    packages = [
        entry("streamlit", "1.67.0", "streamlit-1.67.0-py3-none-any.whl", ("typing-extensions",)),
        entry("typing-extensions", "4.16.0", "typing_extensions-4.16.0-py3-none-any.whl"),
        entry("pydantic", "2.12.5", CDN + "pydantic-2.12.5-py3-none-any.whl", ("typing-extensions", "pydantic_core")),
        entry("pydantic-core", "2.41.5", CDN + f"pydantic_core-2.41.5-{WASM}.whl", ("typing-extensions",)),
        entry("sqlalchemy", "2.0.48", CDN + f"sqlalchemy-2.0.48-{WASM}.whl", ("typing-extensions",)),
        entry("jinja2", "3.1.6", CDN + "jinja2-3.1.6-py3-none-any.whl", ("markupsafe",)),
        entry("markupsafe", "3.0.3", CDN + f"markupsafe-3.0.3-{WASM}.whl"),
    ]
    return {"info": {}, "packages": {package["name"]: package for package in packages}}


def publish(pypi: Path, name: str, version: str, requires: tuple[str, ...] = (), tag: str = "py3-none-any") -> None:
    """A wheel on the fake PyPI."""
    dist = re.sub(r"[-_.]+", "_", name)
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    files = {
        f"{dist}/__init__.py": b"",
        f"{info}/METADATA": metadata.encode(),
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: {tag}\n".encode(),
    }
    write_wheel(pypi / f"{dist}-{version}-{tag}.whl", files)


@pytest.fixture
def pypi(tmp_path: Path) -> Path:
    """PyPI as it is: pydantic-core has a wasm wheel of 2.50.5 only, SQLAlchemy a pure wheel,
    MarkupSafe neither."""
    folder = tmp_path / "pypi"
    folder.mkdir()
    publish(folder, "typing-extensions", "4.16.0")
    publish(folder, "typing-extensions", "4.17.0")
    publish(folder, "pydantic", "2.12.5", ("typing-extensions>=4.14", "pydantic-core==2.41.5"))
    publish(folder, "pydantic", "2.14.4", ("typing-extensions>=4.14", "pydantic-core==2.50.5"))
    publish(folder, "pydantic-core", "2.50.5", ("typing-extensions>=4.14",), tag=WASM)
    publish(folder, "pydantic-core", "2.41.5", tag="cp314-cp314-manylinux_2_17_x86_64")
    publish(folder, "sqlalchemy", "2.0.48", ("typing-extensions>=4.6",))
    publish(folder, "sqlalchemy", "2.1.9", ("typing-extensions>=4.6",))
    publish(folder, "jinja2", "3.1.6", ("markupsafe>=2.0",))
    return folder


def resolved(requirements: list[str], pypi: Path) -> dict[str, tuple[str, Source]]:
    index = ("--isolated", "--no-index", "--find-links", str(pypi))
    resolution = resolve(requirements, lock(), pypi.parent / "cache", index_args=index)
    return {package.name: (package.version, package.source) for package in resolution.packages}


def test_pydantic_comes_with_a_pydantic_core_that_exists_for_pyodide(pypi: Path) -> None:
    assert resolved(["pydantic"], pypi) == {
        "pydantic": ("2.14.4", Source.PYPI),
        "pydantic-core": ("2.50.5", Source.PYPI),  # the wasm wheel on PyPI, not the lock's 2.41.5
        "typing-extensions": ("4.16.0", Source.RUNTIME),  # the runtime's own, never replaced
    }


def test_pinned_to_the_locks_pydantic_its_core_is_pyodides_build(pypi: Path) -> None:
    packages = resolved(["pydantic==2.12.5"], pypi)
    assert packages["pydantic"] == ("2.12.5", Source.PYPI)  # the same version on PyPI wins over the lock
    assert packages["pydantic-core"] == ("2.41.5", Source.PYODIDE)  # PyPI lacks a wasm build of it


def test_a_package_pure_on_pypi_but_binary_in_the_lock_comes_from_pypi(pypi: Path) -> None:
    assert resolved(["sqlalchemy"], pypi)["sqlalchemy"] == ("2.1.9", Source.PYPI)
    assert resolved(["sqlalchemy==2.0.48"], pypi)["sqlalchemy"] == ("2.0.48", Source.PYPI)


def test_what_pypi_lacks_comes_from_pyodides_build(pypi: Path) -> None:
    packages = resolved(["jinja2"], pypi)
    assert packages == {"jinja2": ("3.1.6", Source.PYPI), "markupsafe": ("3.0.3", Source.PYODIDE)}


def test_a_conflict_with_the_runtime_names_both_sides(pypi: Path) -> None:
    publish(pypi, "old-extension", "1.0", ("streamlit<1.50",))
    with pytest.raises(ResolutionConflict) as conflict:
        resolved(["old-extension"], pypi)
    assert "old-extension 1.0 depends on streamlit<1.50" in str(conflict.value)
    assert "streamlit==1.67.0" in str(conflict.value)


def test_what_exists_nowhere_is_set_aside_and_the_rest_resolves(pypi: Path) -> None:
    index = ("--isolated", "--no-index", "--find-links", str(pypi))
    resolution = resolve(["no-such-project", "sqlalchemy"], lock(), pypi.parent / "cache", index_args=index)
    assert [package.name for package in resolution.packages] == ["sqlalchemy", "typing-extensions"]
    assert [item.requirement for item in resolution.unavailable] == ["no-such-project"]
    assert "no wheel of no-such-project" in resolution.unavailable[0].reason


def test_a_second_resolution_of_the_same_set_asks_pip_nothing(pypi: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = resolved(["sqlalchemy"], pypi)
    monkeypatch.setattr("subprocess.run", lambda *args, **kwargs: pytest.fail("pip ran again"))
    assert resolved(["sqlalchemy"], pypi) == first
