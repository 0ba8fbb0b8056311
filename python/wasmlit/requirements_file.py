"""An app's `requirements.txt`: the packages it asks for, as pip would read them.

The same reading serves `wasmlit serve` (the browser installs them at boot) and `wasmlit
export` (the site vendors them). What cannot work in the browser (local paths, editable
installs, pip options) is set aside with the reason, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from . import pins
from .runtime_build.lock import pyodide_marker_env

FILE_NAME = "requirements.txt"

# pip: a comment starts at `#` at the beginning of a line or after whitespace.
_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDE = re.compile(r"^(-r|--requirement)(\s+|=)(?P<path>.+)$")


@dataclass
class Requirements:
    requirements: list[Requirement] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (line, why)


def read_requirements(path: Path) -> Requirements:
    """The requirements in `path` (and the files it includes with `-r`) that apply in Pyodide.
    A missing file means no requirements."""
    found = Requirements()
    _read_into(path, found, seen=set())
    return found


def _read_into(path: Path, found: Requirements, seen: set[Path]) -> None:
    if path.resolve() in seen or not path.is_file():
        return
    seen.add(path.resolve())
    for line in _logical_lines(path.read_text(encoding="utf-8")):
        include = _INCLUDE.match(line)
        if include:
            _read_into(path.parent / include["path"].strip(), found, seen)
        elif line.startswith("-"):
            found.ignored.append((line, "pip options do not apply in the browser"))
        else:
            _add_requirement(line, found)


def _add_requirement(line: str, found: Requirements) -> None:
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        found.ignored.append((line, "not a package name and version range (local paths cannot be installed)"))
        return
    if requirement.url:
        found.ignored.append((line, "direct URLs are not vendored; list the package by name"))
    elif requirement.marker is None or requirement.marker.evaluate(pyodide_marker_env(pins.PYODIDE_PYTHON)):
        found.requirements.append(requirement)


def _logical_lines(text: str) -> list[str]:
    """Lines with comments removed and `\\` continuations joined, blank ones dropped."""
    joined = re.sub(r"\\\r?\n", "", text)
    lines = (_COMMENT.sub("", line).strip() for line in joined.splitlines())
    return [line for line in lines if line]
