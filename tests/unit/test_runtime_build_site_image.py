import json
import struct
import zipfile
from pathlib import Path

from wasmlit.runtime_build import compression
from wasmlit.runtime_build.site_image import IMAGE_NAME, write_site_image


def make_wheel(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    return path


def read_image(path: Path) -> tuple[dict, dict[str, bytes]]:
    raw = compression.decompress(path.read_bytes())
    (length,) = struct.unpack("<I", raw[:4])
    manifest = json.loads(raw[4 : 4 + length])
    files, offset = {}, 4 + length
    for name, size in manifest["files"]:
        files[name] = raw[offset : offset + size]
        offset += size
    assert offset == len(raw), "nothing may follow the last file"
    return manifest, files


def test_image_holds_every_file_of_every_wheel(tmp_path: Path) -> None:
    wheels = {
        "typing_extensions": make_wheel(
            tmp_path / "a.whl", {"typing_extensions.py": b"X = 1\n", "te.dist-info/RECORD": b""}
        ),
        "wasmlit-shim": make_wheel(
            tmp_path / "b.whl", {"wasmlit_shim/__init__.py": b"", "wasmlit_shim/x.pyc": b"\x00\x01"}
        ),
    }
    image = write_site_image(wheels, tmp_path)
    assert image.name == IMAGE_NAME
    manifest, files = read_image(image)
    assert manifest["packages"] == ["typing-extensions", "wasmlit-shim"]
    assert files == {
        "typing_extensions.py": b"X = 1\n",
        "te.dist-info/RECORD": b"",
        "wasmlit_shim/__init__.py": b"",
        "wasmlit_shim/x.pyc": b"\x00\x01",
    }


def test_compiled_files_of_modules_the_snapshot_holds_are_left_out(tmp_path: Path) -> None:
    wheel = make_wheel(
        tmp_path / "s.whl",
        {
            "streamlit/__init__.py": b"",
            "streamlit/__pycache__/__init__.cpython-314.pyc": b"pkg",
            "streamlit/elements/__pycache__/text.cpython-314.pyc": b"text",
            "streamlit/elements/text.py": b"source",
            "streamlit/elements/__pycache__/image.cpython-314.pyc": b"image",
            "click/__pycache__/core.cpython-314.pyc": b"core",
        },
    )
    image = write_site_image({"streamlit": wheel}, tmp_path, already_imported={"streamlit", "streamlit.elements.text"})
    _, files = read_image(image)
    # Sources stay (tracebacks); what the snapshot never imported keeps its .pyc.
    assert sorted(files) == [
        "click/__pycache__/core.cpython-314.pyc",
        "streamlit/__init__.py",
        "streamlit/elements/__pycache__/image.cpython-314.pyc",
        "streamlit/elements/text.py",
    ]
