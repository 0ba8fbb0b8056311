"""A DevTools relay between Playwright and QtWebEngine's remote debugging port.

Playwright's `connect_over_cdp` sets the download behaviour of the browser's default context
(`Browser.setDownloadBehavior`); QtWebEngine's DevTools server has no browser-context
management and refuses it, which aborts the connection. The relay answers that one call
itself (the program handles downloads with its own Save dialog) and passes every other
message through unchanged, both ways.
"""

from __future__ import annotations

import json
import threading
import urllib.request

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.sync.server import Server, ServerConnection, serve

ANSWERED_HERE = {"Browser.setDownloadBehavior"}


def browser_ws_url(debug_port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/version", timeout=10) as response:
        return str(json.load(response)["webSocketDebuggerUrl"])


def _pump_to_program(client: ServerConnection, program: ClientConnection) -> None:
    try:
        for message in client:
            call = json.loads(message)
            if call.get("method") in ANSWERED_HERE:
                reply = {"id": call["id"], "result": {}}
                if "sessionId" in call:
                    reply["sessionId"] = call["sessionId"]
                client.send(json.dumps(reply))
            else:
                program.send(message)
    except ConnectionClosed:
        pass
    finally:
        program.close()


def _pump_to_client(program: ClientConnection, client: ServerConnection) -> None:
    try:
        for message in program:
            client.send(message)
    except ConnectionClosed:
        pass
    finally:
        client.close()


def start_relay(debug_port: int) -> tuple[Server, str]:
    """Returns the relay (shut it down when done) and the WebSocket URL to give Playwright."""
    upstream = browser_ws_url(debug_port)

    def relay(client: ServerConnection) -> None:
        with connect(upstream, max_size=None, open_timeout=30) as program:
            threading.Thread(target=_pump_to_client, args=(program, client), daemon=True).start()
            _pump_to_program(client, program)

    server = serve(relay, "127.0.0.1", 0, max_size=None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.socket.getsockname()[1]
    return server, f"ws://127.0.0.1:{port}/devtools/browser"
