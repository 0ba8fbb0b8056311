import streamlit as st

st.title("Hello, widgets")
name = st.text_input("Your name", "world")
st.write(f"Hello, {name}!")

left, right = st.columns(2)
count = left.slider("How many?", 1, 10, 3)
right.metric("Squared", count * count)

if st.button("Celebrate"):
    st.balloons()

with st.sidebar:
    st.header("Sidebar")
    st.checkbox("A checkbox in the sidebar")
