"""The component-manifest scan runs inline instead of on a thread pool.

`scan_component_manifests` reads installed packages' metadata with a
`ThreadPoolExecutor` to speed up large environments. Pyodide cannot start threads, and its
environment is small, so the same work runs one package after another.

Replaces: `streamlit.components.v2.manifest_scanner.scan_component_manifests`
(`ThreadPoolExecutor(` -> `InlineExecutor(`).
"""

from __future__ import annotations

from wasmlit_shim.inline_executor import InlineExecutor
from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function


def apply() -> None:
    from streamlit.components.v2 import manifest_scanner

    scan = require_function(manifest_scanner, "scan_component_manifests")
    new_scan = rewrite_function(
        scan,
        [
            Edit(
                "with ThreadPoolExecutor(max_workers=max_workers) as executor:",
                "with _wasmlit_InlineExecutor() as executor:",
            )
        ],
        inject={"_wasmlit_InlineExecutor": InlineExecutor},
    )
    install_code(scan, new_scan)
