"""`st.image` and `st.logo` show image bytes when Pillow is not installed.

For bytes, BytesIO and image files, Streamlit opens the image with Pillow twice: to choose
an output format (`_validate_image_format_string`) and to shrink or re-encode it
(`_ensure_image_size_and_format`). In Pyodide, Pillow is a multi-megabyte package from the
Pyodide CDN that no app imports just to call `st.image(png_bytes)`, so without this patch
those calls fail with `ModuleNotFoundError: No module named 'PIL'`.

When Pillow cannot be imported, the format is read from the file's signature (PNG, JPEG,
GIF, WebP) and the bytes are shown as they are: the browser decodes and scales them, so the
picture on screen is the same. What is lost is only the server-side work Pillow does: an
image wider than its column is not shrunk before it is sent, and a requested
`output_format` does not re-encode it. Where Pillow is installed, upstream runs unchanged.

Replaces (a guard line in front of each `from PIL import Image`, same line count):
- `streamlit.elements.lib.image_utils._validate_image_format_string`
- `streamlit.elements.lib.image_utils._ensure_image_size_and_format`
"""

from __future__ import annotations

import importlib.util
import sys

from wasmlit_shim.patches._upstream import Edit, install_code, require_function, rewrite_function

# Signatures of the formats every browser decodes, as (prefix, offset, format name).
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"WEBP", 8, "WEBP"),  # after "RIFF" and the chunk size
)


class ImageFormatUnknown(ValueError):
    """Bytes that are none of the formats recognised without Pillow."""


def pil_missing() -> bool:
    """True when `from PIL import Image` would fail (Pillow not loaded nor installed)."""
    return "PIL" not in sys.modules and importlib.util.find_spec("PIL") is None


def format_from_signature(data: bytes) -> str:
    """PNG, JPEG, GIF or WEBP, read from the first bytes of an image file."""
    head = bytes(data[:16])
    for prefix, offset, name in _SIGNATURES:
        if head[offset : offset + len(prefix)] == prefix:
            return name
    raise ImageFormatUnknown(
        "st.image received bytes that are not a PNG, JPEG, GIF or WebP image; without Pillow "
        "those are the formats wasmlit can show. Add `pillow` to the app's requirements "
        "(or `import PIL` in the app) to show other formats."
    )


# Looked up at call time, so tests can stand in for a browser without Pillow.
_INJECT = {
    "_wasmlit_pil_missing": lambda: pil_missing(),
    "_wasmlit_format_from_signature": lambda data: format_from_signature(data),
}


def apply() -> None:
    from streamlit.elements.lib import image_utils

    validate = require_function(image_utils, "_validate_image_format_string")
    ensure = require_function(image_utils, "_ensure_image_size_and_format")
    new_validate = rewrite_function(
        validate,
        [
            Edit(
                "        from PIL import Image\n\n        pil_image = Image.open(io.BytesIO(image_data))",
                "        if _wasmlit_pil_missing(): return _wasmlit_format_from_signature(image_data)\n"
                "        from PIL import Image\n        pil_image = Image.open(io.BytesIO(image_data))",
            )
        ],
        _INJECT,
    )
    new_ensure = rewrite_function(
        ensure,
        [
            Edit(
                "    from PIL import Image\n\n    pil_image: PILImage = Image.open(io.BytesIO(image_data))",
                "    if _wasmlit_pil_missing(): return image_data\n"
                "    from PIL import Image\n    pil_image: PILImage = Image.open(io.BytesIO(image_data))",
            )
        ],
        _INJECT,
    )
    install_code(validate, new_validate)
    install_code(ensure, new_ensure)
