"""Present benchmark results: the terminal table, the targets met or missed, a Markdown table,
and the log-log plot of cost against size.

>>> format_value(0.00843, "s"), format_value(2.5, "s"), format_value(312.4, "B")
('8.4 ms', '2.50 s', '312 B')
>>> format_ratio(0.0213), format_ratio(45.0)
('0.021×', '45×')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.harness import BACKENDS, MEASURES, Figure, Results
from benchmarks.questions import QUESTIONS

COLUMNS = (*BACKENDS, "reference")


def format_value(value: float | None, unit: str) -> str:
    """A figure for people: milliseconds or seconds, bytes, requests per second."""
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.001:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1000:.2g} ms" if value < 0.01 else f"{value * 1000:.0f} ms"
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "B":
        return f"{value / 1024:.2f} KB" if value >= 1024 else f"{value:.0f} B"
    return f"{value:,.0f} {unit}"


def format_ratio(ratio: float | None) -> str:
    """A ratio against the reference: ``0.021×``, ``45×``."""
    if ratio is None:
        return ""
    if ratio >= 10:
        return f"{ratio:,.0f}×"
    return f"{ratio:.2g}×"


def ratio(figure: Figure | None, reference: Figure | None) -> float | None:
    """``figure ÷ reference``, where both were measured."""
    if figure is None or reference is None or figure.value is None or not reference.value:
        return None
    return figure.value / reference.value


def cell(figure: Figure | None, reference: Figure | None, unit: str) -> str:
    """A table cell: the value, its ratio to the reference, and a note."""
    if figure is None:
        return ""
    text = format_value(figure.value, unit)
    r = ratio(figure, reference)
    if r is not None and figure.backend != "reference":
        text += f" ({format_ratio(r)})"
    if figure.note:
        text += f" [{figure.note}]"
    return text


def sizes(results: Results) -> list[str]:
    """The sizes measured, generated ones first (ascending), then ``real``."""
    found = []
    for figure in results.figures:
        if figure.size not in found:
            found.append(figure.size)
    return sorted((s for s in found if s != "real"), key=int) + (
        ["real"] if "real" in found else []
    )


def size_title(results: Results, size: str) -> str:
    """``10,000 entities · 132,560 asserted · 324,055 stored triples``."""
    if size == "real":
        return "the real graph"
    for info in results.sizes:
        if info.size == size:
            return (
                f"{info.entities:,} entities · {info.asserted:,} asserted · "
                f"{info.stored:,} stored triples"
            )
    return f"{int(size):,} entities"


def rows(results: Results, size: str) -> Iterable[tuple[str, str, list[str], str]]:
    """``(title, result rows, cells per column, reference)`` for each measure of ``size``."""
    for measure in MEASURES.values():
        figures = {b: results.get(size, measure.key, b) for b in COLUMNS}
        if not any(figures.values()):
            continue
        reference = figures["reference"]
        cells = [cell(figures[b], reference, measure.unit) for b in COLUMNS]
        counted = [f.rows for f in figures.values() if f is not None and f.rows is not None]
        shown = f"{counted[0]:,}" if counted and measure.unit == "s" else ""
        yield measure.title, shown, cells, measure.reference


def print_tables(results: Results, console: Any = None) -> None:
    """One table per size in the terminal (rich)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=max(150, Console().width))
    for size in sizes(results):
        table = Table(title=size_title(results, size), title_justify="left")
        table.add_column("figure")
        table.add_column("rows", justify="right")
        for column in COLUMNS:
            table.add_column(column, justify="right")
        table.add_column("reference is")
        for title, shown, cells, reference in rows(results, size):
            table.add_row(title, shown, *cells, reference)
        console.print(table)
    for check in targets(results):
        mark = {True: "met", False: "MISSED", None: "not measured"}[check.met]
        console.print(f"{mark:>12}  {check.target}: {check.measured}")


def markdown(results: Results) -> str:
    """The tables as Markdown (one per size), for the documentation."""
    out = []
    for size in sizes(results):
        out.append(f"**{size_title(results, size)}**\n")
        out.append("| figure | rows | " + " | ".join(COLUMNS) + " | reference is |")
        out.append("| --- | ---: | " + " | ".join("---:" for _ in COLUMNS) + " | --- |")
        for title, shown, cells, reference in rows(results, size):
            out.append(f"| {title} | {shown} | " + " | ".join(cells) + f" | {reference} |")
        out.append("")
    out.append("| target | measured | |")
    out.append("| --- | --- | --- |")
    for check in targets(results):
        mark = {True: "met", False: "**missed**", None: "not measured"}[check.met]
        out.append(f"| {check.target} | {check.measured} | {mark} |")
    return "\n".join(out) + "\n"


# -- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One target of the default path, with the figure measured and whether it was met."""

    target: str
    measured: str
    met: bool | None


def _value(results: Results, size: str | None, measure: str, backend: str) -> float | None:
    figure = results.get(size, measure, backend) if size else None
    return figure.value if figure is not None else None


def targets(results: Results) -> list[Check]:
    """The targets, checked at the largest generated size (and the real graph)."""
    generated = [s for s in sizes(results) if s != "real"]
    large = generated[-1] if generated else None
    small = next((s for s in generated if int(s) >= 10_000 and s != large), None)
    at = f" at {int(large):,} entities" if large else ""
    checks: list[Check] = []

    def check(
        target: str, value: float | None, unit: str, limit: float, below: bool = True
    ) -> None:
        if value is None:
            checks.append(Check(target, "not measured", None))
            return
        met = value <= limit if below else value >= limit
        checks.append(Check(target, format_value(value, unit), met))

    trace = results.get("real", "cli-trace", "oxigraph")
    rdflib = results.get("real", "cli-trace", "reference")
    r = ratio(trace, rdflib)
    if r is None:
        checks.append(Check("kazkg trace NAME ≤ python -c 'import rdflib'", "not measured", None))
    else:
        assert trace is not None and rdflib is not None
        checks.append(
            Check(
                "kazkg trace NAME ≤ python -c 'import rdflib'",
                f"{format_value(trace.value, 's')} vs {format_value(rdflib.value, 's')} "
                f"({format_ratio(r)})",
                r <= 1,
            )
        )
    check(
        f"lineage in-process < 1 ms{at}", _value(results, large, "lineage", "oxigraph"), "s", 0.001
    )
    for key, what in (("name-label", "label"), ("name-alias", "alias"), ("name-fuzzy", "fuzzy")):
        value = _value(results, large, key, "oxigraph")
        check(f"name resolution ({what}) < 5 ms{at}", value, "s", 0.005)
    ours = results.get(large, "aggregate", "oxigraph") if large else None
    theirs = results.get(large, "aggregate", "reference") if large else None
    speedup = ratio(theirs, ours)
    if speedup is None and ours is not None and ours.value and theirs is not None:
        speedup = float(results.config.get("timeout", 0)) / ours.value  # rdflib timed out
    checks.append(
        Check(
            f"aggregate ≥ 40× faster than rdflib{at}",
            "not measured" if speedup is None else f"{format_ratio(speedup)} faster",
            None if speedup is None else speedup >= 40,
        )
    )
    check(f"build (load) ≤ 30 s{at}", _value(results, large, "build", "oxigraph"), "s", 30)
    check(f"re-open a built store < 1 s{at}", _value(results, large, "open", "oxigraph"), "s", 1)
    check(
        f"query process ≤ 0.5 KB / triple{at}",
        _value(results, large, "memory", "oxigraph"),
        "B",
        512,
    )
    check(
        f"build peak ≤ 0.5 KB / triple{at}",
        _value(results, large, "build-memory", "oxigraph"),
        "B",
        512,
    )
    stable = results.get(large, "stable-3000", "oxigraph") if large else None
    if stable is None or stable.value is None:
        checks.append(Check("3,000 entities stabilise < 10 s and stop", "not measured", None))
    else:
        checks.append(
            Check(
                f"{stable.rows or 0:,} entities stabilise < 10 s and stop{at}",
                format_value(stable.value, "s")
                + (f" ({stable.note})" if stable.note else ", still"),
                stable.value < 10 and not stable.note,
            )
        )
    if small and large:
        a = results.get(small, "lineage", "oxigraph")
        b = results.get(large, "lineage", "oxigraph")
        growth = ratio(b, a)
        checks.append(
            Check(
                f"trace costs the same at {int(small):,} and {int(large):,} entities",
                "not measured" if growth is None else f"{format_ratio(growth)} the time",
                None if growth is None else growth <= 1.5,
            )
        )
        checks.append(_growth_check(results, generated[0], large))
    load = results.get("real", "load-throughput", "server")
    if load is not None:
        checks.append(
            Check(
                "8 clients against kazkg serve: every answer right",
                f"{load.rows or 0} requests, {load.note or 'all right'}",
                not load.note,
            )
        )
    return checks


def _growth_check(results: Results, small: str, large: str) -> Check:
    """No question's cost grows faster than its result between two sizes (within 2×).

    The aggregate is left out: it counts every entity and fact, so its work is the data's size.
    """
    offenders = []
    for question in QUESTIONS:
        if question == "aggregate":
            continue
        a = results.get(small, question, "oxigraph")
        b = results.get(large, question, "oxigraph")
        if a is None or b is None or not a.value or b.value is None:
            continue
        cost = b.value / a.value
        result = (b.rows or 1) / (a.rows or 1)
        if cost > 2 * max(1.0, result) and b.value > 0.001:
            offenders.append(f"{question} ({format_ratio(cost)} cost, {format_ratio(result)} rows)")
    return Check(
        f"no query's cost grows faster than its result ({int(small):,} → {int(large):,})",
        "; ".join(offenders) or "none does",
        not offenders,
    )


# -- plot -----------------------------------------------------------------------------------

PLOTTED = (
    ("lineage", "oxigraph", "lineage"),
    ("name-label", "oxigraph", "name: label"),
    ("name-fuzzy", "oxigraph", "name: fuzzy"),
    ("as-of", "oxigraph", "as-of"),
    ("aggregate", "oxigraph", "aggregate"),
    ("hardest-query", "oxigraph", "hardest query"),
    ("aggregate", "reference", "aggregate, rdflib"),
    ("as-of", "reference", "as-of, rdflib"),
)
PLOTTED_ONCE = (
    ("build", "oxigraph", "build"),
    ("open", "oxigraph", "re-open"),
    ("build", "reference", "rdflib parse"),
    ("push", "server", "push"),
    ("render-3000", "oxigraph", "render ego ~3000"),
    ("stable-3000", "oxigraph", "stabilise ~3000"),
)


def plot(results: Results, path: Path) -> None:
    """Cost against size (stored triples) on log-log axes: questions left, one-offs right."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    triples = {info.size: info.stored for info in results.sizes}
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    for axes, series, title in (
        (left, PLOTTED, "questions (median of repeated runs)"),
        (right, PLOTTED_ONCE, "loading, pushing, rendering"),
    ):
        for measure, backend, label in series:
            points = [
                (triples[size], f.value)
                for size in sorted(triples, key=lambda s: triples[s])
                if (f := results.get(size, measure, backend)) is not None and f.value
            ]
            if len(points) < 2:
                continue
            xs, ys = zip(*points, strict=True)
            style = "--" if backend == "reference" else "-"
            axes.plot(xs, ys, style, marker="o", label=label)
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("stored triples")
        axes.set_ylabel("seconds")
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
        if axes.lines:
            axes.legend(fontsize="small")
    machine = results.machine
    figure.suptitle(
        f"kazkg on {machine.get('cpus')} CPUs, {machine.get('memory_gib')} GiB · {results.started[:10]}"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


__all__ = ["Check", "markdown", "plot", "print_tables", "targets"]
