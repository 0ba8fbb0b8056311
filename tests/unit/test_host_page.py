from wasmlit.host_page import host_page


def test_script_end_tags_in_options_cannot_close_the_script() -> None:
    page = host_page("<b>title</b>", {"files": {"streamlit_app.py": "st.write('</script><script>alert(1)')"}})
    assert page.count("</script>") == 2  # the loader's and the mount script's own
    assert "<title>&lt;b&gt;title&lt;/b&gt;</title>" in page
