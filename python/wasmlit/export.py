"""`wasmlit export`: an app folder becomes a static site that any static host serves.

    SITE/
      index.html          the host page: mounts the app full-page
      404.html            the same app for any other path under the site (deep links, reloads),
                          on hosts that serve 404.html for missing paths (GitHub Pages does)
      wasmlit-site.json   marks the folder as an export: 404.html finds the site's root by it,
                          and a re-export only ever replaces a folder that has it
      .nojekyll           GitHub Pages publishes the files as they are
      wasmlit.js, worker.js, frontend/   the runtime bundle
      pyodide/            Pyodide, the runtime's wheels and the app's vendored ones, and the
                          site's pyodide-lock.json that lists them all
      app/                the app's files
      simple/             an empty package index (see `mount_options` below)

Every URL in the pages is relative, so the folder works at any path of any host, with no
special headers. The site is built in a fresh sibling folder and swapped in at the end, so
an existing export is never left half-written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__, pins
from .app_folder import SECRETS_FILE, SITE_MARKER, AppFolder
from .app_imports import third_party_imports
from .host_page import deep_link_page, host_page
from .mount_options import mount_options, persist_folder
from .package_resolution import ResolutionConflict
from .requirements_file import FILE_NAME as REQUIREMENTS_FILE
from .requirements_file import read_requirements
from .runtime_build.build import folder_size
from .runtime_bundle import (
    BUNDLE_DIRS,
    BUNDLE_SCRIPTS,
    DEV_SCRIPTS,
    LOCK_FILE,
    MANIFEST_FILE,
    SOURCE_MAPS,
    runtime_lock,
)
from .vendoring import SitePackages, WheelSources, vendor

APP_DIR = "app"
INDEX_DIR = "simple"


class ExportError(Exception):
    """The export cannot go ahead; the message says why in one line."""


@dataclass(frozen=True)
class ExportSettings:
    app: AppFolder
    out_dir: Path
    title: str
    base_url: str = ""  # where the site will be public, if known: 404.html then needs no search
    persist: tuple[str, ...] = ()
    # (path in the app, URL relative to the site): folders a desktop program serves (wasmlit desktop --mount)
    host_folders: tuple[tuple[str, str], ...] = ()
    isolation: bool = True  # False: `--no-isolation`, the site's pages are not cross-origin isolated


@dataclass
class ExportResult:
    site: Path
    packages: SitePackages
    ignored_requirements: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)
    size: int = 0


def normalize_base_url(value: str) -> str:
    """`--base-url`: an absolute path (`/repo/`) or an http(s) URL, always ending in `/`."""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc or (not parts.scheme and value.startswith("/")):
        if parts.query or parts.fragment:
            raise ExportError(f"--base-url {value}: a site's URL has no query or fragment")
        return value if value.endswith("/") else value + "/"
    raise ExportError(
        f"--base-url {value}: expected a path such as /my-repo/ or a URL such as https://me.github.io/my-repo/"
    )


def check_output_folder(out_dir: Path, app: AppFolder) -> None:
    """Refuse any output folder whose replacement could lose someone's files."""
    out = out_dir.resolve()
    if out == app.root or out in app.root.parents:
        raise ExportError(f"{out_dir}: the site would replace the app's own folder; choose another output folder")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise ExportError(f"{out_dir} is not empty and was not made by wasmlit export; choose a new or empty folder")


def export_site(settings: ExportSettings, runtime_dir: Path, sources: WheelSources) -> ExportResult:
    app, out = settings.app, settings.out_dir.resolve()
    check_output_folder(out, app)
    for path in settings.persist:
        persist_folder(path)  # raises InvalidPersistPath before anything is written
    lock = runtime_lock(runtime_dir)
    requirements = read_requirements(app.root / REQUIREMENTS_FILE)
    with staged_folder(out) as stage:
        try:
            packages = vendor(lock, third_party_imports(app, runtime_dir), requirements.requirements, sources)
        except ResolutionConflict as conflict:
            raise ExportError(
                f"the app's packages conflict (pip's resolver, for Pyodide {pins.PYODIDE_VERSION} and Streamlit "
                f"{pins.STREAMLIT_VERSION}):\n{conflict}\nChange the versions in {REQUIREMENTS_FILE} so they agree."
            ) from conflict
        _copy_runtime(runtime_dir, stage)
        for wheel in packages.wheels:
            shutil.copy2(wheel, stage / "pyodide" / wheel.name)
        (stage / "pyodide" / LOCK_FILE).write_text(json.dumps(packages.lock, indent=1) + "\n")
        for name in app.files():
            (stage / APP_DIR / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(app.root / name, stage / APP_DIR / name)
        _write_pages(stage, settings, packages.requirements)
    result = ExportResult(out, packages, requirements.ignored, size=folder_size(out))
    if (app.root / SECRETS_FILE).is_file():
        result.notes.append(f"{SECRETS_FILE} was left out: every file of a static site is public")
    return result


def site_options(settings: ExportSettings, requirements: list[str]) -> dict[str, object]:
    return mount_options(
        settings.app,
        files_url=f"./{APP_DIR}/",
        requirements=requirements,
        persist=list(settings.persist),
        isolation=settings.isolation,
        # Everything the app needs is in the site's lock; micropip asks an index first and falls
        # back to the lock when the index has nothing. An empty index inside the site keeps it
        # from ever asking pypi.org (absent, mount() would use pypi.org).
        package_index_url=f"./{INDEX_DIR}/",
        host_folders=list(settings.host_folders),
    )


def _write_pages(stage: Path, settings: ExportSettings, requirements: list[str]) -> None:
    options = site_options(settings, requirements)
    site_id = hashlib.sha256(json.dumps([settings.title, options], sort_keys=True).encode()).hexdigest()[:16]
    (stage / "index.html").write_text(host_page(settings.title, options))
    if settings.base_url:
        fallback = host_page(settings.title, options, base_href=settings.base_url)
    else:
        fallback = deep_link_page(settings.title, options, site_id)
    (stage / "404.html").write_text(fallback)
    marker = {
        "id": site_id,
        "generator": f"wasmlit {__version__}",
        "streamlit": pins.STREAMLIT_VERSION,
        "pyodide": pins.PYODIDE_VERSION,
        "entrypoint": settings.app.entrypoint,
    }
    (stage / SITE_MARKER).write_text(json.dumps(marker, indent=2) + "\n")
    (stage / ".nojekyll").write_text("")
    (stage / INDEX_DIR).mkdir()
    empty_index = "<!doctype html><title>No packages here: see pyodide/pyodide-lock.json</title>\n"
    (stage / INDEX_DIR / "index.html").write_text(empty_index)


def _copy_runtime(runtime_dir: Path, stage: Path) -> None:
    for name in BUNDLE_SCRIPTS:  # all there: runtime_lock() checked the bundle first
        shutil.copy2(runtime_dir / name, stage / name)
    for name in (MANIFEST_FILE, *SOURCE_MAPS):
        if (runtime_dir / name).is_file() and name.removesuffix(".map") not in DEV_SCRIPTS:
            shutil.copy2(runtime_dir / name, stage / name)
    for name in BUNDLE_DIRS:
        shutil.copytree(runtime_dir / name, stage / name, ignore=shutil.ignore_patterns(LOCK_FILE))


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A new folder next to `target` to build in; on success it replaces `target`, on any
    failure it is removed and `target` is untouched."""
    stage = target.with_name(f".{target.name}.new-{uuid.uuid4().hex[:8]}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(stage)  # not mkdtemp: its 0700 mode would hide the site from a web server's user
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror}") from error
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    replacing = target.exists()
    if replacing:
        target.rename(old)
    try:
        stage.rename(target)
    except OSError:
        if replacing:
            old.rename(target)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if replacing:
        shutil.rmtree(old, ignore_errors=True)
