"""The service worker's routing table (packages/mountable/src/service-worker/routes.ts),
run under Node: which requests go to the network, to an app, or to the requesting page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .typescript import REPO, bundle, run_node

ROUTES_TS = REPO / "packages" / "mountable" / "src" / "service-worker" / "routes.ts"

SCOPE = "http://127.0.0.1:8000/site/"
APP = "frontend/_wasmlit/0123abcd"

CASES = [
    # (path under the scope, mode, destination, accept) -> decision
    (("pyodide/pyodide.asm.wasm", "cors", "", "*/*"), {"kind": "network"}),
    (("wasmlit.js", "no-cors", "script", "*/*"), {"kind": "network"}),
    (("frontend/static/js/index.js", "cors", "script", "*/*"), {"kind": "network"}),
    (("frontend/index.html", "navigate", "iframe", "text/html"), {"kind": "network"}),
    (
        (f"{APP}/component/my.comp/index.html", "navigate", "iframe", "text/html"),
        {"kind": "app", "appId": "0123abcd", "path": "/component/my.comp/index.html"},
    ),
    (
        (f"{APP}/_stcore/bidi-components/x/main.js", "cors", "script", "*/*"),
        {"kind": "app", "appId": "0123abcd", "path": "/_stcore/bidi-components/x/main.js"},
    ),
    (
        ("frontend/app/static/cat.png", "no-cors", "image", "image/*"),
        {"kind": "requester", "path": "/app/static/cat.png", "ifRouted": False},
    ),
    (("frontend/api/users", "cors", "", "*/*"), {"kind": "requester", "path": "/api/users", "ifRouted": True}),
    (("frontend/second", "navigate", "iframe", "text/html"), {"kind": "frontend-page"}),
    (("api/users", "cors", "", "*/*"), {"kind": "requester", "path": "/api/users", "ifRouted": True}),
    (("second", "navigate", "document", "text/html"), {"kind": "page"}),
    (("api/users", "navigate", "document", "text/html"), {"kind": "page"}),
    (("api/users", "navigate", "iframe", "text/html"), {"kind": "network"}),
    (("_live/events", "cors", "", "text/event-stream"), {"kind": "network"}),
]


@pytest.fixture(scope="module")
def decide_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundle(ROUTES_TS, tmp_path_factory.mktemp("routes"))


def test_decisions(decide_module: Path) -> None:
    requests = [
        {"url": SCOPE + path, "method": "GET", "mode": mode, "destination": destination, "accept": accept}
        for (path, mode, destination, accept), _ in CASES
    ]
    script = (
        f"const scope = new URL({json.dumps(SCOPE)});\n"
        f"const requests = {json.dumps(requests)};\n"
        "console.log(JSON.stringify(requests.map((r) => mod.decide({ ...r, url: new URL(r.url) }, scope))));"
    )
    decisions = run_node(decide_module, script)
    for (request, expected), decision in zip(CASES, decisions, strict=True):
        assert decision == expected, request


def test_outside_the_scope_is_never_touched(decide_module: Path) -> None:
    script = (
        f"const scope = new URL({json.dumps(SCOPE)});\n"
        "const other = ['http://127.0.0.1:8000/api/users', 'https://cdn.example/x.js', 'http://localhost:8000/site/api'];\n"
        "console.log(JSON.stringify(other.map((u) => mod.decide("
        "{ url: new URL(u), method: 'GET', mode: 'cors', destination: '', accept: '*/*' }, scope).kind)));"
    )
    assert run_node(decide_module, script) == ["network", "network", "network"]


def test_page_paths(decide_module: Path) -> None:
    script = "console.log(JSON.stringify(['second', 'Plotting_Demo', '', 'a/b', 'logo.png'].map(mod.isPagePath)));"
    assert run_node(decide_module, script) == [True, True, False, False, False]


def test_the_bundles_own_scripts_go_to_the_network(decide_module: Path) -> None:
    # The scripts every site carries (runtime_bundle.py) must never be answered by an app.
    from wasmlit.runtime_bundle import BUNDLE_SCRIPTS, DEV_SCRIPTS, SOURCE_MAPS

    names = [*BUNDLE_SCRIPTS, *DEV_SCRIPTS, *SOURCE_MAPS]
    requests = [
        {"url": SCOPE + name, "method": "GET", "mode": "no-cors", "destination": "script", "accept": "*/*"}
        for name in names
    ]
    script = (
        f"const scope = new URL({json.dumps(SCOPE)});\n"
        f"const requests = {json.dumps(requests)};\n"
        "console.log(JSON.stringify(requests.map((r) => mod.decide({ ...r, url: new URL(r.url) }, scope))));"
    )
    assert run_node(decide_module, script) == [{"kind": "network"}] * len(names)
