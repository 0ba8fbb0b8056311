"""Whether the app answers a URL path: the service worker's question before it asks the app.

Under the app's URL the service worker sees requests for files that a static host serves
(the host page's own images, the dev server's files) as well as requests for the app
(an `st.App` route such as `/api/users`, `/app/static/...`). It asks the worker first only
when the app has a route for the path; otherwise the request goes to the network as if no
service worker were there.

A route "answers" a path when Starlette's router would pick it: a full match, or a path
match with another method (the app then says 405, as a server would). An ASGI app that is
not built on Starlette's router cannot be asked, so it is taken to answer every path.

Streamlit's own catch-all for the frontend's files (the `static-assets` mount, present only
where the wheel still has its `static/` folder) does not count: here the frontend's files
come from the bundle, and a catch-all would claim every path.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Match

from wasmlit_shim.patches import internals

# streamlit.web.server.starlette.starlette_static_routes.create_streamlit_static_assets_routes
FRONTEND_FILES_ROUTE = "static-assets"


def _router_of(app: Any) -> Any | None:
    """The Starlette router that dispatches the app's requests, if it has one.

    `st.App` builds its Starlette app (Streamlit's routes after the user's) on its first
    ASGI call, the lifespan; FastAPI and Starlette apps carry their router directly.
    """
    starlette_app = internals.starlette_app_of(app)
    if starlette_app is not None:
        app = starlette_app
    router = getattr(app, "router", None)
    return router if router is not None and hasattr(router, "routes") else None


def app_answers(app: Any, method: str, path: str) -> bool:
    router = _router_of(app)
    if router is None:
        return True
    scope = {
        "type": "http",
        "method": method.upper(),
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    for route in router.routes:
        if getattr(route, "name", None) == FRONTEND_FILES_ROUTE:
            continue
        match, _ = route.matches(scope)
        if match in (Match.FULL, Match.PARTIAL):
            return True
    return False
