"""How dancu is served: uvicorn, with ``TCP_NODELAY`` on every accepted connection.

uvicorn binds the listening socket itself when it runs several worker processes, as
``socket.socket(AF_INET)`` — protocol number 0 — and asyncio sets ``TCP_NODELAY`` on an accepted
connection only when its protocol number says TCP. A response written in two segments (headers,
then body) then waits for the client's delayed acknowledgement: every request of a multi-worker
server took at least ~40 ms on Linux (measured with wrk, 4 connections: p50 44 ms with
``--workers 2`` against 2 ms with one worker, for the same endpoint). The protocol below sets the
option on each connection, whatever the socket came from.

Each worker builds its app through :func:`served_app`, which then freezes the garbage collector's
generations (``gc.freeze``): everything alive once the app is built (modules, the ORM's mappings,
routes, templates; over 200,000 objects) is left out of later collections. Without it every full
collection walked them all, and stopped every request in flight in that worker meanwhile: 270-380 ms
each, measured under load (one in a 15-s run at ~160 lookups a second).
After freezing, the same collection took 9 ms.

Also used by the benches to serve their bare baseline endpoints exactly as dancu is served.
"""

from __future__ import annotations

import asyncio
import gc
import os
from typing import Any

from dancu.web.nodelay import NoDelayH11


def http_protocol() -> type[asyncio.Protocol]:
    """httptools' parser when it is installed (as uvicorn's "auto" chooses), else h11's."""
    try:
        from dancu.web.nodelay_httptools import NoDelayHttpTools
    except ImportError:
        return NoDelayH11
    return NoDelayHttpTools


# What served_app builds in each worker: "1module:factory" or "0module:app" (set by serve, inherited
# by the worker processes).
SERVED_APP = "DANCU_SERVED_APP"


def serve(app: str, *, host: str, port: int, workers: int, factory: bool = False, **options: Any) -> None:
    """Serve ``app`` (an import string; a factory when ``factory``) with uvicorn."""
    import uvicorn

    os.environ[SERVED_APP] = f"{int(factory)}{app}"
    uvicorn.run(
        "dancu.web.serving:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=http_protocol(),
        **options,
    )


def served_app() -> Any:
    """The app :func:`serve` was given, built in this worker; then, with everything the app holds
    for its lifetime alive, the collector's generations frozen (the module's docstring says why)."""
    from uvicorn.importer import import_from_string

    spec = os.environ[SERVED_APP]
    target = import_from_string(spec[1:])
    app = target() if spec[0] == "1" else target
    gc.collect()
    gc.freeze()
    return app
