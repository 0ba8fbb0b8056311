"""Media files (images, audio, video, downloads) served as URLs the page can load itself.

With no server, an `<img src="/media/...">` in the frontend's iframe reaches nothing. The
worker's glue implements `MediaUrls` (in the browser: `URL.createObjectURL(new Blob(...))`
on the main thread, `blob:` URLs), and `BlobMediaFileStorage` hands those URLs to
Streamlit. The frontend passes any URL that does not start with `/media` through unchanged.

Streamlit's own in-memory storage (`MemoryMediaFileStorage`) still holds the bytes, so the
`/media/...` route keeps answering too; only `get_url` and `delete_file` change.

Downloads keep their file name: a server names the file in a `Content-Disposition` header,
which a `blob:` URL cannot carry. The URL of a download (`st.download_button`) ends in
`#wasmlit-download=<file name>` instead (a fragment never changes what a `blob:` URL
loads), and the frame script puts that name in the `download` attribute of the link the
frontend clicks (packages/mountable/src/frame/downloads.ts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage

from wasmlit_shim.patches._upstream import require_attr, require_parameters, upstream_changed

if TYPE_CHECKING:
    from streamlit.runtime.runtime import Runtime


class MediaUrls(Protocol):
    """Turns bytes into a URL the frontend can load (a `blob:` URL in the browser)."""

    def create(self, data: bytes, mimetype: str, filename: str | None) -> str: ...

    def revoke(self, url: str) -> None: ...


# Read by packages/mountable/src/frame/downloads.ts: keep the two in step.
DOWNLOAD_NAME_MARKER = "#wasmlit-download="


def shown_url(url: str, media_file: MemoryFile) -> str:
    """The URL the frontend gets: a download's URL carries its file name."""
    if media_file.kind is MediaFileKind.DOWNLOADABLE and media_file.filename:
        return url + DOWNLOAD_NAME_MARKER + quote(media_file.filename, safe="")
    return url


class BlobMediaFileStorage(MemoryMediaFileStorage):
    """Streamlit's in-memory media storage whose URLs come from a `MediaUrls`."""

    _media_urls: MediaUrls
    _urls_by_id: dict[str, str]

    @classmethod
    def adopt(cls, storage: MemoryMediaFileStorage, media_urls: MediaUrls) -> BlobMediaFileStorage:
        """Turn Streamlit's own storage instance into this one, in place.

        In place, so every reference Streamlit already holds (the media manager, the stats
        provider registered by the Runtime) sees the same object and the same files.
        """
        if type(storage) is not MemoryMediaFileStorage:
            raise upstream_changed(
                "streamlit.runtime.memory_media_file_storage.MemoryMediaFileStorage",
                f"the runtime's media storage is a {type(storage).__name__}",
            )
        storage.__class__ = cls
        adopted: BlobMediaFileStorage = storage  # type: ignore[assignment]
        adopted._media_urls = media_urls
        adopted._urls_by_id = {}
        return adopted

    def get_url(self, file_id: str) -> str:
        media_file = self.get_file(file_id)  # raises MediaFileStorageError if unknown
        url = self._urls_by_id.get(file_id)
        if url is None:
            url = self._media_urls.create(media_file.content, media_file.mimetype, media_file.filename)
            self._urls_by_id[file_id] = url
        return shown_url(url, media_file)

    def delete_file(self, file_id: str) -> None:
        url = self._urls_by_id.pop(file_id, None)
        if url is not None:
            self._media_urls.revoke(url)
        super().delete_file(file_id)


def check_media_storage_shape() -> None:
    """The upstream shape `use_media_urls` relies on."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.web.server.starlette.starlette_app import App

    require_attr(App, "_create_runtime", "streamlit.web.server.starlette.starlette_app.App._create_runtime")
    require_parameters(MemoryMediaFileStorage.get_url, ["self", "file_id"])
    require_parameters(MemoryMediaFileStorage.delete_file, ["self", "file_id"])
    require_parameters(MemoryMediaFileStorage.get_file, ["self", "filename"])
    if "_storage" not in MediaFileManager.__init__.__code__.co_names:
        raise upstream_changed("streamlit.runtime.media_file_manager.MediaFileManager", "it no longer keeps `_storage`")


def use_media_urls(app: Any, media_urls: MediaUrls) -> None:
    """Make an `st.App` serve media through `media_urls`.

    `st.App` builds its Runtime (and the media storage) in `_create_runtime`, called when
    its Starlette app is first built, just before the routes read the storage. Wrapping
    that method on this one instance adopts the fresh storage before anything uses it.
    """
    check_media_storage_shape()
    create_runtime = app._create_runtime

    def create_runtime_with_media_urls() -> Runtime:
        runtime = create_runtime()
        BlobMediaFileStorage.adopt(runtime.media_file_mgr._storage, media_urls)
        return runtime

    app._create_runtime = create_runtime_with_media_urls
