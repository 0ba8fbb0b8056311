# Rendered once inside Pyodide at build time: every module this first run imports is preloaded
# into the memory snapshot, so a typical app's first run finds them already imported.
import streamlit as st

st.set_page_config(page_title="probe")
st.title("Probe")
st.header("Header")
st.markdown("**markdown** and `code`")
st.write("text", {"a": 1}, [1, 2])
st.caption("caption")
st.code("print(1)")
st.metric("Metric", 1, 2)
st.json({"b": 2})
name = st.text_input("Text")
st.text_area("Area")
st.number_input("Number")
st.slider("Slider", 0, 10, 3)
st.selectbox("Select", ["a", "b"])
st.multiselect("Multi", ["a", "b"])
st.radio("Radio", ["a", "b"])
st.checkbox("Check")
st.toggle("Toggle")
st.button("Button")
st.date_input("Date")
st.file_uploader("Upload")
st.download_button("Download", b"data", file_name="d.txt")
with st.form("form"):
    st.text_input("In form")
    st.form_submit_button("Submit")
with st.sidebar:
    st.write("sidebar")
col1, col2 = st.columns(2)
col1.write("left")
with st.expander("Expander"):
    st.write("inside")
tab1, tab2 = st.tabs(["One", "Two"])
tab1.write("tab")
st.success("success")
st.info("info")
st.warning("warning")
st.error("error")
st.progress(50)
with st.spinner("spin"):
    pass
st.divider()
st.session_state["x"] = 1
