import time

import streamlit as st

st.title("Fragments")
st.write(f"The whole page ran at {time.strftime('%H:%M:%S')}")


@st.fragment
def counter():
    st.session_state.setdefault("count", 0)
    if st.button("Add one (reruns only this box)"):
        st.session_state.count += 1
    st.write(f"Count: {st.session_state.count}, box ran at {time.strftime('%H:%M:%S')}")


@st.fragment(run_every=1)
def clock():
    st.write(f"Clock (a fragment that reruns every second): {time.strftime('%H:%M:%S')}")


with st.container(border=True):
    counter()
clock()
