"""Type checks look in `sys.modules` before importing numpy, pandas, pyarrow or PIL.

Several Streamlit functions import numpy/pandas/pyarrow/PIL only to ask "is this object
one of yours?" (`isinstance(x, pd.DataFrame)`). No object can be an instance of a class
from a module that was never imported, so when the module is not in `sys.modules` the
answer is "no" without importing it. In Pyodide those packages are not installed at all
(and would take seconds to load), so `st.write({"a": 1})`, `st.write([1, 2])`,
`st.write_stream`, and `st.image`/`st.logo` with a URL now work without them. Where the
real package is loaded, the real classes are used, so answers are unchanged.

`_is_list_of_scalars` asks pandas' `infer_dtype` whether a list mixes kinds of values; when
pandas is not loaded, `plain_infer_dtype` answers the same question for plain Python
values (same algorithm; parity with pandas is a unit test).

Replaces (each `import` line inside the function, nothing else):
- `streamlit.dataframe_util.determine_data_format` (numpy, pandas, pyarrow)
- `streamlit.dataframe_util._is_list_of_scalars` (pandas.api.types.infer_dtype)
- `streamlit.elements.image._is_image_list` (numpy)
- `streamlit.elements.lib.image_utils.marshall_images` (numpy)
- `streamlit.elements.lib.image_utils.image_to_url` (numpy, PIL)
- `streamlit.elements.table._compute_hide_index` (pandas)
"""

from __future__ import annotations

import datetime
import decimal
import math
import numbers
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function


class _AbsentMeta(type):
    """Metaclass of stand-in classes: any attribute is another stand-in class."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _absent_class(f"{cls.__name__}.{name}")


def _absent_class(name: str) -> type:
    # A fresh class nothing is an instance of: `isinstance(x, np.ndarray)` is False.
    return _AbsentMeta(name, (), {"__module__": "wasmlit_shim.absent"})


class AbsentModule(types.ModuleType):
    """Stands in for a module that is not imported: its classes have no instances."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _absent_class(f"{self.__name__}.{name}")


def loaded_or_absent(module_name: str) -> Any:
    """The module if it is imported already, else a stand-in whose classes match nothing."""
    module = sys.modules.get(module_name)
    if module is not None:
        return module
    return AbsentModule(module_name)


# --- infer_dtype for plain Python values --------------------------------------------------


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, (float, complex)) and value != value)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def _is_integer(value: Any) -> bool:
    # pandas' is_integer_object: integral numbers that are not booleans or timedeltas.
    return isinstance(value, numbers.Integral) and not _is_bool(value) and not isinstance(value, datetime.timedelta)


def _is_float(value: Any) -> bool:
    return isinstance(value, float) or (isinstance(value, numbers.Real) and type(value).__name__.startswith("float"))


def _all(values: list[Any], accept: Callable[[Any], bool], skipna: bool) -> bool:
    return all(accept(v) or (skipna and _is_null(v)) for v in values)


def plain_infer_dtype(data: Iterable[Any], skipna: bool = True) -> str:
    """pandas.api.types.infer_dtype for an iterable of plain Python values.

    Follows pandas' algorithm (the first non-null value picks the candidate kind, all
    values must match it, else "mixed-integer" if any value is an integer, else "mixed").
    The exact kind names matter less than whether the answer is "mixed": that is all
    Streamlit asks.
    """
    values = list(data)
    if not values:
        return "empty"
    first = next((v for v in values if not _is_null(v)), None)
    if first is None:
        return "empty" if skipna else "mixed"

    if isinstance(first, datetime.timedelta):
        if _all(values, lambda v: isinstance(v, datetime.timedelta), skipna):
            return "timedelta"
    elif _is_integer(first):
        if _all(values, _is_integer, skipna):
            return "integer"
        if _all(values, lambda v: _is_integer(v) or _is_float(v), skipna):
            return "mixed-integer-float"
        return "mixed-integer"
    elif isinstance(first, datetime.datetime):
        if _all(values, lambda v: isinstance(v, datetime.datetime), skipna):
            return "datetime"
        if _all(values, lambda v: isinstance(v, datetime.date), skipna):
            return "date"
    elif isinstance(first, datetime.date):
        if _all(values, lambda v: isinstance(v, datetime.date), skipna):
            return "date"
    elif isinstance(first, datetime.time):
        if _all(values, lambda v: isinstance(v, datetime.time), skipna):
            return "time"
    elif isinstance(first, decimal.Decimal):
        if _all(values, lambda v: isinstance(v, decimal.Decimal), skipna):
            return "decimal"
    elif isinstance(first, complex):
        if all(isinstance(v, complex) or (isinstance(v, float) and math.isnan(v)) for v in values):
            return "complex"
    elif _is_float(first):
        if all(_is_float(v) for v in values):
            return "floating"
        if _all(values, lambda v: _is_integer(v) or _is_float(v), skipna):
            return "mixed-integer-float"
    elif _is_bool(first):
        if _all(values, _is_bool, skipna):
            return "boolean"
    elif isinstance(first, str):
        if _all(values, lambda v: isinstance(v, str), skipna):
            return "string"
    elif isinstance(first, bytes):
        if _all(values, lambda v: isinstance(v, bytes), skipna):
            return "bytes"

    if any(_is_integer(v) for v in values):
        return "mixed-integer"
    return "mixed"


def infer_dtype_function() -> Callable[..., str]:
    """pandas' infer_dtype when pandas is loaded, else `plain_infer_dtype`."""
    if "pandas" in sys.modules:
        from pandas.api.types import infer_dtype

        return infer_dtype  # type: ignore[no-any-return]
    return plain_infer_dtype


# --- the patches ---------------------------------------------------------------------------


def _import_edit(statement: str) -> Edit:
    """`import numpy as np` -> `np = _wasmlit_loaded_or_absent("numpy")` (same line count)."""
    if statement.startswith("from "):
        module, names = statement[len("from ") :].split(" import ")
        targets = [n.strip() for n in names.split(",")]
        values = ", ".join(f'_wasmlit_loaded_or_absent("{module}.{n}")' for n in targets)
        return Edit(statement, f"{', '.join(targets)} = {values}")
    module, alias = statement[len("import ") :].split(" as ")
    return Edit(statement, f'{alias} = _wasmlit_loaded_or_absent("{module}")')


_INJECT = {"_wasmlit_loaded_or_absent": loaded_or_absent, "_wasmlit_infer_dtype_function": infer_dtype_function}


def _targets() -> list[tuple[types.FunctionType, list[Edit]]]:
    from streamlit import dataframe_util
    from streamlit.elements import image, table
    from streamlit.elements.lib import image_utils

    return [
        (
            require_function(dataframe_util, "determine_data_format"),
            [
                _import_edit("import numpy as np"),
                _import_edit("import pandas as pd"),
                _import_edit("import pyarrow as pa"),
            ],
        ),
        (
            require_function(dataframe_util, "_is_list_of_scalars"),
            [Edit("from pandas.api.types import infer_dtype", "infer_dtype = _wasmlit_infer_dtype_function()")],
        ),
        (require_function(image, "_is_image_list"), [_import_edit("import numpy as np")]),
        (require_function(image_utils, "marshall_images"), [_import_edit("import numpy as np")]),
        (
            require_function(image_utils, "image_to_url"),
            [_import_edit("import numpy as np"), _import_edit("from PIL import Image, ImageFile")],
        ),
        (require_function(table, "_compute_hide_index"), [_import_edit("import pandas as pd")]),
    ]


def apply() -> None:
    targets = _targets()
    rewritten = [(func, rewrite_function(func, edits, _INJECT)) for func, edits in targets]
    for func, new in rewritten:
        install_code(func, new)
