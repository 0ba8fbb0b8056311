"""The HTML page that mounts an app full-page with the runtime bundle next to it.

Two forms:
- `host_page`: the page at the site's root (and the dev server's `/`); it loads
  `./wasmlit.js` relative to itself. `base_href` pins that to a known URL instead, for a
  copy of the page served at other paths (a static host's 404.html with `--base-url`).
- `deep_link_page`: the 404.html of an export whose public URL is unknown. A static host
  serves it for any missing path under the site (GitHub Pages does), so it first finds the
  site's root: the nearest folder above the current URL whose `wasmlit-site.json` carries
  this site's id. Then it loads the runtime from there.
"""

from __future__ import annotations

import html
import json

from .app_folder import SITE_MARKER


def host_page(
    title: str,
    mount_options: dict[str, object],
    *,
    after_mount: str = "",
    base_href: str = "",
    scripts: tuple[str, ...] = (),
) -> str:
    """`after_mount` is more script run right after mount(), with its controller as `app`;
    `scripts` are more of the bundle's scripts it needs, loaded after wasmlit.js."""
    base = f'<base href="{html.escape(base_href)}">\n' if base_href else ""
    # Streamlit's own icon, so the browser does not ask the host's root for /favicon.ico.
    head = f'{base}<link rel="icon" href="./frontend/favicon.png">\n<script src="./wasmlit.js"></script>'
    head += "".join(f'\n<script src="./{html.escape(script)}"></script>' for script in scripts)
    body = f"const app = wasmlit.mount({_js_value(mount_options)}, document.body);\n{after_mount}"
    return _page(title, head, body)


def deep_link_page(title: str, mount_options: dict[str, object], site_id: str) -> str:
    body = f"""(async () => {{
  const root = await findSiteRoot({_js_value(SITE_MARKER)}, {_js_value(site_id)});
  // Relative URLs in the options (the app's files) and the runtime resolve against the root.
  document.head.prepend(Object.assign(document.createElement("base"), {{ href: root }}));
  await new Promise((loaded, failed) => {{
    const script = Object.assign(document.createElement("script"), {{ src: root + "wasmlit.js" }});
    script.onload = loaded;
    script.onerror = () => failed(new Error(`could not load ${{script.src}}`));
    document.head.append(script);
  }});
  wasmlit.mount({_js_value(mount_options)}, document.body);
}})().catch((error) => {{
  document.body.textContent = `This app could not be loaded: ${{error.message}}`;
}});

async function findSiteRoot(marker, siteId) {{
  for (let folder = new URL("./", location.href); ; folder = new URL("../", folder)) {{
    const response = await fetch(new URL(marker, folder), {{ cache: "no-store" }}).catch(() => null);
    const found = response && response.ok ? await response.json().catch(() => null) : null;
    if (found && found.id === siteId) return folder.href;
    if (folder.pathname === "/") throw new Error(`no ${{marker}} of this site above ${{location.pathname}}`);
  }}
}}
"""
    return _page(title, "", body)


def _page(title: str, head: str, body_script: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{head}
</head>
<body>
<script>
{body_script}
</script>
</body>
</html>
"""


def _js_value(value: object) -> str:
    # `</` inside the JSON would end the <script> element early.
    return json.dumps(value, indent=2).replace("</", "<\\/")
