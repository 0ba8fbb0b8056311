"""Which third-party packages an app imports, found before its first run.

In Pyodide a package must be loaded (from the lock or the CDN) before `import` can find
it. Scanning the app's sources first lets the worker load everything in one go, so the
first run does not fail on an ImportError. The scan reads the entry point, `pages/*.py`,
and, recursively, the app's own modules and packages they import; it reports top-level
names that are neither the standard library, the app's own modules, nor what the runtime
already boots with.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

# Packages the runtime boots with (Streamlit and what `import streamlit` needs), and the
# shim itself: never worth reporting.
BOOT_PACKAGES = frozenset(
    {
        "streamlit",
        "wasmlit_shim",
        "packaging",
        "typing_extensions",
        "click",
        "starlette",
        "anyio",
        "sniffio",
        "itsdangerous",
        "multipart",
        "python_multipart",
        "pyodide",
        "pyodide_js",
        "js",
        "micropip",
        "pyodide_http",
        "_pyodide",
    }
)


# Boot packages that live in a namespace other packages share (`google.*`).
BOOT_NAMESPACED = ("google.protobuf",)


def _imported_names(tree: ast.AST) -> tuple[set[str], set[tuple[int, str]]]:
    """Absolute dotted names imported, and relative imports as (level, module)."""
    absolute: set[str] = set()
    relative: set[tuple[int, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            absolute.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                relative.add((node.level, node.module or ""))
                # `from . import helpers` / `from .models import base` may import a module.
                prefix = f"{node.module}." if node.module else ""
                relative.update((node.level, f"{prefix}{alias.name}") for alias in node.names if alias.name != "*")
            elif node.module:
                absolute.add(node.module)
                # `from pkg import sub` may import the local submodule pkg/sub.py.
                absolute.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return absolute, relative


def _local_module_file(app_dir: Path, dotted: str) -> Path | None:
    """The app-local file a dotted module name resolves to, if any."""
    base = app_dir.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_local_top_level(app_dir: Path, name: str) -> bool:
    return (app_dir / f"{name}.py").is_file() or (app_dir / name).is_dir()


def _package_parts(app_dir: Path, file: Path) -> list[str]:
    """The dotted package a local file belongs to (for relative imports)."""
    relative = file.relative_to(app_dir).with_suffix("")
    parts = list(relative.parts)
    return parts[:-1] if parts[-1] != "__init__" else parts[:-1]


def find_third_party_imports(app_dir: str, entrypoint: str, stdlib_names: Iterable[str] | None = None) -> list[str]:
    """Sorted top-level names of third-party modules the app imports. `stdlib_names`: the
    standard library of the Python that will run the app (default: this one's, right inside
    Pyodide; `wasmlit export` passes Pyodide's)."""
    root = Path(app_dir).resolve()
    entry = Path(entrypoint)
    entry = (entry if entry.is_absolute() else root / entry).resolve()
    pending: list[Path] = [entry]
    pages = root / "pages"
    if pages.is_dir():
        pending.extend(sorted(pages.glob("*.py")))

    stdlib = set(sys.stdlib_module_names if stdlib_names is None else stdlib_names)
    seen_files: set[Path] = set()
    found: set[str] = set()
    while pending:
        file = pending.pop()
        if file in seen_files or not file.is_file():
            continue
        seen_files.add(file)
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue  # the app run itself will show the error
        absolute, relative = _imported_names(tree)
        for dotted in absolute:
            top = dotted.split(".")[0]
            local = _local_module_file(root, dotted) if _is_within(root, file) else None
            if local is not None:
                pending.append(local)
            if _is_local_top_level(root, top):
                # Importing a local package runs its __init__ too.
                init = _local_module_file(root, top)
                if init is not None:
                    pending.append(init)
                continue
            if top in stdlib or top in BOOT_PACKAGES or top == "__future__" or dotted.startswith(BOOT_NAMESPACED):
                continue
            found.add(top)
        if _is_within(root, file):
            package = _package_parts(root, file)
            for level, module in relative:
                base = package[: len(package) - (level - 1)] if level > 1 else package
                dotted = ".".join([*base, *([module] if module else [])])
                if dotted:
                    local = _local_module_file(root, dotted)
                    if local is not None:
                        pending.append(local)
    return sorted(found)


def _is_within(root: Path, file: Path) -> bool:
    try:
        file.relative_to(root)
    except ValueError:
        return False
    return True
