from pathlib import Path

import streamlit as st

st.title("Files and persistence")
# The link asks for uploads/ to be kept (its "persist" field): the browser keeps its files in
# IndexedDB, so they are still here after a reload or on a later visit, in this browser only.
folder = Path(__file__).parent / "uploads"
folder.mkdir(exist_ok=True)

st.session_state.setdefault("uploader", 0)
uploads = st.file_uploader("Add files", accept_multiple_files=True, key=f"uploader {st.session_state.uploader}")
if uploads:
    for upload in uploads:
        (folder / upload.name).write_bytes(upload.getvalue())
    st.session_state.uploader += 1  # a fresh, empty uploader: a deleted file is not saved again
    st.rerun()

st.subheader("Kept in uploads/, across reloads and visits")
saved = sorted(folder.iterdir())
if not saved:
    st.write("Nothing saved yet: add a file above, then reload the page.")
for path in saved:
    left, middle, right = st.columns([3, 1, 1])
    left.write(f"{path.name}: {path.stat().st_size:,} bytes")
    middle.download_button("Download", path.read_bytes(), file_name=path.name, key=f"get {path.name}")
    if right.button("Delete", key=f"delete {path.name}"):
        path.unlink()
        st.rerun()

st.subheader("Kept across reruns, for this visit only")
st.session_state.setdefault("notes", [])
note = st.text_input("A note")
if st.button("Keep it") and note:
    st.session_state.notes.append(note)
st.write(st.session_state.notes or "No notes yet")
st.caption("data.csv came with the app:")
st.code((Path(__file__).parent / "data.csv").read_text())
