"""Stores that answer SPARQL over the compiled graph, by registry.

:data:`REGISTRY` maps each kind of backend to the module that implements it; the command line's
``--backend`` help, :func:`open_backend` and the test fixtures are all derived from it, so adding
a backend is one module (a :class:`~kazkg.query.backends.base.Backend` subclass and a
``connect`` function) plus one line here.  Opening a backend never builds: a kind that reads the
compiled store is given one (:func:`kazkg.open_graph` builds it first when needed).

>>> kind_of("memory").name, kind_of("https://example.org/sparql").name
('memory', 'endpoint')
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kazkg.errors import ParameterError, StoreError
from kazkg.limits import check_value, shown
from kazkg.query.backends.base import Backend, Options

if TYPE_CHECKING:
    from kazkg.build.store import CompiledStore


@dataclass(frozen=True)
class BackendKind:
    """One kind of backend: its name, what it is, and where it is implemented."""

    name: str
    summary: str
    module: str
    """The module defining ``connect(spec, store, options) -> Backend``."""
    needs_store: bool
    """Whether it reads the local compiled store (otherwise it is named by a URL)."""

    def open(self, spec: str, store: CompiledStore | None, options: Options) -> Backend:
        """Open a backend of this kind (``spec`` is its name or URL)."""
        if self.needs_store and store is None:
            raise StoreError(f"the {self.name} backend needs a compiled store: build it first")
        if self.needs_store and options.default_graph is not None:
            raise ParameterError(
                "default_graph", f"is for an endpoint URL, not the {self.name} backend"
            )
        connect = importlib.import_module(self.module).connect
        backend: Backend = connect(spec, store, options)
        if self.needs_store:
            backend.compiled = store
        return backend


REGISTRY: dict[str, BackendKind] = {
    kind.name: kind
    for kind in (
        BackendKind(
            "oxigraph",
            "embedded pyoxigraph over the compiled store (fast; the default)",
            "kazkg.query.backends.oxigraph",
            needs_store=True,
        ),
        BackendKind(
            "memory",
            "rdflib in memory over the compiled store (the reference engine; slow to open)",
            "kazkg.query.backends.memory",
            needs_store=True,
        ),
        BackendKind(
            "endpoint",
            "any SPARQL 1.1 endpoint, named by its http(s) URL (Oxigraph, Virtuoso, Fuseki, ...)",
            "kazkg.query.backends.endpoint",
            needs_store=False,
        ),
    )
}
"""Every kind of backend, by name."""

DEFAULT_BACKEND = "oxigraph"

URL_KIND = "endpoint"
"""The kind that any ``http://`` or ``https://`` URL names."""


def check_url(parameter: str, url: str) -> str:
    """``url`` if it is an http(s) URL with a host; a :class:`~kazkg.errors.ParameterError`
    naming ``parameter`` otherwise.

    >>> check_url("backend", "http://[::1")
    Traceback (most recent call last):
        ...
    kazkg.errors.ParameterError: backend: not a valid http(s) URL: 'http://[::1'
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        valid = False
    if not valid or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ParameterError(parameter, f"not a valid http(s) URL: {shown(url)}")
    return url


def check_timeout(timeout: float | None) -> float | None:
    """``timeout`` if it is ``None`` or a finite number of seconds above zero; a
    :class:`~kazkg.errors.ParameterError` otherwise."""
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise ParameterError("timeout", f"must be a number of seconds above 0, not {timeout}")
    return timeout


def kind_of(spec: str) -> BackendKind:
    """The kind of backend ``spec`` names: a registered name, or a URL for an endpoint."""
    check_value("backend", spec)
    if spec.startswith(("http://", "https://")):
        check_url("backend", spec)
        return REGISTRY[URL_KIND]
    kind = REGISTRY.get(spec)
    if kind is None or not kind.needs_store:
        names = ", ".join(k for k, v in REGISTRY.items() if v.needs_store)
        raise ParameterError(
            "backend",
            f"unknown backend {shown(spec)}; use {names} or an http(s) SPARQL endpoint URL",
        )
    return kind


def describe_backends() -> str:
    """One line per kind of backend, for help texts."""
    return "; ".join(
        f"{'an http(s) URL' if not kind.needs_store else name}: {kind.summary}"
        for name, kind in REGISTRY.items()
    )


def open_backend(
    spec: str = DEFAULT_BACKEND,
    store: CompiledStore | None = None,
    *,
    timeout: float | None = None,
    default_graph: str | None = None,
    allow_service: Iterable[str] = (),
) -> Backend:
    """Open the backend ``spec`` names: a registered kind over ``store``, or an endpoint URL.

    ``timeout``: seconds to wait for an endpoint, and the limit of one embedded query (``None``:
    an endpoint's default, no limit for an embedded query); ``default_graph``: a named graph to
    query as the default graph; ``allow_service``: the endpoints a query's ``SERVICE`` clauses
    may call (none by default).
    """
    options = Options(
        timeout=check_timeout(timeout),
        default_graph=default_graph,
        allow_service=tuple(check_url("allow_service", url) for url in allow_service),
    )
    return kind_of(spec).open(spec, store, options)


__all__ = [
    "DEFAULT_BACKEND",
    "REGISTRY",
    "Backend",
    "BackendKind",
    "Options",
    "check_timeout",
    "check_url",
    "describe_backends",
    "kind_of",
    "open_backend",
]
