"""bundle.json: what `wasmlit desktop` tells the shell inside the executable. Data only.

The packer writes it next to the exported site; the shell reads it at start. Both sides
import this module, so a field added here is added for both.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

BUNDLE_FILE = "bundle.json"
SITE_DIR = "site"  # the exported site, inside the executable's data folder
ICON_FILE = "icon"  # the --icon file, copied under this name plus its suffix
# Where the loopback server serves --mount folders: HOST_FOLDERS_URL + its index + "/".
HOST_FOLDERS_URL = "/_wasmlit_host/"


@dataclass(frozen=True)
class HostFolder:
    """`--mount HOST_DIR:APP_PATH`: a folder of the user's machine seen by the app."""

    host_dir: str  # as given, `~` expanded by the shell on the user's machine
    app_path: str  # absolute, in the app's (Pyodide's) file system


@dataclass(frozen=True)
class Bundle:
    name: str  # the window's first title and the program's name
    app_id: str  # names the profile, the data folder, the single-instance socket and the port
    icon: str = ""  # file name inside the executable's data folder, or "" for Qt's default
    host_folders: tuple[HostFolder, ...] = field(default_factory=tuple)

    def write(self, folder: Path) -> None:
        (folder / BUNDLE_FILE).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @staticmethod
    def read(folder: Path) -> Bundle:
        raw = json.loads((folder / BUNDLE_FILE).read_text())
        folders = tuple(HostFolder(**item) for item in raw.pop("host_folders", []))
        return Bundle(**raw, host_folders=folders)
