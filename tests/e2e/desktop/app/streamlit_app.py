"""The app the desktop tests pack: one of each thing a desktop program must get right."""

import time
import urllib.request
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Desktop Test App", page_icon="🧪")
st.title("Desktop test")

name = st.text_input("Name")
st.write(f"Hello {name}!")

# --persist notes: kept in the program's profile across quit and relaunch.
notes = Path("notes")
notes.mkdir(exist_ok=True)
note = st.text_input("Note")
if note:
    (notes / "note.txt").write_text(note)
saved = notes / "note.txt"
st.write(f"Saved note: {saved.read_text() if saved.exists() else '(none)'}")

# The program never reaches the network: the request fails, the app says so.
address = st.text_input("Address to reach", "http://example.com/")
if st.button("Reach the internet"):
    try:
        urllib.request.urlopen(address, timeout=10)
        st.write("internet: reached")
    except Exception as error:
        st.write(f"internet: blocked ({type(error).__name__})")

st.markdown("[An external link](https://example.com/elsewhere)")
st.download_button("Download greeting", f"Hello {name}!", file_name="greeting.txt")

# --mount ~/wasmlit-desktop-test-files:/mnt/host: the user's own files, read and written.
host = Path("/mnt/host")
source = host / "input.txt"
st.write(f"Host file: {source.read_text() if source.exists() else '(missing)'}")
line = st.text_input("Write to host")
if line:
    (host / "out").mkdir(exist_ok=True)
    (host / "out" / "written.txt").write_text(line)
    (host / "out" / "bytes.bin").write_bytes(bytes(range(256)))
    st.write(f"Wrote {line}")
if st.button("Write and keep running"):
    (host / "mid-run.txt").write_text("written before the window closed")
    st.write("still running")
    time.sleep(120)

# A script that never yields: Stop ends it (the loopback server makes the page cross-origin isolated).
if st.button("Spin"):
    st.write("spinning")
    while True:
        pass

# A crash of the Python runtime: the window shows what the browser shows, with Restart.
if st.button("Crash Python"):
    import ctypes

    ctypes.string_at(0xFFFFFFF0, 64)
