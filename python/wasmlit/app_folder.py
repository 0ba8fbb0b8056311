"""What an app is on disk: its entry point and the files that travel with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_ENTRYPOINT = "streamlit_app.py"

# Never shipped to the browser: caches, VCS data, virtual environments, build output.
_SKIPPED_DIRS = {"__pycache__", ".git", ".venv", "venv", "node_modules", ".mypy_cache", ".pytest_cache"}


class AppNotFound(Exception):
    """PATH does not name a runnable app; the message says why and what to do."""


@dataclass(frozen=True)
class AppFolder:
    root: Path
    entrypoint: str  # relative to root, with forward slashes

    def files(self) -> list[str]:
        """Every file the app may read, relative to root, entry point first."""
        found = [
            path.relative_to(self.root).as_posix()
            for path in sorted(self.root.rglob("*"))
            if path.is_file() and not _is_skipped(path.relative_to(self.root))
        ]
        return [self.entrypoint] + [name for name in found if name != self.entrypoint]


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
        "name the entry point, e.g. `wasmlit serve {path}/{candidates[0]}`"
    )


def _is_skipped(relative: Path) -> bool:
    return any(part in _SKIPPED_DIRS or part.startswith(".") for part in relative.parts)
