"""Checked edits of upstream Streamlit code.

Every patch in this package names the upstream function it replaces and checks that the
upstream code still has the shape the patch relies on. When it does not, the patch raises
`UpstreamChanged` naming the function and the Streamlit version, before changing anything,
so moving to a new Streamlit release fails loudly at boot instead of misbehaving later.

Two ways of patching are offered:

- `rewrite_function` takes the upstream function's own source, swaps exact snippets (each
  must occur exactly as expected) and compiles the result with the upstream module's
  globals and file name. The rest of the upstream logic is kept verbatim, so fixes in a
  new release flow through untouched.
- `install_code` puts the rewritten code into the *existing* function object, so every
  module that imported the function by name (`from x import f`) sees the patch too.
"""

from __future__ import annotations
import __future__

import ast
import inspect
import textwrap
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

# The attribute set on a patched function object (its original code) or on a replaced
# attribute; its presence makes patching idempotent.
ORIGINAL_ATTR = "__wasmlit_original__"


class UpstreamChanged(RuntimeError):
    """Upstream Streamlit no longer has the shape a wasmlit patch relies on."""


def streamlit_version() -> str:
    import streamlit

    return str(getattr(streamlit, "__version__", "unknown"))


def upstream_changed(target: str, detail: str) -> UpstreamChanged:
    return UpstreamChanged(
        f"wasmlit cannot patch {target} in Streamlit {streamlit_version()}: {detail}. "
        "The upstream code changed shape; update the patch in wasmlit_shim.patches."
    )


# The upstream name each function was looked up by (`require_function`), so errors name
# what the patch targets even when the object found there is not what it expected.
_TARGET_NAMES: WeakKeyDictionary[Any, str] = WeakKeyDictionary()


def qualified_name(func: Any) -> str:
    try:
        known = _TARGET_NAMES.get(func)
    except TypeError:
        known = None
    if known:
        return known
    module = getattr(func, "__module__", None) or "?"
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))
    return f"{module}.{name}"


def original_of(obj: Any) -> Any:
    """What `replace_attr` replaced (or `obj` itself): the upstream object to check."""
    original = getattr(obj, ORIGINAL_ATTR, None)
    return obj if original is None or isinstance(original, types.CodeType) else original


def require_attr(owner: Any, name: str, target: str) -> Any:
    """Return `owner.name`, raising UpstreamChanged when it does not exist."""
    try:
        return getattr(owner, name)
    except AttributeError:
        raise upstream_changed(target, f"{getattr(owner, '__name__', owner)!r} has no attribute {name!r}") from None


def target_of(owner: Any, name: str) -> str:
    if isinstance(owner, types.ModuleType):
        return f"{owner.__name__}.{name}"
    return f"{getattr(owner, '__module__', '')}.{getattr(owner, '__qualname__', owner)}.{name}"


def name_target(func: Any, target: str) -> None:
    try:
        _TARGET_NAMES[func] = target
    except TypeError:
        pass


def require_function(owner: Any, name: str, *, unwrap: bool = False) -> types.FunctionType:
    """Return the upstream Python function `owner.name`.

    If a patch already replaced the attribute, the upstream original is returned (so a
    second `apply()` checks the same thing as the first). With `unwrap`, decorators that
    set `__wrapped__` (e.g. `contextlib.contextmanager`) are looked through.
    """
    target = target_of(owner, name)
    func = original_of(require_attr(owner, name, target))
    if isinstance(func, (staticmethod, classmethod)):
        func = func.__func__
    if unwrap:
        unwrapped = inspect.unwrap(func)
        if unwrapped is func:
            raise upstream_changed(target, "it is no longer a decorated function")
        func = unwrapped
    if not isinstance(func, types.FunctionType):
        raise upstream_changed(target, f"expected a Python function, found {type(func).__name__}")
    name_target(func, target)
    return func


def source_of(func: Callable[..., Any]) -> str:
    target = qualified_name(func)
    # A function whose code a patch replaced: read the upstream source of its original code.
    original_code = getattr(func, ORIGINAL_ATTR, None)
    subject = original_code if isinstance(original_code, types.CodeType) else func
    try:
        return textwrap.dedent(inspect.getsource(subject))
    except (OSError, TypeError) as exc:
        raise upstream_changed(target, f"its source is not available ({exc})") from None


def require_snippets(func: Callable[..., Any], snippets: Iterable[str]) -> str:
    """Check that the function's source contains every snippet; return the source."""
    source = source_of(func)
    for snippet in snippets:
        if snippet not in source:
            raise upstream_changed(qualified_name(func), f"its source no longer contains {snippet!r}")
    return source


def require_parameters(func: Callable[..., Any], names: list[str]) -> None:
    """Check the function's parameter names (in order)."""
    actual = list(inspect.signature(func).parameters)
    if actual != names:
        raise upstream_changed(qualified_name(func), f"expected parameters {names}, found {actual}")


def is_patched(obj: Any) -> bool:
    return hasattr(obj, ORIGINAL_ATTR)


@dataclass(frozen=True)
class Edit:
    """Replace `old` by `new` in a function's source; `old` must occur `count` times."""

    old: str
    new: str
    count: int = 1


def rewrite_function(
    func: types.FunctionType,
    edits: Iterable[Edit],
    inject: Mapping[str, Any] | None = None,
) -> types.FunctionType:
    """Compile a copy of `func` with `edits` applied to its source.

    The copy is compiled with the upstream file name and line numbers (tracebacks look
    the same as upstream) and runs with the upstream module's globals; `inject` adds
    helper names (prefixed `_wasmlit_`) to those globals. Nothing is installed: pass the
    result to `install_code`.
    """
    target = qualified_name(func)
    source = source_of(func)
    for edit in edits:
        found = source.count(edit.old)
        if found != edit.count:
            raise upstream_changed(
                target, f"expected {edit.count} occurrence(s) of {edit.old!r} in its source, found {found}"
            )
        source = source.replace(edit.old, edit.new)
    if "super()" in source or "self.__" in source:
        # Zero-argument super() and private-name mangling only work inside the class body.
        raise upstream_changed(target, "it uses super() or a mangled name, which a rewrite cannot compile")

    tree, body, first_line = _parse_definition(source)
    if len(body) != 1 or not isinstance(body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise upstream_changed(target, "its source is not a single function definition")
    definition = body[0]
    definition.decorator_list = []  # decorators stay on the original function object
    upstream_code = getattr(func, ORIGINAL_ATTR, None)
    if not isinstance(upstream_code, types.CodeType):
        upstream_code = func.__code__
    ast.increment_lineno(tree, upstream_code.co_firstlineno - first_line)

    module_globals = func.__globals__
    flags = 0
    if module_globals.get("annotations") is __future__.annotations:
        flags |= __future__.annotations.compiler_flag
    code = compile(tree, upstream_code.co_filename, "exec", flags=flags, dont_inherit=True)

    for name, value in (inject or {}).items():
        if not name.startswith("_wasmlit_"):
            raise ValueError(f"injected names must start with _wasmlit_: {name}")
        module_globals[name] = value
    namespace: dict[str, Any] = {}
    exec(code, module_globals, namespace)  # noqa: S102 - compiling upstream's own source
    rewritten = namespace[definition.name]
    if not isinstance(rewritten, types.FunctionType):
        raise upstream_changed(target, "the rewritten source did not define a function")
    return rewritten


def _parse_definition(source: str) -> tuple[ast.Module, list[ast.stmt], int]:
    """Parse a function's source: the module, the statements holding the definition, and the
    line of the module its source starts on.

    A method whose body has a multi-line string with lines at column 0 cannot be dedented
    (`textwrap.dedent` finds no common indentation), so its source is still indented; it is
    then parsed inside an `if True:` block, which accepts the indentation as it is.
    """
    try:
        tree = ast.parse(source)
        return tree, tree.body, 1
    except IndentationError:
        tree = ast.parse("if True:\n" + source)
        block = tree.body[0]
        return tree, block.body if isinstance(block, ast.If) else [], 2


def install_code(func: types.FunctionType, replacement: Callable[..., Any]) -> None:
    """Give `func` the code of `replacement`, keeping the function object itself.

    Every reference to `func` (including `from module import func` copies) then runs
    the replacement. The replacement must have the same free variables (usually none).
    """
    if is_patched(func):
        return
    new_code = replacement.__code__
    if new_code.co_freevars != func.__code__.co_freevars:
        raise upstream_changed(qualified_name(func), "the replacement's closure does not match the original's")
    setattr(func, ORIGINAL_ATTR, func.__code__)
    func.__code__ = new_code


def replace_attr(owner: Any, name: str, replacement: Any) -> None:
    """Set `owner.name = replacement`, remembering the original on the replacement."""
    current = getattr(owner, name)
    if is_patched(current):
        return
    try:
        setattr(replacement, ORIGINAL_ATTR, current)
    except (AttributeError, TypeError):
        pass
    setattr(owner, name, replacement)
