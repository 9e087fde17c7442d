"""``kazkg push`` to Virtuoso: its Graph Store endpoint found, digest sign-in with a password
that is never shown, the server's reason for a refusal on one line, and the count check."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from kazkg.build.store import CompiledStore, Manifest
from kazkg.cli.main import main
from kazkg.errors import EndpointError
from kazkg.resources import Workspace
from kazkg.servers.graphstore import PASSWORD_ENV, Credentials, endpoint_urls, server_software
from kazkg.servers.push import push, remote_count
from kazkg.servers.virtuoso import RunningVirtuoso

pytestmark = pytest.mark.virtuoso


@pytest.fixture()
def graph(virtuoso: RunningVirtuoso, request: pytest.FixtureRequest) -> Iterator[str]:
    """A named graph of this test's own, cleared after it."""
    iri = f"https://w3id.org/kazkg/test-push/{request.node.name.replace('[', '-').rstrip(']')}"
    yield iri
    virtuoso.isql(f"SPARQL CLEAR GRAPH <{iri}>;\n")


@pytest.fixture()
def admin(virtuoso: RunningVirtuoso) -> Credentials:
    return Credentials("dba", virtuoso.password)


def test_virtuoso_is_recognised_and_its_graph_store_derived(virtuoso: RunningVirtuoso) -> None:
    server = server_software(virtuoso.query_url, 10)
    assert server is not None and server.startswith("Virtuoso")
    assert endpoint_urls(virtuoso.base_url, server=server, user="dba") == (
        virtuoso.query_url,
        virtuoso.store_url,
    )
    assert endpoint_urls(virtuoso.query_url, server=server) == (
        virtuoso.query_url,
        virtuoso.open_store_url,
    )


@pytest.mark.parametrize("address", ["query_url", "base_url"])
def test_pushing_twice_with_digest_auth_leaves_the_local_count(
    virtuoso: RunningVirtuoso,
    compiled: CompiledStore,
    admin: Credentials,
    graph: str,
    address: str,
) -> None:
    local = compiled.manifest().triples
    for _ in range(2):
        report = push(compiled, getattr(virtuoso, address), graph=graph, auth=admin)
        assert report.store_url == virtuoso.store_url and report.query_url == virtuoso.query_url
        assert (report.local_triples, report.remote_triples) == (local, local)
    assert virtuoso.count(graph) == local


def test_the_cli_reads_the_password_from_the_environment_and_never_prints_it(
    virtuoso: RunningVirtuoso,
    compiled: CompiledStore,
    workspace: Workspace,
    graph: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, virtuoso.password)
    args = ["--store", str(workspace.store), "push", "--endpoint", virtuoso.query_url]
    assert main([*args, "--graph", graph, "--user", "dba"]) == 0
    out, err = capsys.readouterr()
    local = compiled.manifest().triples
    assert f"pushed {local} triples into <{graph}> at {virtuoso.store_url}" in out
    assert virtuoso.password not in out + err
    monkeypatch.setenv(PASSWORD_ENV, "not-the-password")
    assert main([*args, "--graph", graph, "--user", "dba"]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "HTTP 401" in err and "did not accept user 'dba'" in err
    assert "not-the-password" not in out + err


def _talk(command: list[str], answer: str, env: dict[str, str], timeout: float = 60) -> str:
    """Run ``command`` on a fresh terminal of its own, type ``answer`` when it asks for a
    password, and return everything the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,  # no other controlling terminal to ask on
    )
    os.close(follower)
    shown, answered = b"", False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
            if not answered and b"password for dba: " in shown:
                os.write(leader, answer.encode() + b"\n")
                answered = True
            if process.poll() is not None and not ready:
                break
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    assert answered, shown.decode(errors="replace")
    assert process.returncode == 0, shown.decode(errors="replace")
    return shown.decode("utf-8", errors="replace")


def test_the_cli_asks_for_the_password_without_echo(
    virtuoso: RunningVirtuoso, compiled: CompiledStore, workspace: Workspace, graph: str
) -> None:
    env = {key: value for key, value in os.environ.items() if key != PASSWORD_ENV}
    command = [sys.executable, "-c", "from kazkg.cli.main import main; raise SystemExit(main())"]
    args = ["--store", str(workspace.store), "push", "--endpoint", virtuoso.query_url]
    shown = _talk([*command, *args, "--graph", graph, "--user", "dba"], virtuoso.password, env)
    assert "password for dba:" in shown and "pushed" in shown
    assert virtuoso.password not in shown
    assert virtuoso.count(graph) == compiled.manifest().triples


def test_without_a_user_the_refusal_says_why_and_what_to_do(
    virtuoso: RunningVirtuoso, compiled: CompiledStore, graph: str
) -> None:
    with pytest.raises(EndpointError) as raised:
        push(compiled, virtuoso.query_url, graph=graph)
    message = str(raised.value)
    assert message.startswith(f"{virtuoso.open_store_url}: upload refused: HTTP 403")
    assert "Permission denied" in message and "GRANT SPARQL_UPDATE" in message
    assert "\n" not in message and "<" not in message
    assert remote_count(virtuoso.query_url, graph) == 0


def test_the_open_graph_store_takes_an_upload_after_the_grant(
    virtuoso: RunningVirtuoso, compiled: CompiledStore, graph: str
) -> None:
    virtuoso.grant_update()
    try:
        report = push(compiled, virtuoso.query_url, graph=graph)
    finally:
        virtuoso.grant_update(allowed=False)
    assert report.store_url == virtuoso.open_store_url
    assert report.remote_triples == compiled.manifest().triples
    with pytest.raises(EndpointError, match="HTTP 403"):
        push(compiled, virtuoso.query_url, graph=graph)


def test_a_wrong_password_is_refused_before_anything_is_uploaded(
    virtuoso: RunningVirtuoso, compiled: CompiledStore, graph: str
) -> None:
    with pytest.raises(EndpointError) as raised:
        push(compiled, virtuoso.query_url, graph=graph, auth=Credentials("dba", "wrong secret"))
    message = str(raised.value)
    assert "HTTP 401" in message and "wrong secret" not in message and "\n" not in message
    assert remote_count(virtuoso.query_url, graph) == 0


def test_a_graph_the_server_changes_fails_the_count_check(
    virtuoso: RunningVirtuoso, admin: Credentials, graph: str, tmp_path: Path
) -> None:
    """Virtuoso keeps one of two dates of a subject and property that start on the same day
    (a month and its first day), so the count after the upload differs from the file's."""
    folder = tmp_path / "v-dates"
    folder.mkdir()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    (folder / "closure.nt").write_text(
        f'<https://example.org/fact> <https://example.org/date> "2012-06"^^<{xsd}gYearMonth> .\n'
        f'<https://example.org/fact> <https://example.org/date> "2012-06-01"^^<{xsd}date> .\n',
        encoding="utf-8",
    )
    manifest = Manifest(1, str(folder), {}, 2, 2, "2026-01-01T00:00:00+0000")
    (folder / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    assert asdict(CompiledStore(folder).manifest()) == asdict(manifest)
    with pytest.raises(EndpointError, match="holds 1 triples after the upload, expected 2"):
        push(CompiledStore(folder), virtuoso.query_url, graph=graph, auth=admin)
