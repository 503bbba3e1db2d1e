"""Every connection a multi-worker ``dancu serve`` accepts has TCP_NODELAY (dancu.web.serving)."""

from __future__ import annotations

import asyncio
import socket

import uvicorn
from uvicorn.server import ServerState

from dancu.web.serving import http_protocol


async def _app(scope: object, receive: object, send: object) -> None:  # never called: no request is sent
    raise AssertionError("no request expected")


def _listening_as_uvicorn_binds_it() -> socket.socket:
    # uvicorn's Config.bind_socket for several workers: protocol number 0, not IPPROTO_TCP.
    sock = socket.socket(family=socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


async def _accepted_nodelay(factory: type[asyncio.Protocol] | None) -> int:
    loop = asyncio.get_running_loop()
    made: asyncio.Future[asyncio.BaseTransport] = loop.create_future()
    if factory is None:

        class Plain(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                made.set_result(transport)

        def create() -> asyncio.Protocol:
            return Plain()
    else:
        config = uvicorn.Config(_app, http=factory, lifespan="off")
        config.load()
        state = ServerState()

        def create() -> asyncio.Protocol:
            protocol = factory(config=config, server_state=state, app_state={})  # type: ignore[call-arg]
            original = protocol.connection_made

            def noting(transport: asyncio.BaseTransport) -> None:
                original(transport)
                made.set_result(transport)

            protocol.connection_made = noting  # type: ignore[method-assign]
            return protocol

    listening = _listening_as_uvicorn_binds_it()
    server = await loop.create_server(create, sock=listening)
    try:
        _, writer = await asyncio.open_connection(*listening.getsockname())
        transport = await asyncio.wait_for(made, 5)
        value = int(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        transport.close()
        writer.close()
        return value
    finally:
        server.close()


def test_asyncio_leaves_nagle_on_for_a_socket_bound_as_uvicorn_binds_it() -> None:
    # The cause the protocol works around; if asyncio ever sets it itself, this says so.
    assert asyncio.run(_accepted_nodelay(None)) == 0


def test_dancu_s_http_protocol_sets_nodelay_on_each_accepted_connection() -> None:
    assert asyncio.run(_accepted_nodelay(http_protocol())) == 1
