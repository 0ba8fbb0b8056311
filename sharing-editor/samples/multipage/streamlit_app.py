import streamlit as st

st.title("Home")
st.write("Pick a page in the sidebar. Each file in pages/ is a page.")
st.session_state.setdefault("visits", 0)
st.session_state.visits += 1
st.write(f"Visits to this page in this session: {st.session_state.visits}")
