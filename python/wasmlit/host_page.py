"""The HTML page that mounts an app full-page with the runtime bundle next to it."""

from __future__ import annotations

import html
import json


def host_page(title: str, mount_options: dict[str, object]) -> str:
    # `</` inside the JSON would end the <script> element early.
    options = json.dumps(mount_options, indent=2).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<script src="./wasmlit.js"></script>
</head>
<body>
<script>
wasmlit.mount({options}, document.body);
</script>
</body>
</html>
"""
