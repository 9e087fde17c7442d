"""The query workers: answers, and queries stopped for time or memory without harm to the rest."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from kazkg.build.store import CompiledStore
from kazkg.views.explorer.pool import Limits, QueryPool, QueryStopped

pytestmark = pytest.mark.server

JSON = ["application/sparql-results+json"]


def run(pool: QueryPool, *queries: str) -> list[object]:
    """Start ``pool``, run ``queries`` one after the other (errors as values), stop it."""

    async def go() -> list[object]:
        await pool.start()
        found: list[object] = []
        try:
            for query in queries:
                try:
                    found.append(await pool.run({"query": query, "accept": JSON}))
                except QueryStopped as error:
                    found.append(error)
        finally:
            await pool.close()
        return found

    with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever runs in this thread
        return thread.submit(asyncio.run, go()).result()


def test_a_query_that_needs_too_much_memory_is_stopped_and_the_next_one_answered(
    compiled: CompiledStore,
) -> None:
    pool = QueryPool(compiled.oxigraph_dir, Limits(timeout=60, memory=300 * 1024**2, workers=1))
    greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"
    stopped, answered = run(pool, greedy, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(stopped, QueryStopped) and stopped.status == 507
    assert "300 MB" in str(stopped)
    count = json.loads(answered.body)["results"]["bindings"][0]["n"]["value"]  # type: ignore[attr-defined]
    assert int(count) == compiled.manifest().triples
    assert pool.stopped == 1


def test_a_syntax_error_is_an_answer_not_a_failure(compiled: CompiledStore) -> None:
    pool = QueryPool(compiled.oxigraph_dir, Limits(workers=1))
    (answer,) = run(pool, "SELECT ?s WHERE { ?s ?p")
    assert answer.status == 400 and b"syntax" in answer.body.lower()  # type: ignore[attr-defined]
    assert pool.stopped == 0
