import streamlit as st

st.title("Squares")
n = st.number_input("Up to", 1, 20, 5)
st.write({i: i * i for i in range(1, n + 1)})
