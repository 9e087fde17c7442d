"""The throw-away Virtuoso: its configuration, loopback-only ports, the documented bulk load
(``kazkg export -f nt``, then ``ld_dir`` and ``rdf_loader_run``), and its stop by process id."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from kazkg.build.store import CompiledStore
from kazkg.cli.main import main
from kazkg.errors import EndpointError, KazkgError
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.named import run
from kazkg.resources import Workspace
from kazkg.servers.virtuoso import (
    MAX_ROWS,
    RunningVirtuoso,
    VirtuosoError,
    configure,
    installed,
    serve,
    write_ini,
)
from kazkg.vocab import GRAPH_IRI

pytestmark = pytest.mark.virtuoso

SMALL_LIMIT = 100


def _settings(ini: Path) -> dict[tuple[str, str], str]:
    section, found = "", {}
    for line in ini.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[([^\]]+)\]", line)
        if header:
            section = header.group(1)
        entry = re.match(r"^([A-Za-z_]\w*)\s*=\s*(.*?)\s*(;.*)?$", line)
        if entry:
            found.setdefault((section, entry.group(1)), entry.group(2))
    return found


def test_the_instance_runs_from_its_own_folder_on_loopback(virtuoso: RunningVirtuoso) -> None:
    settings = _settings(virtuoso.location / "virtuoso.ini")
    for key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile"):
        assert settings["Database", key].startswith(str(virtuoso.location)), key
    assert settings["Parameters", "ServerPort"] == f"127.0.0.1:{virtuoso.sql_port}"
    assert settings["HTTPServer", "ServerPort"] == virtuoso.base_url.removeprefix("http://")
    assert str(virtuoso.location) in settings["Parameters", "DirsAllowed"]
    assert settings["Parameters", "VADInstallDir"] == ""
    assert settings["SPARQL", "ResultSetMaxRows"] == str(MAX_ROWS)
    listening = [
        c.laddr
        for c in psutil.Process(virtuoso.process.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert {address.ip for address in listening} == {"127.0.0.1"}
    assert {address.port for address in listening} == {
        virtuoso.sql_port,
        int(virtuoso.base_url.rsplit(":", 1)[1]),
    }


def test_configure_replaces_adds_and_drops_duplicate_keys() -> None:
    text = configure(
        "[Parameters]\nServerPort = 1111\nIndexTreeMaps = 256\nIndexTreeMaps = 64\n[SPARQL]\n",
        {"Parameters": {"IndexTreeMaps": "8", "VADInstallDir": ""}, "SPARQL": {"X": "1"}},
    )
    assert text == (
        "[Parameters]\nServerPort = 1111\nIndexTreeMaps = 8\nVADInstallDir = \n[SPARQL]\nX = 1\n"
    )


def test_write_ini_takes_extra_settings_over_the_packaged_ones(tmp_path: Path) -> None:
    ini = write_ini(
        tmp_path, 1111, 8890, max_rows=5, extra={"Parameters": {"NumberOfBuffers": "340000"}}
    )
    settings = _settings(ini)
    assert settings["Parameters", "NumberOfBuffers"] == "340000"
    assert settings["SPARQL", "ResultSetMaxRows"] == "5"
    assert settings["Database", "DatabaseFile"] == str(tmp_path / "db" / "virtuoso.db")


@pytest.fixture(scope="module")
def small_limit(compiled: CompiledStore) -> Iterator[RunningVirtuoso]:
    """A second Virtuoso, cutting answers at :data:`SMALL_LIMIT` rows, with the real graph."""
    reason = installed()
    if reason is not None:
        pytest.skip(f"Virtuoso is not available: {reason}")
    with serve(compiled.ntriples, max_rows=SMALL_LIMIT) as server:
        yield server


def test_the_bulk_load_puts_every_triple_in_the_named_graph(
    small_limit: RunningVirtuoso, compiled: CompiledStore
) -> None:
    assert small_limit.graph == GRAPH_IRI
    assert small_limit.count() == compiled.manifest().triples
    endpoint = EndpointBackend(small_limit.query_url, default_graph=GRAPH_IRI)
    assert endpoint.triple_count() == compiled.manifest().triples


def test_an_answer_cut_at_the_result_limit_is_an_error(small_limit: RunningVirtuoso) -> None:
    endpoint = EndpointBackend(small_limit.query_url, default_graph=GRAPH_IRI)
    with pytest.raises(EndpointError, match=f"cut the answer at {SMALL_LIMIT} rows") as raised:
        endpoint.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert "\n" not in str(raised.value) and "ResultSetMaxRows" in str(raised.value)
    with pytest.raises(EndpointError, match=f"cut the answer at {SMALL_LIMIT} rows"):
        endpoint.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_a_limit_of_the_query_itself_is_not_a_cut(small_limit: RunningVirtuoso) -> None:
    endpoint = EndpointBackend(small_limit.query_url, default_graph=GRAPH_IRI)
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT "
    assert len(endpoint.select(f"{query}{SMALL_LIMIT}")) == SMALL_LIMIT
    assert len(endpoint.select(f"{query}{SMALL_LIMIT - 1}")) == SMALL_LIMIT - 1
    with pytest.raises(EndpointError, match="cut the answer"):
        endpoint.select(f"{query}{SMALL_LIMIT + 1}")
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }} LIMIT {SMALL_LIMIT}"
    assert len(endpoint.construct(construct).splitlines()) == SMALL_LIMIT


def test_a_file_the_loader_rejects_is_one_line_with_its_reason(
    small_limit: RunningVirtuoso, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<https://example.org/s> <https://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(VirtuosoError, match="bulk load") as raised:
        small_limit.bulk_load(bad, "https://example.org/bad")
    assert "\n" not in str(raised.value)


def test_the_documented_bulk_load_serves_the_named_queries(
    virtuoso: RunningVirtuoso,
    workspace: Workspace,
    compiled: CompiledStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exported = tmp_path / "kazkg.nt"
    assert main(["--store", str(workspace.store), "export", "-f", "nt", "-o", str(exported)]) == 0
    graph = "https://w3id.org/kazkg/test-graph/documented-bulk-load"
    assert virtuoso.bulk_load(exported, graph) == compiled.manifest().triples
    capsys.readouterr()
    try:
        args = ["query", "lineage", "--param", "agency=Agency for Religious Affairs"]
        remote = ["--backend", virtuoso.query_url, "--default-graph", graph]
        options = ["--format", "tsv", "--no-labels"]
        assert main(["--store", str(workspace.store), *args, *remote, *options]) == 0
        over_http = capsys.readouterr().out
        assert main(["--store", str(workspace.store), *args, *options]) == 0
        embedded = capsys.readouterr().out
        assert over_http == embedded and over_http.count("\n") > 2
        with OxigraphBackend.open(compiled) as local:
            endpoint = EndpointBackend(virtuoso.query_url, default_graph=graph)
            example = {"agency": "Agency for Religious Affairs"}
            assert run(endpoint, "lineage", example).rows == run(local, "lineage", example).rows
    finally:
        virtuoso.isql(f"SPARQL CLEAR GRAPH <{graph}>;\n")


def test_the_server_stops_by_its_process_id_and_leaves_no_folder() -> None:
    reason = installed()
    if reason is not None:
        pytest.skip(f"Virtuoso is not available: {reason}")
    with serve() as server:
        pid, folder = server.process.pid, server.location
        assert psutil.pid_exists(pid) and folder.is_dir()
    assert server.process.returncode is not None
    assert not folder.exists()
    with pytest.raises(EndpointError, match="unreachable"):
        EndpointBackend(server.query_url, timeout=5).ask("ASK {}")


def test_a_port_another_program_holds_is_refused_before_starting() -> None:
    reason = installed()
    if reason is not None:
        pytest.skip(f"Virtuoso is not available: {reason}")
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(KazkgError, match="in use by another program"), serve(port=port):
            pass
