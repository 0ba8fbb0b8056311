"""wasmlit.d.ts (next to wasmlit.js in the runtime) types a page's use of the whole public API."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .support import REPO, RUNTIME_DIR

GOOD = """/// <reference path="./wasmlit.d.ts" />
const controller = window.stlite.mount(
  {
    entrypoint: "app.py",
    files: { "app.py": "import streamlit as st", "b.bin": new Uint8Array([1]), "c.txt": { url: "./c.txt" } },
    archives: [{ url: "./a.zip", format: "zip", options: { extractDir: "lib" } }],
    requirements: ["humanize"],
    prebuiltPackageNames: ["micropip"],
    streamlitConfig: { "theme.base": "dark", "server.maxUploadSize": 10 },
    env: { KEY: "value" },
    idbfsMountpoints: ["/mnt/data"],
    sharedWorker: true,
    disableProgressToasts: true,
    styleNonce: "abc",
  },
  document.body,
);
controller.addEventListener("loadProgress", (event) => event.detail.toUpperCase());
controller._kernel.addEventListener("moduleAutoLoad", (event) => {
  const names: string[] = event.detail.packagesToLoad;
  event.detail.promise.then((packages) => packages.map((p) => p.name));
  return names;
});
controller.addEventListener("loadError", (event) => event.detail.message);
async function use(): Promise<void> {
  await controller.loaded;
  await controller.writeFile("x.py", "print(1)");
  const text = await controller.readFile("x.py", { encoding: "utf8" });
  await controller.install(["humanize"]);
  await controller.runPython("1 + 1");
  controller.unmount();
  const element = document.querySelector("streamlit-app");
  element?.controller?.unmount();
  console.log(text);
}
use();
window.wasmlit.mount("import streamlit as st");
"""

BAD = """/// <reference path="./wasmlit.d.ts" />
window.wasmlit.mount({ requirement: ["humanize"] });
window.wasmlit.mount({ sharedWorker: "yes" });
window.wasmlit.mount("code").addEventListener("loadProgress", (event) => event.detail.notAMethod());
"""


def typecheck(folder: Path, source: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(RUNTIME_DIR / "wasmlit.d.ts", folder / "wasmlit.d.ts")
    (folder / "page.ts").write_text(source)
    tsc = REPO / "node_modules" / ".bin" / "tsc"
    return subprocess.run(
        [str(tsc), "--noEmit", "--strict", "--target", "es2022", "--lib", "es2022,dom", str(folder / "page.ts")],
        capture_output=True,
        text=True,
        cwd=folder,  # a page of its own: not this repository's node_modules/@types
    )


def test_the_declarations_type_a_page(tmp_path: Path) -> None:
    result = typecheck(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_declarations_catch_mistakes(tmp_path: Path) -> None:
    result = typecheck(tmp_path, BAD)
    assert result.returncode != 0
    assert "'requirement' does not exist" in result.stdout
    assert "page.ts(3,24): error TS2322: Type 'string' is not assignable to type 'boolean" in result.stdout
    assert "notAMethod" in result.stdout
