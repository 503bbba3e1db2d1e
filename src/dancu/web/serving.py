"""How dancu is served: uvicorn, with ``TCP_NODELAY`` on every accepted connection.

uvicorn binds the listening socket itself when it runs several worker processes, as
``socket.socket(AF_INET)`` — protocol number 0 — and asyncio sets ``TCP_NODELAY`` on an accepted
connection only when its protocol number says TCP. A response written in two segments (headers,
then body) then waits for the client's delayed acknowledgement: every request of a multi-worker
server took at least ~40 ms on Linux (measured with wrk, 4 connections: p50 44 ms with
``--workers 2`` against 2 ms with one worker, for the same endpoint). The protocol below sets the
option on each connection, whatever the socket came from.

Also used by the benches to serve their bare baseline endpoints exactly as dancu is served.
"""

from __future__ import annotations

import asyncio
from typing import Any

from dancu.web.nodelay import NoDelayH11


def http_protocol() -> type[asyncio.Protocol]:
    """httptools' parser when it is installed (as uvicorn's "auto" chooses), else h11's."""
    try:
        from dancu.web.nodelay_httptools import NoDelayHttpTools
    except ImportError:
        return NoDelayH11
    return NoDelayHttpTools


def serve(app: str, *, host: str, port: int, workers: int, factory: bool = False, **options: Any) -> None:
    import uvicorn

    uvicorn.run(app, factory=factory, host=host, port=port, workers=workers, http=http_protocol(), **options)
