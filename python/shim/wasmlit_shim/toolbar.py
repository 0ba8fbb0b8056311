"""No "Deploy" in the header: an app that runs in the browser has no server to deploy.

The stock frontend shows "Deploy" when the page is served from localhost (`wasmlit serve`) and
Streamlit's `client.toolbarMode` is `auto` (its default) or `developer`. Where nobody chose a
toolbar mode (neither the page's `streamlitConfig` nor the app's `.streamlit/config.toml`),
wasmlit uses `viewer`: the header and main menu a deployed Streamlit app shows its visitors
(on other hosts `auto` already means that). A page or app that sets the option keeps it.
"""

from __future__ import annotations

TOOLBAR_OPTION = "client.toolbarMode"
TOOLBAR_DEFAULT = "viewer"
WHY = "wasmlit (no Deploy in the browser)"


def default_toolbar_to_viewer() -> None:
    """Call after Streamlit loaded its config: set `viewer` unless someone set the option."""
    from streamlit import config
    from streamlit.config_option import ConfigOption

    if config.get_where_defined(TOOLBAR_OPTION) == ConfigOption.DEFAULT_DEFINITION:
        config.set_option(TOOLBAR_OPTION, TOOLBAR_DEFAULT, WHY)
