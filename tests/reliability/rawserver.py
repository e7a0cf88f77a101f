"""A TCP server on 127.0.0.1 whose behaviour is a plain function of the accepted socket.

The package's loopback server (`wizard.demo.server`, behind every other test server) speaks
well-formed HTTP from whole replies; hostile servers need the socket itself: to accept and say
nothing, to drip a status line and then one byte at a time, to declare a 50 MB length they
never honour, or to count how many bytes they managed to push before the client hung up. An
HTTP server writes the head and the body for its handler, so none of that can be said through
it: this one stays a plain TCP server.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator

import pytest


class RawServer:
    """Runs `behaviour(conn, server)` for each connection; records what it needs to."""

    def __init__(self, behaviour: Callable[[socket.socket, RawServer], None]) -> None:
        self.behaviour = behaviour
        self.connections = 0
        self.connected = threading.Event()
        self.finished = threading.Event()  # set when a behaviour has returned
        self.stopping = threading.Event()
        self.bytes_sent = 0
        self.received = b""
        owner = self

        class _Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                owner.connections += 1
                owner.connected.set()
                # OSError: the client hung up, which is what most of these tests wait for.
                with contextlib.suppress(OSError):
                    owner.behaviour(self.request, owner)
                owner.finished.set()

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> RawServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


def read_request(conn: socket.socket) -> bytes:
    """Read up to the end of the request head (these tests only send GETs)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    """`raw_server(behaviour)` starts a RawServer, stopped at the end of the test."""
    started: list[RawServer] = []

    def start(behaviour: Callable[[socket.socket, RawServer], None]) -> RawServer:
        server = RawServer(behaviour).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
