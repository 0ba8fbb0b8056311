"""Which packages an export vendors, resolved against a small lock and fake PyPI/CDN (no network)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from wasmlit.package_resolution import Resolution, ResolutionConflict, resolve
from wasmlit.pyodide_wheels import PackageUnavailable
from wasmlit.runtime_build.wheelfile import sha256_file, write_wheel
from wasmlit.vendoring import NEEDED, Status, format_report, runtime_packages, vendor

CDN = "https://cdn.example/pyodide/"


def entry(name: str, version: str, file_name: str, imports: list[str], depends: list[str] | None = None) -> dict:
    return {
        "name": name, "version": version, "file_name": file_name, "imports": imports,
        "depends": depends or [], "sha256": "0" * 64, "install_dir": "site", "package_type": "package",
    }  # fmt: skip


def runtime_lock() -> dict:
    return {
        "info": {"python": "3.14.2"},
        "packages": {
            "streamlit": entry("streamlit", "1.67.0", "streamlit-1.67.0-py3-none-any.whl", ["streamlit"]),
            "numpy": entry("numpy", "2.4.6", CDN + "numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl", ["numpy"]),
            "pandas": entry(
                "pandas",
                "3.0.2",
                CDN + "pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
                ["pandas"],
                ["numpy", "six"],
            ),  # fmt: skip
            "six": entry("six", "1.17.0", CDN + "six-1.17.0-py2.py3-none-any.whl", ["six"]),
            "pyyaml": entry(
                "pyyaml", "6.0.3", CDN + "pyyaml-6.0.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl", ["yaml"]
            ),
        },
    }


def make_wheel(folder: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    dist = re.sub(r"[-_.]+", "_", name)
    extras = sorted({m for r in requires for m in re.findall(r"extra == '([^']+)'", r)})
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Provides-Extra: {extra}\n" for extra in extras)
    metadata += "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    path = folder / f"{dist}-{version}-py3-none-any.whl"
    write_wheel(
        path,
        {
            f"{dist}/__init__.py": b"",
            f"{dist}-{version}.dist-info/METADATA": metadata.encode(),
            f"{dist}-{version}.dist-info/WHEEL": b"Wheel-Version: 1.0\nTag: py3-none-any\n",
        },
    )
    return path


class FakeSources:
    """PyPI holds `pypi` wheels (pip resolves over them with no network) and the sources that
    build as plain Python to `built` wheels (by project name); the CDN holds `cdn` wheels by
    URL, or is unreachable (None)."""

    def __init__(
        self, pypi: list[Path], cdn: dict[str, Path] | None = None, built: dict[str, Path] | None = None
    ) -> None:
        self.pypi = pypi
        self.cdn = cdn
        self.built = built or {}
        self.asked: list[str] = []
        self.work = Path(tempfile.mkdtemp(prefix="wasmlit-test-pypi-"))
        (self.work / "pypi").mkdir()
        for wheel in pypi:
            shutil.copy2(wheel, self.work / "pypi" / wheel.name)

    def resolve(self, requirements: list[str], lock: dict) -> Resolution:
        index = ("--isolated", "--no-index", "--find-links", str(self.work / "pypi"))
        return resolve(requirements, lock, self.work / "cache", index_args=index)

    def from_pypi(self, requirement: str) -> Path:
        self.asked.append(requirement)
        wanted = Requirement(requirement)
        for wheel in self.pypi:
            name, version = wheel.name.split("-")[:2]
            if canonicalize_name(name) == canonicalize_name(wanted.name) and wanted.specifier.contains(version):
                return wheel
        raise PackageUnavailable(f"no wheel of {requirement} for Pyodide on PyPI")

    def from_source(self, name: str, version: str) -> Path:
        if name not in self.built:
            raise PackageUnavailable(f"{name} {version} builds with mesonpy, which has no plain-Python fallback")
        return self.built[name]

    def from_cdn(self, url: str, sha256: str) -> Path:
        if self.cdn is None:
            raise PackageUnavailable("the Pyodide CDN could not be reached (offline)")
        return self.cdn[url]


def test_an_imported_pure_package_comes_from_pypi_with_what_it_requires_in_pyodide(tmp_path: Path) -> None:
    requires = ("helper-lib>=1", "winonly; sys_platform == 'win32'", "cli-extra; extra == 'cli'")
    tool = make_wheel(tmp_path, "fancy-tool", "2.0", requires)
    sources = FakeSources([tool, make_wheel(tmp_path, "helper-lib", "1.5")])
    site = vendor(runtime_lock(), ["fancy_tool"], [], sources)
    assert {o.name: (o.status, o.version) for o in site.outcomes} == {
        "fancy-tool": (Status.VENDORED, "2.0"),
        "helper-lib": (Status.VENDORED, "1.5"),
    }
    assert sources.asked == ["fancy-tool==2.0", "helper-lib==1.5"]  # no Windows-only or extra requirement
    packages = site.lock["packages"]
    assert packages["fancy-tool"]["file_name"] == "fancy_tool-2.0-py3-none-any.whl"  # local, next to the lock
    assert packages["fancy-tool"]["depends"] == ["helper-lib"]
    assert packages["fancy-tool"]["imports"] == ["fancy_tool"]
    assert sorted(w.name for w in site.wheels) == ["fancy_tool-2.0-py3-none-any.whl", "helper_lib-1.5-py3-none-any.whl"]


def test_extras_in_requirements_bring_their_dependencies(tmp_path: Path) -> None:
    tool = make_wheel(tmp_path, "fancy-tool", "2.0", ("cli-extra; extra == 'cli'",))
    sources = FakeSources([tool, make_wheel(tmp_path, "cli-extra", "0.1")])
    site = vendor(runtime_lock(), [], [Requirement("fancy-tool[cli]")], sources)
    assert {o.name for o in site.outcomes if o.status is Status.VENDORED} == {"fancy-tool", "cli-extra"}
    assert site.requirements == ["fancy-tool==2.0"]


def test_without_the_cdn_binary_packages_stay_urls_and_pure_ones_come_from_pypi(tmp_path: Path) -> None:
    sources = FakeSources([make_wheel(tmp_path, "six", "1.17.0")], cdn=None)
    site = vendor(runtime_lock(), ["pandas"], [], sources)
    outcomes = {o.name: o for o in site.outcomes}
    assert outcomes["pandas"].status is Status.NOT_VENDORED
    assert "binary" in outcomes["pandas"].detail and "could not be reached" in outcomes["pandas"].detail
    assert outcomes["numpy"].status is Status.NOT_VENDORED and outcomes["numpy"].wanted_by == NEEDED
    assert outcomes["six"].status is Status.VENDORED and outcomes["six"].version == "1.17.0"
    packages = site.lock["packages"]
    assert packages["numpy"]["file_name"].startswith(CDN)
    assert packages["six"]["file_name"] == "six-1.17.0-py3-none-any.whl"
    assert packages["six"]["sha256"] == sha256_file(tmp_path / "six-1.17.0-py3-none-any.whl")


def test_with_the_cdn_binary_packages_are_vendored_too(tmp_path: Path) -> None:
    numpy_wheel = tmp_path / "numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
    numpy_wheel.write_bytes(b"a wheel")
    site = vendor(runtime_lock(), ["numpy"], [], FakeSources([], cdn={CDN + numpy_wheel.name: numpy_wheel}))
    assert site.outcomes[0].status is Status.VENDORED and site.outcomes[0].detail == "from the Pyodide CDN"
    assert site.lock["packages"]["numpy"]["file_name"] == numpy_wheel.name
    assert site.lock["packages"]["numpy"]["sha256"] == sha256_file(numpy_wheel)


def test_a_binary_only_in_pyodide_with_a_plain_python_source_is_built_from_it_not_fetched(tmp_path: Path) -> None:
    built = make_wheel(tmp_path, "pyyaml", "6.0.3")  # what `source_builds` makes of PyYAML's source
    cdn_wheel = tmp_path / "pyyaml-6.0.3-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
    cdn_wheel.write_bytes(b"a wheel")
    sources = FakeSources([], cdn={CDN + cdn_wheel.name: cdn_wheel}, built={"pyyaml": built})
    site = vendor(runtime_lock(), ["yaml"], [], sources)
    [outcome] = site.outcomes
    assert (outcome.name, outcome.status) == ("pyyaml", Status.VENDORED)
    assert outcome.detail == "built from its source on PyPI as plain Python, without compiled speedups"
    entry = site.lock["packages"]["pyyaml"]
    assert (entry["file_name"], entry["sha256"]) == (built.name, sha256_file(built))
    assert site.wheels == [built]


def test_a_source_without_a_plain_python_build_is_named_when_the_cdn_fails_too(tmp_path: Path) -> None:
    site = vendor(runtime_lock(), ["numpy"], [], FakeSources([]))
    [outcome] = site.outcomes
    assert outcome.status is Status.NOT_VENDORED
    assert outcome.detail == (
        "binary, only built by Pyodide (no plain-Python build: numpy 2.4.6 builds with mesonpy, which has no "
        "plain-Python fallback); loads from the Pyodide CDN at run time: the Pyodide CDN could not be reached (offline)"
    )


def test_runtime_packages_are_never_replaced(tmp_path: Path) -> None:
    site = vendor(runtime_lock(), ["streamlit"], [Requirement("streamlit==1.40.0")], FakeSources([]))
    assert [(o.name, o.status) for o in site.outcomes] == [("streamlit", Status.IN_RUNTIME)]
    assert site.requirements == []  # mount() must not reinstall Streamlit
    assert site.notes == [
        "streamlit==1.40.0 (listed in requirements.txt): the runtime's streamlit 1.67.0 is used instead"
    ]
    assert runtime_packages(runtime_lock()) == {"streamlit": "1.67.0"}


def test_a_pure_package_pinned_to_another_version_than_pyodides_follows_the_pin(tmp_path: Path) -> None:
    sources = FakeSources([make_wheel(tmp_path, "six", "1.16.0")])
    site = vendor(runtime_lock(), [], [Requirement("six==1.16.0")], sources)
    assert site.lock["packages"]["six"]["version"] == "1.16.0"
    assert site.lock["packages"]["six"]["file_name"] == "six-1.16.0-py3-none-any.whl"
    assert site.requirements == ["six==1.16.0"]


def test_what_cannot_be_found_is_reported_and_left_to_the_page(tmp_path: Path) -> None:
    site = vendor(runtime_lock(), ["no_such_module"], [Requirement("missing-lib>=2")], FakeSources([]))
    outcomes = {o.name: o for o in site.outcomes}
    assert outcomes["no-such-module"].status is Status.NOT_VENDORED
    assert "list the project in requirements.txt" in outcomes["no-such-module"].detail  # import names can differ
    assert site.requirements == ["missing-lib>=2"]  # the page then names it if it fails there too
    report = format_report(site)
    assert re.search(r"not vendored\s+missing-lib\s+no wheel of missing-lib>=2", report), report


def test_import_names_map_to_projects_through_the_lock(tmp_path: Path) -> None:
    site = vendor(runtime_lock(), ["yaml"], [], FakeSources([]))
    assert [(o.name, o.status) for o in site.outcomes] == [("pyyaml", Status.NOT_VENDORED)]


def test_conflicting_requirements_are_reported_with_both_sides(tmp_path: Path) -> None:
    sources = FakeSources([make_wheel(tmp_path, "six", "1.17.0")])
    site = vendor(runtime_lock(), ["six"], [], sources)
    assert site.notes == []
    with pytest.raises(ResolutionConflict) as conflict:
        vendor(runtime_lock(), [], [Requirement("six"), Requirement("six>=2")], sources)
    assert "The user requested six>=2" in str(conflict.value), conflict.value


def test_a_package_that_needs_another_streamlit_is_a_conflict_naming_both_sides(tmp_path: Path) -> None:
    old_plugin = make_wheel(tmp_path, "st-plugin", "1.0", ("streamlit<1.50",))
    with pytest.raises(ResolutionConflict) as conflict:
        vendor(runtime_lock(), [], [Requirement("st-plugin")], FakeSources([old_plugin]))
    message = str(conflict.value)
    assert "st-plugin 1.0 depends on streamlit<1.50" in message, message
    assert "streamlit==1.67.0" in message, message  # the runtime's side
