import time

import streamlit as st

st.title("time.sleep and Stop")
st.write("This loop sleeps half a second per step, as on a server. Press **Stop** (top right) to end it.")
seconds = st.slider("Steps", 10, 600, 120)
progress = st.progress(0, text="Working…")
for step in range(seconds):
    time.sleep(0.5)
    progress.progress((step + 1) / seconds, text=f"Step {step + 1} of {seconds}")
st.success("Done")
