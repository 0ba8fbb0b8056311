"""An emulated network link between the browser and every server of a benchmark round.

Why not Chromium's own emulation (CDP `Network.emulateNetworkConditions`): it applies to the
page's target only. An exported site is cross-origin isolated by its service worker, which
fetches the runtime itself, so its 18 MB came in at localhost speed and were not even counted.
A TCP proxy in front of the servers is the visitor's link for everything the browser does:
page, frames, workers, service worker and WebSockets, native Streamlit included.

The link: one downlink and one uplink shared by all connections (a token bucket each, as a
visitor's last mile is), and half the round-trip time added in each direction, plus one
round trip for each new connection (the TCP handshake a real link would take).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

CHUNK = 16 * 1024


@dataclass(frozen=True)
class LinkSpeed:
    down_mbps: float | None  # None: as fast as the machine (localhost), still counted
    latency_ms: float = 0

    @property
    def up_mbps(self) -> float | None:
        return None if self.down_mbps is None else self.down_mbps / 5


class _Pipe:
    """One direction of the link, shared by every connection: bytes leave at the link's rate."""

    def __init__(self, mbps: float | None, delay_s: float) -> None:
        self.bytes_per_s = None if mbps is None else mbps * 1e6 / 8
        self.delay_s = delay_s
        self.free_at = 0.0  # when the pipe has sent everything queued so far
        self.bytes = 0

    def departure(self, size: int) -> float:
        """When a chunk queued now has fully arrived at the other end (monotonic seconds)."""
        self.bytes += size
        now = time.monotonic()
        if self.bytes_per_s is None:
            return now + self.delay_s
        self.free_at = max(self.free_at, now) + size / self.bytes_per_s
        return self.free_at + self.delay_s


class Link:
    """Proxies to upstream servers through one emulated link; `bytes_down` counts what arrived."""

    def __init__(self, speed: LinkSpeed) -> None:
        one_way = speed.latency_ms / 2000
        self.speed = speed
        self.down = _Pipe(speed.down_mbps, one_way)
        self.up = _Pipe(speed.up_mbps, one_way)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    @property
    def bytes_down(self) -> int:
        return self.down.bytes

    def url_through(self, url: str) -> str:
        """`url` with its host and port replaced by a proxy to them on this link."""
        parts = urlsplit(url)
        port = asyncio.run_coroutine_threadsafe(
            self._listen(parts.hostname or "127.0.0.1", parts.port or 80), self.loop
        )
        return urlunsplit(parts._replace(netloc=f"127.0.0.1:{port.result()}"))

    async def _listen(self, host: str, port: int) -> int:
        async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await asyncio.sleep(self.speed.latency_ms / 1000)  # the handshake's round trip
                up_reader, up_writer = await asyncio.open_connection(host, port)
                await asyncio.gather(
                    self._carry(reader, up_writer, self.up),
                    self._carry(up_reader, writer, self.down),
                    return_exceptions=True,
                )
            except (OSError, asyncio.CancelledError):
                writer.close()  # upstream refused, or the link closed: the browser sees a reset

        server = await asyncio.start_server(connected, "127.0.0.1", 0)
        return server.sockets[0].getsockname()[1]

    async def _carry(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pipe: _Pipe) -> None:
        # Chunks are queued with their arrival time and written in order when due, so a slow
        # link delays them without stopping the reader (as a real link buffers in flight).
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
            writer.close()

        delivering = asyncio.ensure_future(deliver())
        try:
            while data := await reader.read(CHUNK):
                await queue.put((pipe.departure(len(data)), data))
        finally:
            await queue.put((0.0, b""))
            await delivering

    def close(self) -> None:
        """Drops every connection still open (a page closed mid-download) and stops the loop."""

        async def drop_connections() -> None:
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(drop_connections(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@contextmanager
def emulated_link(speed: LinkSpeed) -> Iterator[Link]:
    link = Link(speed)
    try:
        yield link
    finally:
        link.close()
