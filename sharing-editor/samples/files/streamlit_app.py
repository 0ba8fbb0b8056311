from pathlib import Path

import streamlit as st

st.title("Files and persistence")
folder = Path(__file__).parent / "uploads"
folder.mkdir(exist_ok=True)

for upload in st.file_uploader("Add files", accept_multiple_files=True) or []:
    (folder / upload.name).write_bytes(upload.getvalue())

st.subheader("Saved in the app's folder")
for path in sorted(folder.iterdir()):
    left, right = st.columns([3, 1])
    left.write(f"{path.name}: {path.stat().st_size:,} bytes")
    right.download_button("Download", path.read_bytes(), file_name=path.name, key=path.name)

st.subheader("Kept across reruns")
st.session_state.setdefault("notes", [])
note = st.text_input("A note")
if st.button("Keep it") and note:
    st.session_state.notes.append(note)
st.write(st.session_state.notes or "No notes yet")
st.caption("data.csv came with the app:")
st.code((Path(__file__).parent / "data.csv").read_text())
