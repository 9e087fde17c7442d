"""Start the explorer: bind the port on loopback, start the query workers, serve until stopped.

The server binds its listening socket itself before anything else, so a port that another
program holds is an error at once (never a success reported on another server's behalf), and
every answer on that port comes from this process.

>>> listen(0).close()
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass

from kazkg.build.store import CompiledStore
from kazkg.extras import require
from kazkg.resources import Workspace
from kazkg.servers.oxigraph import HOST, ServerError
from kazkg.views.explorer.pool import Limits


def listen(port: int) -> socket.socket:
    """A socket listening on ``127.0.0.1:port`` (``0``: a free port); a :class:`ServerError`
    if another program listens there already."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise ServerError(
            f"cannot listen on {HOST}:{port}: {error.strerror or error} "
            "(another program is using it? choose another --port, or 0 for a free one)"
        ) from None
    sock.set_inheritable(False)
    return sock


@dataclass(frozen=True)
class Started:
    """A running explorer: where it answers."""

    base_url: str

    @property
    def query_url(self) -> str:
        """The SPARQL endpoint."""
        return f"{self.base_url}/query"


def serve(
    compiled: CompiledStore,
    workspace: Workspace,
    *,
    port: int = 7878,
    limits: Limits | None = None,
    allow_service: bool = False,
    on_start: Callable[[Started], None] | None = None,
) -> None:
    """Serve the explorer over ``compiled`` until interrupted; ``on_start`` is called once it
    answers (with its address)."""
    uvicorn = require("uvicorn", "web")
    from kazkg.views.explorer.app import create_app
    from kazkg.views.explorer.state import Explorer

    sock = listen(port)
    explorer = Explorer(compiled, workspace, limits or Limits(), allow_service)
    started = Started(f"http://{HOST}:{sock.getsockname()[1]}")
    config = uvicorn.Config(
        create_app(explorer), log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)

    async def main() -> None:
        await explorer.pool.start()  # a store the workers cannot open is an error here
        running = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if running.done():
                running.result()
                raise ServerError(f"the explorer on {started.base_url} did not start")
            await asyncio.sleep(0.02)
        if on_start is not None:
            on_start(started)
        await running

    try:
        asyncio.run(main())
    finally:
        sock.close()
        explorer.close()


__all__ = ["Started", "listen", "serve"]
