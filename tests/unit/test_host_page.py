from wasmlit.host_page import deep_link_page, host_page


def test_script_end_tags_in_options_cannot_close_the_script() -> None:
    page = host_page("<b>title</b>", {"files": {"streamlit_app.py": "st.write('</script><script>alert(1)')"}})
    assert page.count("</script>") == 2  # the loader's and the mount script's own
    assert "<title>&lt;b&gt;title&lt;/b&gt;</title>" in page


def test_a_base_href_pins_the_runtime_and_files_to_the_site_root() -> None:
    page = host_page("t", {"files": {}}, base_href="/repo/", after_mount="console.log(app);")
    assert page.index('<base href="/repo/">') < page.index('<script src="./wasmlit.js">')
    assert "const app = wasmlit.mount(" in page and "console.log(app);" in page


def test_the_deep_link_page_finds_the_root_by_this_sites_marker() -> None:
    page = deep_link_page("t", {"files": {"a.py": {"url": "./app/a.py"}}}, "abc123")
    assert '"wasmlit-site.json"' in page and '"abc123"' in page
    assert 'src="./wasmlit.js"' not in page  # loaded from the root once found, not relative to the deep URL
    assert page.count("</script>") == 1
