"""SHACL validation of the reasoned graph with pyshacl, reported as :class:`Violation` lists."""

from __future__ import annotations

from pathlib import Path

from kazkg.errors import Violation

_SH = "http://www.w3.org/ns/shacl#"
_WHOLE_GRAPH = "https://w3id.org/kazkg/shapes#TheGraph"


def shacl_violations(closure_ntriples: bytes, shapes: Path) -> list[Violation]:
    """Validate the closure (N-Triples) against ``shapes``; return the violations found.

    The closure already holds the inferred types, so pyshacl runs without inference.
    """
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    data.parse(data=closure_ntriples, format="nt")
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    assert isinstance(report, rdflib.Graph)
    sh = rdflib.Namespace(_SH)
    found = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        if report.value(result, sh.resultSeverity) != sh.Violation:
            continue
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        value = report.value(result, sh.value)
        text = str(message) if message is not None else "constraint violated"
        if str(focus) == _WHOLE_GRAPH and value is not None:
            focus = value  # a whole-graph check: the value is the node at fault
        elif value is not None and str(value) not in text:
            text += f" (value: {value})"
        found.append(Violation(str(focus), str(path) if path is not None else None, text))
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))
