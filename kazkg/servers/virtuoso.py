"""A throw-away OpenLink Virtuoso on loopback, loaded with a graph: for tests and benchmarks.

:func:`serve` writes a ``virtuoso.ini`` into a fresh folder (the packaged one with its database
paths, loopback ports, ``DirsAllowed``, no VAD packages and a raised ``ResultSetMaxRows``),
starts ``virtuoso-t +foreground`` there, waits until its SPARQL endpoint answers, gives the
``dba`` account a random password, optionally bulk-loads N-Triples into a named graph with
``ld_dir`` and ``rdf_loader_run``, and stops the process by its id (and deletes the folder) when
the ``with`` block ends.  It needs the Debian package ``virtuoso-opensource`` (``virtuoso-t`` and
``isql-vt``).

>>> from kazkg.build import ensure_built                          # doctest: +SKIP
>>> with serve(ensure_built().ntriples) as server:                 # doctest: +SKIP
...     print(server.query_url, server.graph)
http://127.0.0.1:41527/sparql https://w3id.org/kazkg/graph
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kazkg.errors import KazkgError
from kazkg.servers.oxigraph import HOST, check_free, free_port, stop_process
from kazkg.vocab import GRAPH_IRI

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
"""The configuration the Debian package installs; a fresh instance starts from a copy of it."""

MAX_ROWS = 10_000_000
"""``ResultSetMaxRows`` of a throw-away instance (the package ships 10,000, which silently
truncates larger answers)."""

MAX_SECONDS = 600
"""``MaxQueryExecutionTime`` of a throw-away instance, in seconds (the package ships 60)."""

_MINIMAL_INI = """[Database]
[TempDatabase]
[Parameters]
[HTTPServer]
[SPARQL]
"""


class VirtuosoError(KazkgError):
    """Virtuoso could not be found, configured, started or loaded."""


def _command(*names: str) -> Path:
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    raise VirtuosoError(
        f"the Virtuoso command '{names[0]}' is not installed "
        "(Debian: apt-get install virtuoso-opensource)"
    )


def virtuoso_binary() -> Path:
    """The Virtuoso server command, ``virtuoso-t``."""
    return _command("virtuoso-t")


def isql_binary() -> Path:
    """Virtuoso's SQL client: ``isql-vt`` on Debian, ``isql`` where it is built from source."""
    return _command("isql-vt", "isql")


def installed() -> str | None:
    """``None`` if Virtuoso can run here, else why not (one line)."""
    try:
        virtuoso_binary()
        isql_binary()
    except VirtuosoError as error:
        return str(error)
    return None


_SECTION = re.compile(r"^\s*\[([^\]]+)\]")


def configure(template: str, settings: Mapping[str, Mapping[str, str]]) -> str:
    """``template`` (a ``virtuoso.ini``) with ``settings`` (section -> key -> value) applied.

    A key set here replaces its first line in the section (later duplicates are dropped) or is
    added at the end of the section; missing sections are appended.  Comments stay.

    >>> print(configure("[A]\\nx = 1 ; note\\nx = 2\\n[B]\\n", {"A": {"x": "3", "y": "4"}, "C": {"z": "5"}}))
    [A]
    x = 3
    y = 4
    [B]
    [C]
    z = 5
    <BLANKLINE>
    """
    out: list[str] = []
    section: str | None = None
    written: set[tuple[str, str]] = set()

    def put(name: str, key: str) -> None:
        if (name, key) not in written:
            out.append(f"{key} = {settings[name][key]}")
            written.add((name, key))

    for line in template.splitlines():
        header = _SECTION.match(line)
        if header:
            for key in settings.get(section or "", {}):
                put(section or "", key)
            section = header.group(1).strip()
            out.append(line)
            continue
        entry = re.match(r"^\s*([A-Za-z_][\w.]*)\s*=", line)
        if section is not None and entry and entry.group(1) in settings.get(section, {}):
            put(section, entry.group(1))
            continue
        out.append(line)
    for key in settings.get(section or "", {}):
        put(section or "", key)
    present = {m.group(1).strip() for m in map(_SECTION.match, out) if m}
    for name, values in settings.items():
        if name not in present:
            out.append(f"[{name}]")
            out.extend(f"{key} = {value}" for key, value in values.items())
    return "\n".join(out) + "\n"


def write_ini(
    folder: Path,
    sql_port: int,
    http_port: int,
    *,
    max_rows: int = MAX_ROWS,
    max_seconds: int = MAX_SECONDS,
    template: Path | None = None,
    extra: Mapping[str, Mapping[str, str]] | None = None,
) -> Path:
    """Write ``folder/virtuoso.ini``: the packaged configuration (or a minimal one) with its
    database in ``folder``, both servers on loopback, ``folder`` allowed for bulk loads, no VAD
    packages installed at start, the given result-size and time limits, and any ``extra``
    settings (section -> key -> value, e.g. ``{"Parameters": {"NumberOfBuffers": "340000"}}``)."""
    source = template or PACKAGED_INI
    text = source.read_text(encoding="utf-8", errors="replace") if source.is_file() else ""
    db = folder / "db"
    db.mkdir(exist_ok=True)
    settings = {
        "Database": {
            "DatabaseFile": str(db / "virtuoso.db"),
            "ErrorLogFile": str(db / "virtuoso.log"),
            "LockFile": str(db / "virtuoso.lck"),
            "TransactionFile": str(db / "virtuoso.trx"),
            "xa_persistent_file": str(db / "virtuoso.pxa"),
        },
        "TempDatabase": {
            "DatabaseFile": str(db / "virtuoso-temp.db"),
            "TransactionFile": str(db / "virtuoso-temp.trx"),
        },
        "Parameters": {
            "ServerPort": f"{HOST}:{sql_port}",
            "DisableUnixSocket": "1",
            "DirsAllowed": f"., {folder}",
            "VADInstallDir": "",
        },
        "HTTPServer": {"ServerPort": f"{HOST}:{http_port}"},
        "URIQA": {"DefaultHost": f"{HOST}:{http_port}"},
        "SPARQL": {
            "ResultSetMaxRows": str(max_rows),
            "MaxQueryExecutionTime": str(max_seconds),
        },
    }
    for section, values in (extra or {}).items():
        settings.setdefault(section, {}).update(values)
    ini = folder / "virtuoso.ini"
    ini.write_text(configure(text or _MINIMAL_INI, settings), encoding="utf-8")
    return ini


def _sql_string(value: str) -> str:
    """``value`` as a single-quoted SQL string; backslashes and line breaks are refused."""
    if any(ch in value for ch in "\\\r\n\x00"):
        raise VirtuosoError(f"cannot pass {value!r} to Virtuoso's SQL client")
    return "'" + value.replace("'", "''") + "'"


def _last_log_line(log: Path) -> str:
    lines = [
        line.strip()
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    errors = [line for line in lines if "error" in line.lower() or "fatal" in line.lower()]
    return (errors or lines or ["no output"])[-1]


@dataclass(frozen=True)
class RunningVirtuoso:
    """A started Virtuoso: its URLs, process, folder and ``dba`` password (never printed)."""

    base_url: str
    process: subprocess.Popen[bytes]
    location: Path
    sql_port: int
    password: str = field(repr=False)
    graph: str = GRAPH_IRI
    """The named graph :func:`serve` loaded (``GRAPH_IRI`` unless told otherwise)."""

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return f"{self.base_url}/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store endpoint that takes HTTP digest authentication (user ``dba``)."""
        return f"{self.base_url}/sparql-graph-crud-auth"

    @property
    def open_store_url(self) -> str:
        """The Graph Store endpoint without authentication (writes need the SPARQL_UPDATE grant)."""
        return f"{self.base_url}/sparql-graph-crud"

    def isql(self, sql: str, timeout: float = 600) -> str:
        """Run SQL statements (each ending in ``;``) as ``dba``; return the client's output.

        An error reported by the server is raised as a :class:`VirtuosoError` with its message.
        """
        result = subprocess.run(
            [str(isql_binary()), f"{HOST}:{self.sql_port}", "dba", self.password],
            input=sql,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        problems = [
            line.removeprefix("*** ").strip()
            for line in (result.stderr + result.stdout).splitlines()
            if line.startswith("*** Error")
        ]
        if problems or result.returncode != 0:
            raise VirtuosoError(
                f"Virtuoso on {self.base_url}: "
                + (problems[0] if problems else f"isql exit status {result.returncode}")
            )
        return result.stdout

    def bulk_load(self, ntriples: Path, graph: str | None = None) -> int:
        """Load an N-Triples file into the named ``graph`` (default: :attr:`graph`) with the bulk
        loader (``ld_dir`` and ``rdf_loader_run``, then ``checkpoint``); return the triples the
        graph then holds.

        The file is linked (or copied) into a folder of its own inside :attr:`location`, which
        ``DirsAllowed`` lists; a file the loader rejects is a :class:`VirtuosoError` with its
        message.
        """
        from kazkg.terms import Term

        target = Term.iri(graph or self.graph).value
        folder = Path(tempfile.mkdtemp(prefix="load-", dir=self.location))
        copy = folder / "graph.nt"
        try:
            os.link(ntriples, copy)
        except OSError:
            shutil.copyfile(ntriples, copy)
        try:
            self.isql(
                f"ld_dir({_sql_string(str(folder))}, 'graph.nt', {_sql_string(target)});\n"
                "rdf_loader_run();\ncheckpoint;\n"
            )
            report = self.isql(
                "SELECT ll_error FROM DB.DBA.LOAD_LIST "
                f"WHERE ll_file LIKE {_sql_string(str(folder) + '/%')} AND ll_error IS NOT NULL;\n"
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if not re.search(r"^\s*0 Rows\.", report, re.MULTILINE):
            lines = [line.strip() for line in report.splitlines() if line.strip()]
            detail = next((line for line in lines if re.match(r"^\d{5}|^[A-Z]{2}\d{3}", line)), "")
            detail = detail or " ".join(report.split())[-300:]
            raise VirtuosoError(f"Virtuoso bulk load of {ntriples} failed: {detail}")
        return self.count(target)

    def count(self, graph: str | None = None) -> int:
        """Triples in the named ``graph`` (default: :attr:`graph`), counted through SQL."""
        from kazkg.terms import Term

        iri = Term.iri(graph or self.graph).n3()
        output = self.isql(f"SPARQL SELECT COUNT(*) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }};\n")
        numbers = re.findall(r"^\s*(\d+)\s*$", output, re.MULTILINE)
        if not numbers:
            raise VirtuosoError(f"Virtuoso on {self.base_url}: no count in the answer")
        return int(numbers[0])

    def grant_update(self, allowed: bool = True) -> None:
        """Let anonymous SPARQL users write (``GRANT SPARQL_UPDATE TO "SPARQL"``), or revoke it.

        The unauthenticated Graph Store endpoint ``/sparql-graph-crud`` needs the grant; it also
        makes ``/sparql`` accept updates from anyone who can reach the port.
        """
        verb = (
            'GRANT SPARQL_UPDATE TO "SPARQL"' if allowed else 'REVOKE SPARQL_UPDATE FROM "SPARQL"'
        )
        self.isql(f"{verb};\n")


def _wait_until_ready(server: RunningVirtuoso, log: Path, timeout: float) -> None:
    probe = f"{server.query_url}?query=ASK%7B%7D"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise VirtuosoError(f"Virtuoso on {server.base_url} stopped: {_last_log_line(log)}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise VirtuosoError(f"Virtuoso on {server.base_url} did not answer within {timeout:g} s")


@contextlib.contextmanager
def serve(
    ntriples: Path | None = None,
    *,
    graph: str = GRAPH_IRI,
    port: int | None = None,
    max_rows: int = MAX_ROWS,
    max_seconds: int = MAX_SECONDS,
    extra: Mapping[str, Mapping[str, str]] | None = None,
    timeout: float = 120.0,
) -> Iterator[RunningVirtuoso]:
    """Run a fresh Virtuoso with its SPARQL endpoint on ``127.0.0.1:port`` (default: a free
    port) and its SQL port on another free loopback port, holding ``ntriples`` (if given) in the
    named ``graph``; ``extra`` settings go into its ``virtuoso.ini`` (see :func:`write_ini`).

    The process is stopped by its id and the folder deleted when the block ends, whatever
    happens inside it.
    """
    binary = str(virtuoso_binary())
    isql_binary()
    if port:
        check_free(port)  # else another program's answer could pass for Virtuoso's
    with tempfile.TemporaryDirectory(prefix="kazkg-virtuoso-") as tmp:
        folder = Path(tmp)
        http_port = port or free_port()
        sql_port = free_port()
        while sql_port == http_port:
            sql_port = free_port()
        ini = write_ini(
            folder, sql_port, http_port, max_rows=max_rows, max_seconds=max_seconds, extra=extra
        )
        log = folder / "server.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            server = RunningVirtuoso(
                f"http://{HOST}:{http_port}", process, folder, sql_port, "dba", graph
            )
            _wait_until_ready(server, log, timeout)
            password = secrets.token_urlsafe(18)
            server.isql(f"USER_SET_PASSWORD('dba', {_sql_string(password)});\n")
            server = RunningVirtuoso(server.base_url, process, folder, sql_port, password, graph)
            if ntriples is not None:
                server.bulk_load(ntriples, graph)
            yield server
        finally:
            stop_process(process, timeout=30)
