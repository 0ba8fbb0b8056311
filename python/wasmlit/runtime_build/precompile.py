"""Step 4: add unchecked-hash `.pyc` (compiled by Pyodide's own Python) to pure wheels.

The `.py` files stay so tracebacks show source. Results are cached by the input wheel's sha256
(plus the Pyodide version and this step's script), so only a changed wheel (usually the shim)
costs a Node run.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from wasmlit import pins

from .errors import BuildError
from .wheelfile import read_wheel, sha256_file, write_wheel

NODE_SCRIPT = Path(__file__).with_name("precompile.mjs")


def cache_key(wheel: Path) -> str:
    # Anything that changes the output must be in the key: the input, the interpreter, the script.
    h = hashlib.sha256()
    h.update(sha256_file(wheel).encode())
    h.update(pins.PYODIDE_VERSION.encode())
    h.update(NODE_SCRIPT.read_bytes())
    return h.hexdigest()[:20]


def is_pure(wheel: Path) -> bool:
    return wheel.name.endswith("-none-any.whl")


def _unpack(wheel: Path, dest: Path) -> None:
    for name, data in read_wheel(wheel).items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _repack(original: Path, tree: Path, out: Path) -> None:
    """Rezip `tree` keeping the original file order, new `.pyc` after; RECORD is regenerated."""
    files = read_wheel(original)
    for path in sorted(tree.rglob("*.pyc")):
        files[path.relative_to(tree).as_posix()] = path.read_bytes()
    write_wheel(out, files)


def run_node_compile(pyodide_dir: Path, trees_dir: Path, trees: list[str]) -> None:
    node = shutil.which("node")
    if node is None:
        raise BuildError("`node` is not on PATH (needed to precompile inside Pyodide)", "install Node 20+")
    proc = subprocess.run(
        [node, str(NODE_SCRIPT), str(pyodide_dir), str(trees_dir), *trees],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BuildError(
            f"precompiling in Pyodide failed (exit {proc.returncode}):\n{proc.stdout[-4000:]}{proc.stderr[-4000:]}",
            "read the compile errors above; a wheel that cannot be byte-compiled by "
            f"Python {pins.PYODIDE_PYTHON} cannot run in Pyodide either",
        )


def precompile_wheels(wheels: list[Path], pyodide_dir: Path, cache_dir: Path) -> dict[Path, Path]:
    """Map each input wheel to its precompiled copy (same file name) in `cache_dir`.

    Platform wheels are passed through unchanged: their extension modules are already compiled
    and their Python parts are few.
    """
    result: dict[Path, Path] = {}
    todo: list[tuple[Path, Path]] = []
    for wheel in wheels:
        if not is_pure(wheel):
            result[wheel] = wheel
            continue
        out = cache_dir / cache_key(wheel) / wheel.name
        result[wheel] = out
        if not out.exists():
            todo.append((wheel, out))
    if not todo:
        return result
    print(f"  compiling {len(todo)} wheel(s) in Pyodide: {', '.join(w.name for w, _ in todo)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="wasmlit-pyc-") as tmp:
        trees_dir = Path(tmp)
        names = [f"t{i}" for i in range(len(todo))]
        for name, (wheel, _) in zip(names, todo, strict=True):
            _unpack(wheel, trees_dir / name)
        run_node_compile(pyodide_dir, trees_dir, names)
        for name, (wheel, out) in zip(names, todo, strict=True):
            if not any((trees_dir / name).rglob("*.pyc")) and any((trees_dir / name).rglob("*.py")):
                raise BuildError(f"no .pyc was written for {wheel.name}", "check precompile.mjs's output")
            _repack(wheel, trees_dir / name, out)
    return result
