import streamlit as st

st.title("About")
st.markdown("This app runs **entirely in your browser**: Streamlit on Pyodide, no server.")
