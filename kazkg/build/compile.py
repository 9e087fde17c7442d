"""The build pipeline: parse the ontology and the graph, reason, write the time model's spans,
validate, and compile a store.

>>> from kazkg.build import build  # doctest: +SKIP
>>> report = build()               # doctest: +SKIP
>>> report.manifest.triples > 0    # doctest: +SKIP
True
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kazkg.build import evidence, indexes
from kazkg.build.load import load_turtle
from kazkg.build.names import write_name_index
from kazkg.build.reason import RuleSet, materialise
from kazkg.build.spans import write_spans
from kazkg.build.store import (
    FORMAT_VERSION,
    CompiledStore,
    Manifest,
    check_replaceable,
    current,
    is_packaged_graph,
    publish,
    read_inputs,
    require_graph_files,
)
from kazkg.build.text import check_text
from kazkg.errors import ValidationError, Violation
from kazkg.query import internal
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.resources import Workspace
from kazkg.schema import Schema, load_schema
from kazkg.terms import Term
from kazkg.vocab import KZ, KZID, RDF


@dataclass
class BuildReport:
    """What a build did: the store it wrote and the figures it printed."""

    store: CompiledStore
    manifest: Manifest
    inferred_triples: int
    quotes_checked: int | None
    """How many quotes were found verbatim in their sources (``None``: not checked)."""
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _stated_types(store: ox.Store) -> dict[str, set[str]]:
    """The ``kz:`` classes each graph node is stated to have (before any inference)."""
    table = internal.select(
        OxigraphBackend(store), "stated-types", namespace=Term.literal(str(KZID))
    )
    types: dict[str, set[str]] = defaultdict(set)
    for node, cls in table.rows:
        if node is not None and cls is not None:
            types[node.value].add(cls.value)
    return types


def _count_by_class(
    stated: dict[str, set[str]], closure: ox.Store, top: str, schema: Schema
) -> dict[str, int]:
    """Instances of ``top`` counted under the most specific class they are stated to have."""
    members = {
        quad.subject.value
        for quad in closure.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(top))
        if isinstance(quad.subject, ox.NamedNode)
    }
    counts: Counter[str] = Counter()
    for node in members:
        for leaf in schema.most_specific(stated.get(node, set())):
            counts[KZ.NS.local(leaf) or leaf] += 1
    return dict(sorted(counts.items()))


def _validate(
    closure: ox.Store,
    links: list[tuple[str, str, str]],
    workspace: Workspace,
    warnings: list[str],
) -> tuple[list[Violation], int | None]:
    """The evidence and SHACL violations of ``closure`` (``links``: the links to entities the
    graph files state, read before reasoning), and how many quotes were checked."""
    from kazkg.build.validate import violations as shacl_violations

    violations = evidence.check_relations_have_evidence(links, closure)
    declared = evidence.sources(closure, workspace)
    violations += evidence.check_sources(declared, folder_given=workspace.sources is not None)
    quote_violations, checked = evidence.check_quotes(closure, declared)
    violations += quote_violations
    warnings += evidence.weak_evidence_warnings(closure)
    quotes_checked: int | None = checked
    if workspace.sources is None:
        warnings.append(
            "no folder of source texts (set $KAZKG_SOURCES or --sources): quotes were not checked"
        )
        quotes_checked = None
    violations += shacl_violations(closure, workspace.shapes)
    return violations, quotes_checked


def _return_freed_memory() -> None:
    """Hand the memory the in-memory graph freed back to the system (glibc keeps it otherwise,
    and the bulk load that follows would add to it)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name).malloc_trim(0)


def build(
    workspace: Workspace | None = None, *, validate: bool = True, replace: bool = False
) -> BuildReport:
    """Parse, reason, validate and compile the graph of ``workspace`` into its store folder.

    ``validate=False`` skips SHACL and the evidence checks (for very large generated graphs).
    Each quote is checked against the text of the source document its node cites, found in the
    workspace's sources folder; without a sources folder, quotes go unchecked and the report
    says so.  A store built from another graph folder is replaced only with ``replace=True``.
    Raises :class:`~kazkg.errors.InputError` (no graph files),
    :class:`~kazkg.errors.ForeignStoreError`, :class:`~kazkg.errors.TurtleSyntaxError` or
    :class:`~kazkg.errors.ValidationError`; in every case the previous store is left intact.
    """
    started = time.perf_counter()
    workspace = workspace or Workspace.default()
    graph_files = require_graph_files(workspace)
    if not replace:
        check_replaceable(workspace.store, workspace)
    since = current(workspace.store)
    inputs = read_inputs(workspace)
    schema = load_schema(workspace.ontology)
    closure = ox.Store()
    load_turtle(closure, workspace.ontology_files())
    load_turtle(closure, graph_files)
    asserted_count = len(closure)
    violations = check_text(closure)
    stated = _stated_types(closure)
    links = evidence.asserted_links(closure) if validate else []
    inferred = materialise(closure, RuleSet.from_schema(schema))
    inferred += write_spans(closure, schema)

    warnings: list[str] = []
    quotes_checked: int | None = None
    if validate:
        more, quotes_checked = _validate(closure, links, workspace, warnings)
        violations += more
    if violations:
        raise ValidationError(violations)

    manifest = Manifest(
        format=FORMAT_VERSION,
        graph_dir=str(workspace.graph.resolve()),
        inputs=inputs.checksums,
        triples=len(closure),
        asserted_triples=asserted_count,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        entities_per_class=_count_by_class(stated, closure, KZ.Entity, schema),
        facts_per_kind=_count_by_class(stated, closure, KZ.Fact, schema),
        packaged_graph=is_packaged_graph(workspace.graph),
        input_stats=inputs.stats,
    )

    def write(compiled: CompiledStore) -> None:
        nonlocal closure
        write_name_index(closure, compiled.path, schema, stated)
        closure.dump(
            output=str(compiled.ntriples),
            format=ox.RdfFormat.N_TRIPLES,
            from_graph=ox.DefaultGraph(),
        )
        indexes.write(compiled.path, OxigraphBackend(closure))
        del closure  # free the in-memory graph before the bulk load: a lower peak
        _return_freed_memory()
        persistent = ox.Store(str(compiled.oxigraph_dir))
        persistent.bulk_load(path=str(compiled.ntriples), format=ox.RdfFormat.N_TRIPLES)
        persistent.optimize()
        del persistent

    final = publish(workspace, manifest, write, since=since, replace_foreign=replace)
    return BuildReport(
        final, manifest, inferred, quotes_checked, time.perf_counter() - started, warnings
    )


__all__ = ["BuildReport", "build"]
