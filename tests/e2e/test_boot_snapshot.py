"""Boot from the build's memory snapshot, and boot normally when the snapshot is unusable."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect
from wasmlit.runtime_build import compression

from .support import RUNTIME_DIR, app_frame

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="./wasmlit/wasmlit.js"></script></head><body>
<script>wasmlit.mount("import streamlit as st\\nst.title('Booted')", document.body);</script>
</body></html>"""


def site_with_runtime(root: Path, snapshot: bytes | None = None) -> Path:
    """The runtime linked file by file, with pyodide/snapshot.bin.zst replaced when given."""
    bundle = root / "wasmlit"
    bundle.mkdir(parents=True)
    for entry in RUNTIME_DIR.iterdir():
        if entry.name != "pyodide":
            os.symlink(entry, bundle / entry.name)
    (bundle / "pyodide").mkdir()
    for entry in (RUNTIME_DIR / "pyodide").iterdir():
        if snapshot is not None and entry.name == "snapshot.bin.zst":
            (bundle / "pyodide" / entry.name).write_bytes(snapshot)
        else:
            os.symlink(entry, bundle / "pyodide" / entry.name)
    (root / "index.html").write_text(PAGE)
    return root


def boot_log(page: Page) -> list[str]:
    lines: list[str] = []
    page.on("console", lambda message: lines.append(message.text))
    return lines


def test_boot_restores_the_snapshot(page: Page, static_site, tmp_path: Path) -> None:
    log = boot_log(page)
    page.goto(static_site(site_with_runtime(tmp_path)))
    expect(app_frame(page).get_by_role("heading", name="Booted")).to_be_visible()
    phases = next(line for line in log if line.startswith("[wasmlit] boot phases"))
    assert "restore snapshot" in phases


def test_unusable_snapshot_falls_back_to_a_normal_boot(page: Page, static_site, tmp_path: Path) -> None:
    log = boot_log(page)
    not_a_snapshot = compression.compress(b"\x00" * 4096)
    page.goto(static_site(site_with_runtime(tmp_path, snapshot=not_a_snapshot)))
    expect(app_frame(page).get_by_role("heading", name="Booted")).to_be_visible()
    assert any("the memory snapshot cannot be used" in line for line in log)
    phases = next(line for line in log if line.startswith("[wasmlit] boot phases"))
    assert "load Pyodide + install Streamlit" in phases


# The decoded copy of the snapshot kept by packages/kernel/src/boot-files.ts, in the page's origin.
KEPT_SNAPSHOT = """async () => {
  const cache = await caches.open('wasmlit-decoded-v1');
  const key = (await cache.keys()).find((request) => request.url.endsWith('snapshot.bin.zst'));
  return { cache, key };
}"""


def first_visit_keeps_the_boot_files(page: Page, url: str) -> None:
    page.goto(url)
    expect(app_frame(page).get_by_role("heading", name="Booted")).to_be_visible()
    # Kept after the first run: the snapshot and the site-packages image.
    page.wait_for_function("async () => (await (await caches.open('wasmlit-decoded-v1')).keys()).length === 2")


def test_a_revisit_restores_the_snapshot_kept_decoded(page: Page, static_site, tmp_path: Path) -> None:
    log = boot_log(page)
    first_visit_keeps_the_boot_files(page, static_site(site_with_runtime(tmp_path)))
    assert not any("kept decoded" in line for line in log)
    log.clear()
    page.reload()
    expect(app_frame(page).get_by_role("heading", name="Booted")).to_be_visible()
    assert any("restoring the snapshot kept decoded by an earlier visit" in line for line in log)
    phases = next(line for line in log if line.startswith("[wasmlit] boot phases"))
    assert "restore snapshot" in phases


def test_a_damaged_kept_snapshot_is_replaced_by_the_served_one(page: Page, static_site, tmp_path: Path) -> None:
    log = boot_log(page)
    first_visit_keeps_the_boot_files(page, static_site(site_with_runtime(tmp_path)))
    # Same version as the served file, content garbage (as a half-written disk might leave it).
    page.evaluate(f"""async () => {{
      const {{ cache, key }} = await ({KEPT_SNAPSHOT})();
      const kept = await cache.match(key);
      await cache.put(key, new Response(new Uint8Array(4096), {{ headers: kept.headers }}));
    }}""")
    log.clear()
    page.reload()
    expect(app_frame(page).get_by_role("heading", name="Booted")).to_be_visible()
    assert any("the kept boot files cannot be used; using the served ones" in line for line in log)
    phases = next(line for line in log if line.startswith("[wasmlit] boot phases"))
    assert "restore snapshot" in phases  # from the served snapshot, not a boot from scratch
    # The served snapshot is kept in place of the damaged copy.
    page.wait_for_function(f"""async () => {{
      const {{ cache, key }} = await ({KEPT_SNAPSHOT})();
      return key !== undefined && (await (await cache.match(key)).arrayBuffer()).byteLength > 1e6;
    }}""")
