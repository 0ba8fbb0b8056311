"""What an app is on disk: its entry point and the files that travel with it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ENTRYPOINT = "streamlit_app.py"

# Never shipped to the browser: caches, VCS data, virtual environments, build output.
_SKIPPED_DIRS = {"__pycache__", ".git", ".venv", "venv", "node_modules", ".mypy_cache", ".pytest_cache"}

# Written by `wasmlit export` at the root of every site it makes (see export.py). A folder
# holding it is a previous export (e.g. `-o site` inside the app folder): never part of the app.
SITE_MARKER = "wasmlit-site.json"

# Hidden files are skipped, except Streamlit's own settings (theme, client options), which
# the app reads from its folder as on a server. `.streamlit/secrets.toml` never ships: every
# file of an exported site is public.
_SHIPPED_HIDDEN = {".streamlit/config.toml"}
SECRETS_FILE = ".streamlit/secrets.toml"


class AppNotFound(Exception):
    """PATH does not name a runnable app; the message says why and what to do."""


@dataclass(frozen=True)
class AppFolder:
    root: Path
    entrypoint: str  # relative to root, with forward slashes

    def files(self) -> list[str]:
        """Every file the app may read, relative to root, entry point first."""
        found: list[str] = []
        for folder, dirs, names in os.walk(self.root):
            # Pruning here (not filtering afterwards) keeps a big .venv from being walked at all:
            # live reload lists the files several times a second.
            relative = Path(folder).relative_to(self.root)
            dirs[:] = [d for d in dirs if _is_wanted_dir(relative / d) and not (Path(folder, d) / SITE_MARKER).exists()]
            found.extend(name for name in ((relative / n).as_posix() for n in names) if _is_wanted_file(name))
        return [self.entrypoint] + sorted(name for name in found if name != self.entrypoint)


def find_app(path: str | Path) -> AppFolder:
    """PATH is a .py file (its folder comes along) or a folder with `streamlit_app.py`
    or exactly one top-level .py file."""
    target = Path(path).expanduser().resolve()
    if not target.exists():
        raise AppNotFound(f"{path}: no such file or folder")
    if target.is_file():
        if target.suffix != ".py":
            raise AppNotFound(f"{path}: not a Python file (expected a .py file or a folder)")
        return AppFolder(target.parent, target.name)
    if (target / DEFAULT_ENTRYPOINT).is_file():
        return AppFolder(target, DEFAULT_ENTRYPOINT)
    candidates = sorted(p.name for p in target.glob("*.py") if p.is_file())
    if len(candidates) == 1:
        return AppFolder(target, candidates[0])
    if not candidates:
        raise AppNotFound(f"{path}: no {DEFAULT_ENTRYPOINT} and no other .py file in this folder")
    raise AppNotFound(
        f"{path}: no {DEFAULT_ENTRYPOINT}, and several .py files ({', '.join(candidates)}); "
        f"name the entry point instead of the folder, e.g. {Path(path) / candidates[0]}"
    )


def _is_wanted_dir(relative: Path) -> bool:
    name = relative.name
    return name not in _SKIPPED_DIRS and (not name.startswith(".") or relative.as_posix() == ".streamlit")


def _is_wanted_file(relative: str) -> bool:
    if relative.startswith(".streamlit/"):
        return relative in _SHIPPED_HIDDEN
    return not Path(relative).name.startswith(".")
