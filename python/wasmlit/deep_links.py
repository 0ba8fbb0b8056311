"""Deep links to an app's pages: `/page_two` is the app's page, opened at that page.

The app's host page mirrors the app's current page into its URL (packages/mountable/src/
app-url.ts), so a reload or a shared link asks the server for `/page_two`, a file that does
not exist. A server that answers such paths with the host page makes those links work even
before the service worker is installed (a first visit). Same rule as the page side
(`isPagePath` in packages/mountable/src/service-worker/routes.ts): one path segment, no
extension, and not a file or folder that exists.
"""

from __future__ import annotations

from pathlib import Path


def is_page_path(path: str, site_root: Path) -> bool:
    """Whether the URL path `path` ("/page_two") names a page of the app under `site_root`."""
    name = path[1:] if path.startswith("/") else path
    if not name or "/" in name or "." in name or name.startswith("_"):
        return False
    return not (site_root / name).exists()
