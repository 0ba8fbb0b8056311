import streamlit as st

st.title("Hello from wasmlit")
st.write("This app runs on stock Streamlit inside Pyodide, in your browser. No server.")

name = st.text_input("Your name", "world")
st.write(f"Hello, {name}!")

count = st.slider("How many balloons?", 0, 10, 3)
st.write("🎈" * count)

if st.button("Say hi"):
    st.success("Hi!")

with st.sidebar:
    st.header("About")
    st.markdown("Served by `wasmlit serve`.")

st.write({"python": "Pyodide", "ui": "stock Streamlit frontend"})
