"""Build: parse the ontology and the graph, reason, validate, and compile a store.

>>> from kazkg.build import build  # doctest: +SKIP
>>> report = build()               # doctest: +SKIP
>>> report.manifest.triples > 0    # doctest: +SKIP
True
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kazkg import evidence, shacl
from kazkg.errors import ValidationError, Violation
from kazkg.load import load_turtle
from kazkg.reason import RuleSet, materialise
from kazkg.resources import Layout, find_source_text
from kazkg.store import CompiledStore, Manifest, current, input_checksums, is_fresh, new_version
from kazkg.vocab import KZ, KZID, RDF


@dataclass
class BuildReport:
    """What a build did: the store it wrote and the figures it printed."""

    store: CompiledStore
    manifest: Manifest
    inferred_triples: int
    quotes_checked: int | None
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _stated_types(store: ox.Store) -> dict[str, set[str]]:
    """The ``kz:`` classes each graph node is stated to have (before any inference)."""
    query = f"""SELECT ?e ?c WHERE {{ ?e a ?c .
        FILTER(STRSTARTS(STR(?e), "{KZID}") && STRSTARTS(STR(?c), "{KZ.NS}")) }}"""
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    types: dict[str, set[str]] = {}
    for row in solutions:
        types.setdefault(row[0].value, set()).add(row[1].value)  # type: ignore[union-attr]
    return types


def _count_by_class(
    stated: dict[str, set[str]], closure: ox.Store, top: str, rules: RuleSet
) -> dict[str, int]:
    """Instances of ``top`` counted under the most specific class they are stated to have."""
    members = {
        quad.subject.value
        for quad in closure.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(top))
        if isinstance(quad.subject, ox.NamedNode)
    }
    counts: Counter[str] = Counter()
    for node in members:
        classes = stated.get(node, set())
        supers = set().union(*(rules.superclasses.get(c, set()) for c in classes))
        for leaf in sorted(classes - supers):
            counts[KZ.NS.local(leaf) or leaf] += 1
    return dict(sorted(counts.items()))


def _source_texts(
    closure: ox.Store, layout: Layout, override: Path | None
) -> dict[str, str] | None:
    """The texts of the source documents the graph cites, by identifier; ``None`` if one is missing."""
    identifiers = evidence.source_identifiers(closure)
    if override is not None:
        return dict.fromkeys(identifiers or [override.name], evidence.read_source(override))
    paths = {identifier: find_source_text(identifier, layout.graph) for identifier in identifiers}
    if not paths or any(path is None for path in paths.values()):
        return None
    return {identifier: evidence.read_source(path) for identifier, path in paths.items() if path}


def build(
    layout: Layout | None = None,
    *,
    validate: bool = True,
    source: Path | None = None,
) -> BuildReport:
    """Parse, reason, validate and compile the graph of ``layout`` into its store folder.

    ``validate=False`` skips SHACL and the evidence checks (for very large generated graphs).
    Quotes are checked against the texts of the source documents the graph cites (found by
    :func:`find_source_text`, or ``source`` if given) when they are available.  Raises :class:`~kazkg.errors.TurtleSyntaxError` or
    :class:`~kazkg.errors.ValidationError`; in both cases the previous store is left intact.
    """
    started = time.perf_counter()
    layout = layout or Layout.default()
    closure = ox.Store()
    load_turtle(closure, layout.ontology_files())
    load_turtle(closure, layout.graph_files())
    asserted_count = len(closure)
    stated = _stated_types(closure)
    rules = RuleSet.from_store(closure)
    inferred = materialise(closure, rules)

    warnings: list[str] = []
    quotes_checked: int | None = None
    if validate:
        violations: list[Violation] = []
        asserted = ox.Store()
        load_turtle(asserted, layout.graph_files())
        violations += evidence.check_relations_have_evidence(asserted, closure)
        texts = _source_texts(closure, layout, source)
        if texts is None:
            warnings.append(
                "the source text was not found (put it in $KAZKG_SOURCES): quotes were not checked"
            )
        else:
            violations += evidence.check_checksums(closure, texts)
            violations += evidence.check_quotes(closure, "\n\n".join(texts.values()))
            quotes_checked = sum(
                1 for _ in closure.quads_for_pattern(None, ox.NamedNode(KZ.quote), None)
            )
        violations += shacl.violations(closure, layout.shapes)
        if violations:
            raise ValidationError(violations)

    manifest = Manifest(
        format=1,
        graph_dir=str(layout.graph),
        inputs=input_checksums(layout),
        triples=len(closure),
        asserted_triples=asserted_count,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        entities_per_class=_count_by_class(stated, closure, KZ.Entity, rules),
        facts_per_kind=_count_by_class(stated, closure, KZ.Fact, rules),
    )
    with new_version(layout.store) as compiled:
        closure.dump(
            output=str(compiled.ntriples),
            format=ox.RdfFormat.N_TRIPLES,
            from_graph=ox.DefaultGraph(),
        )
        del closure  # free the in-memory graph before the bulk load: a lower peak
        persistent = ox.Store(str(compiled.oxigraph_dir))
        persistent.bulk_load(path=str(compiled.ntriples), format=ox.RdfFormat.N_TRIPLES)
        persistent.optimize()
        del persistent
        compiled.manifest_path.write_text(manifest.to_json(), encoding="utf-8")
    final = current(layout.store)
    assert final is not None
    return BuildReport(
        final, manifest, inferred, quotes_checked, time.perf_counter() - started, warnings
    )


def ensure_built(layout: Layout | None = None) -> CompiledStore:
    """The current compiled store of ``layout``, rebuilt first if missing or stale."""
    layout = layout or Layout.default()
    compiled = current(layout.store)
    if compiled is not None and is_fresh(compiled, layout):
        return compiled
    return build(layout).store


__all__ = ["BuildReport", "build", "ensure_built"]
