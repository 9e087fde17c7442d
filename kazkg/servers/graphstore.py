"""Talking to a SPARQL 1.1 Graph Store endpoint: finding it, signing in, and sending a file once.

A server's Graph Store URL is derived from its query URL by the naming conventions of the
engines (Oxigraph ``/query`` -> ``/store``, Fuseki ``…/sparql`` -> ``…/data``); Virtuoso, whose
query URL is also ``/sparql``, is recognised by the ``Server`` header it sends and gets
``/sparql-graph-crud-auth`` (HTTP digest authentication) or, without a user, ``/sparql-graph-crud``
(which writes only after ``GRANT SPARQL_UPDATE TO "SPARQL"``).

With a user, the password comes from the ``KAZKG_PASSWORD`` environment variable or from a prompt
that does not echo; it is never printed, logged or put in an error message.  The challenge of
a digest (or basic) server is fetched with a ``HEAD`` request first, so a large upload is sent
only once.

>>> endpoint_urls("http://127.0.0.1:8890/sparql", server="Virtuoso/07.20.3229 (Linux)", user="dba")
('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql-graph-crud-auth')
>>> endpoint_urls("http://localhost:3030/ds/sparql")
('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/data')
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from kazkg.errors import EndpointError

PASSWORD_ENV = "KAZKG_PASSWORD"
"""The environment variable a password is read from before asking for it."""

VIRTUOSO_STORE = "/sparql-graph-crud-auth"
VIRTUOSO_OPEN_STORE = "/sparql-graph-crud"


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP authentication (the password is never shown)."""

    user: str
    password: str = field(repr=False)


def credentials(
    user: str | None,
    password: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    prompt: Callable[[str], str] | None = None,
) -> Credentials | None:
    """The credentials for ``user``: ``password`` if given, else ``$KAZKG_PASSWORD``, else asked
    for on the terminal without echo; ``None`` without a user.

    Where there is no terminal to ask on, the error names the environment variable.
    """
    if user is None:
        return None
    if password is None:
        password = (os.environ if environ is None else environ).get(PASSWORD_ENV)
    if password is None:
        if prompt is None:
            if not sys.stdin.isatty():
                raise EndpointError(
                    f"a password is needed for user {user!r}: set {PASSWORD_ENV} "
                    "(there is no terminal to ask on)"
                )
            import getpass

            prompt = getpass.getpass
        password = prompt(f"password for {user}: ")
    return Credentials(user, password)


def endpoint_urls(
    url: str, *, server: str | None = None, user: str | None = None
) -> tuple[str, str]:
    """The query URL and the Graph Store URL of a server, from its query URL or base URL.

    ``server`` is the ``Server`` header the server sent (see :func:`server_software`): a
    Virtuoso gets its own Graph Store endpoint, the authenticated one when there is a ``user``.
    Otherwise ``…/query`` pairs with ``…/store`` (Oxigraph), ``…/sparql`` with ``…/data``
    (Fuseki), and any other URL is taken as an Oxigraph server's base URL.
    """
    base = url.rstrip("/")
    if server is not None and server.startswith("Virtuoso"):
        parts = urllib.parse.urlsplit(base)
        root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        query = base if parts.path else root + "/sparql"
        return query, root + (VIRTUOSO_STORE if user is not None else VIRTUOSO_OPEN_STORE)
    if base.endswith("/query"):
        return base, base.removesuffix("/query") + "/store"
    if base.endswith("/sparql"):
        return base, base.removesuffix("/sparql") + "/data"
    return base + "/query", base + "/store"


def server_software(url: str, timeout: float) -> str | None:
    """The ``Server`` header a SPARQL endpoint (or the base URL of its server) answers ``ASK {}``
    with, or ``None`` if it cannot be reached or sends none."""
    target = url.rstrip("/")
    if urllib.parse.urlsplit(target).path in ("", "/"):
        target += "/sparql"
    probe = f"{target}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    server: str | None = None
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            server = response.headers.get("Server")
    except urllib.error.HTTPError as error:
        server = error.headers.get("Server") if error.headers else None
    except (OSError, ValueError):
        pass
    return server


def same_server(query_url: str, store_url: str) -> bool:
    """Whether two URLs name endpoints of one server (scheme, host, port and folder agree), so
    that a count read from one sees what was uploaded to the other.

    >>> same_server("http://h:3030/ds/sparql", "http://h:3030/ds/data")
    True
    >>> same_server("http://h:7878/query", "http://h:7879/store")
    False
    """
    a, b = urllib.parse.urlsplit(query_url), urllib.parse.urlsplit(store_url)
    folder_a, folder_b = a.path.rsplit("/", 1)[0], b.path.rsplit("/", 1)[0]
    return (a.scheme, a.netloc.lower(), folder_a) == (b.scheme, b.netloc.lower(), folder_b)


def _challenge(header: str) -> tuple[str, dict[str, str]]:
    """The scheme and parameters of a ``WWW-Authenticate`` header (its first challenge)."""
    scheme, _, rest = header.strip().partition(" ")
    items = urllib.request.parse_http_list(rest)
    return scheme.lower(), urllib.request.parse_keqv_list([item for item in items if "=" in item])


def authorization(
    challenge: str, method: str, url: str, credentials: Credentials, count: int = 1
) -> str:
    """The ``Authorization`` header answering a ``WWW-Authenticate`` ``challenge`` (digest with
    MD5 or SHA-256, or basic) for ``method`` on ``url``, the ``count``-th use of its nonce."""
    scheme, params = _challenge(challenge)
    if scheme == "basic":
        import base64

        token = f"{credentials.user}:{credentials.password}".encode()
        return "Basic " + base64.b64encode(token).decode("ascii")
    if scheme != "digest":
        raise EndpointError(f"{url}: unsupported authentication scheme {scheme!r}")
    algorithm = params.get("algorithm", "MD5").upper()
    hashes = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
    if algorithm not in hashes:
        raise EndpointError(f"{url}: unsupported digest algorithm {algorithm!r}")

    def digest(text: str) -> str:
        return hashes[algorithm](text.encode("utf-8")).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")
    realm, nonce = params.get("realm", ""), params.get("nonce", "")
    ha1 = digest(f"{credentials.user}:{realm}:{credentials.password}")
    ha2 = digest(f"{method}:{uri}")
    fields = {
        "username": credentials.user,
        "realm": realm,
        "nonce": nonce,
        "uri": uri,
        "algorithm": algorithm,
    }
    qops = [q.strip() for q in params.get("qop", "").split(",") if q.strip()]
    if "auth" in qops:
        cnonce, nc = secrets.token_hex(8), f"{count:08x}"
        fields.update(
            qop="auth",
            nc=nc,
            cnonce=cnonce,
            response=digest(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"),
        )
    else:
        fields["response"] = digest(f"{ha1}:{nonce}:{ha2}")
    if "opaque" in params:
        fields["opaque"] = params["opaque"]
    unquoted = {"algorithm", "qop", "nc"}
    return "Digest " + ", ".join(
        f"{key}={value}" if key in unquoted else f'{key}="{value}"' for key, value in fields.items()
    )


def _head(url: str, timeout: float, authorised: str | None = None) -> urllib.error.HTTPError | None:
    """The error a ``HEAD`` of ``url`` is refused with (``None`` if it is not, or the server
    cannot be reached: the request that follows reports that)."""
    headers = {"Authorization": authorised} if authorised else {}
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, method="HEAD", headers=headers), timeout=timeout
        ):
            return None
    except urllib.error.HTTPError as error:
        return error
    except (OSError, ValueError):
        return None


def _signed_in(url: str, timeout: float, auth: Credentials) -> tuple[str | None, int]:
    """The server's challenge for ``url`` and how often its nonce was used, once ``auth`` was
    checked with an authenticated ``HEAD`` (a refusal of the credentials is raised as the
    server's 401, before any body is sent); ``None`` if the server asks for nothing."""
    refusal = _head(url, timeout)
    if refusal is None or refusal.code != 401 or not refusal.headers:
        return None, 0
    challenge = refusal.headers.get("WWW-Authenticate")
    if challenge is None:
        return None, 0
    check = _head(url, timeout, authorization(challenge, "HEAD", url, auth, 1))
    if check is not None and check.code == 401:
        raise check
    return challenge, 1


def send(
    method: str,
    url: str,
    body: BinaryIO,
    size: int,
    content_type: str,
    timeout: float,
    auth: Credentials | None = None,
) -> None:
    """Send ``size`` bytes of ``body`` to ``url`` with ``method``, signed in as ``auth``.

    With credentials, the server's challenge is fetched, and the credentials checked, with
    ``HEAD`` requests first, so the body goes once (Virtuoso answers a refused upload before
    reading it, and closes the connection); a server that challenges only the request itself
    gets the body a second time.  HTTP errors are raised as ``urllib.error.HTTPError`` for the
    caller to report.
    """
    challenge, used = _signed_in(url, timeout, auth) if auth is not None else (None, 0)
    for attempt in range(2):
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        if auth is not None and challenge is not None:
            headers["Authorization"] = authorization(challenge, method, url, auth, used + 1)
        body.seek(0)
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
            return
        except urllib.error.HTTPError as error:
            retry = (
                error.code == 401
                and attempt == 0
                and auth is not None
                and challenge is None
                and error.headers is not None
                and error.headers.get("WWW-Authenticate") is not None
            )
            if not retry:
                raise
            challenge, used = error.headers.get("WWW-Authenticate"), 0
