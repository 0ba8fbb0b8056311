"""Custom components (v1) work without pyarrow.

`CustomComponent.create_instance` imports pyarrow before anything else and refuses to
render when it is missing, although pyarrow is only used for dataframe arguments and
dataframe values (`component_arrow`, which imports pandas/pyarrow itself when it runs).
pyarrow has no WebAssembly wheel on PyPI and is a large download from the Pyodide CDN, so
every component (most pass only JSON arguments) would fail in the browser. The import is
dropped; a component given a dataframe still needs pyarrow, and then fails on importing it.

Replaces: `streamlit.components.v1.custom_component.CustomComponent.create_instance`
(`import pyarrow` -> `pass`, same line count).
"""

from __future__ import annotations

from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function


def apply() -> None:
    from streamlit.components.v1.custom_component import CustomComponent

    create_instance = require_function(CustomComponent, "create_instance", unwrap=True)  # under @gather_metrics
    new_create_instance = rewrite_function(
        create_instance,
        [
            Edit(
                "            import pyarrow  # noqa: F401, ICN001\n",
                "            pass  # wasmlit: pyarrow is imported only where a dataframe needs it\n",
            )
        ],
    )
    install_code(create_instance, new_create_instance)
