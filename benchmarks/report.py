"""Present benchmark results: the terminal table, the targets met or missed, a Markdown table,
and the log-log plot of cost against size.

>>> format_value(0.00843, "s"), format_value(2.5, "s"), format_value(312.4, "B")
('8.4 ms', '2.50 s', '312 B')
>>> format_ratio(0.0213), format_ratio(45.0)
('0.021×', '45×')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.harness import BACKENDS, MEASURES, NAMED, Figure, Results
from benchmarks.questions import COUNTING, QUESTIONS

COLUMNS = (*BACKENDS, "reference")
HEADERS = {"memory": "rdflib (memory)", "server": "oxigraph serve"}
"""Column headers where they differ from the backend's key."""


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


def named_rows(results: Results) -> Iterable[tuple[str, list[str]]]:
    """``(query, cells per generated size)``: each named query's time and rows on the embedded
    store (what the check that cost follows the result reads)."""
    generated = [s for s in sizes(results) if s != "real"]
    names = sorted({f.measure for f in results.figures if f.measure.startswith(NAMED)})
    for name in names:
        cells = []
        for size in generated:
            figure = results.get(size, name, "oxigraph")
            if figure is None:
                cells.append("")
            elif figure.value is None:
                cells.append(f"— [{figure.note}]")
            else:
                cells.append(f"{format_value(figure.value, 's')} ({figure.rows or 0:,} rows)")
        yield name[len(NAMED) :], cells


def virtuoso_rows(results: Results) -> Iterable[tuple[str, list[str]]]:
    """``(question, cells per generated size)``: Virtuoso's time over ``oxigraph serve``'s on
    the same question over HTTP (below 1×: Virtuoso is faster)."""
    generated = [s for s in sizes(results) if s != "real"]
    for name in QUESTIONS:
        cells = []
        for size in generated:
            share = ratio(results.get(size, name, "virtuoso"), results.get(size, name, "server"))
            cells.append("" if share is None else format_ratio(share))
        if any(cells):
            yield MEASURES[name].title, cells
    for key, title in (("open", "load (bulk)"), ("memory", "server peak memory / triple")):
        cells = []
        for size in generated:
            share = ratio(results.get(size, key, "virtuoso"), results.get(size, key, "server"))
            cells.append("" if share is None else format_ratio(share))
        if any(cells):
            yield title, cells


def _by_size_tables(results: Results) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """The tables with one column per generated size: ``(title, first column, rows)``."""
    return [
        ("named queries on the embedded store (time, rows)", "query", list(named_rows(results))),
        ("Virtuoso ÷ oxigraph serve (time)", "figure", list(virtuoso_rows(results))),
    ]


def print_tables(results: Results, console: Any = None) -> None:
    """One table per size in the terminal (rich), then the per-size tables and the targets."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=max(150, Console().width))
    for size in sizes(results):
        table = Table(title=size_title(results, size), title_justify="left")
        table.add_column("figure")
        table.add_column("rows", justify="right")
        for column in COLUMNS:
            table.add_column(HEADERS.get(column, column), justify="right")
        table.add_column("reference is")
        for title, shown, cells, reference in rows(results, size):
            table.add_row(title, shown, *cells, reference)
        console.print(table)
    generated = [s for s in sizes(results) if s != "real"]
    for title, first, found in _by_size_tables(results):
        if not found:
            continue
        table = Table(title=title, title_justify="left")
        table.add_column(first)
        for size in generated:
            table.add_column(f"{int(size):,}", justify="right")
        for name, cells in found:
            table.add_row(name, *cells)
        console.print(table)
    for check in targets(results):
        mark = {True: "met", False: "MISSED", None: "not measured"}[check.met]
        console.print(f"{mark:>12}  {check.target}: {check.shown}")


def run_summary(results: Results) -> str:
    """One paragraph: when and on what the figures were measured, and the sizes."""
    machine = results.machine
    sized = ", ".join(
        f"{info.entities:,} entities ({info.stored:,} stored triples)" for info in results.sizes
    )
    return (
        f"Measured on {results.started[:10]} ({results.seconds / 60:.0f} minutes) on "
        f"{machine.get('cpus')} CPUs ({machine.get('cpu')}), {machine.get('memory_gib')} GiB, "
        f"{machine.get('system')}, Python {machine.get('python')}, pyoxigraph "
        f"{machine.get('pyoxigraph')}, rdflib {machine.get('rdflib')}; seed "
        f"{results.config.get('seed')}; {sized or 'no generated graph'}.\n"
    )


def markdown(results: Results, *, targets_table: bool = True) -> str:
    """The tables as Markdown (one per size, then the named queries and the targets)."""
    out = []
    for size in sizes(results):
        out.append(f"**{size_title(results, size)}**\n")
        out.append(
            "| figure | rows | "
            + " | ".join(HEADERS.get(c, c) for c in COLUMNS)
            + " | reference is |"
        )
        out.append("| --- | ---: | " + " | ".join("---:" for _ in COLUMNS) + " | --- |")
        for title, shown, cells, reference in rows(results, size):
            out.append(f"| {title} | {shown} | " + " | ".join(cells) + f" | {reference} |")
        out.append("")
    generated = [s for s in sizes(results) if s != "real"]
    for title, first, found in _by_size_tables(results):
        if not found:
            continue
        out.append(f"**{title[0].upper() + title[1:]}**\n")
        out.append(f"| {first} | " + " | ".join(f"{int(s):,}" for s in generated) + " |")
        out.append("| --- | " + " | ".join("---:" for _ in generated) + " |")
        out += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in found]
        out.append("")
    if targets_table:
        out.append(markdown_targets(results))
    return "\n".join(out) + "\n"


# -- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One target: what is promised, the figure measured against it, and whether it was met."""

    key: str
    """A short stable name (``build-validated``)."""
    target: str
    """The target in words, with where it is checked."""
    measured: float | None
    """The figure compared with ``limit`` (seconds, bytes, or a ratio), ``None``: not measured."""
    limit: float | None
    unit: str
    """``s``, ``B`` or ``×`` (a ratio)."""
    met: bool | None
    shown: str
    """The measured figure for people (with what it was compared with, where that helps)."""

    def record(self) -> dict[str, Any]:
        """``{name, measured, target, met}`` (and the key, unit and figure shown) for the JSON."""
        return {
            "name": self.target,
            "key": self.key,
            "measured": self.measured,
            "target": self.limit,
            "unit": self.unit,
            "met": self.met,
            "shown": self.shown,
        }


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    return f"{format_ratio(value)}" if unit == "×" else format_value(value, unit)


class _Targets:
    """The checks of one result set, at its largest generated size and on the real graph."""

    def __init__(self, results: Results) -> None:
        self.results = results
        generated = [s for s in sizes(results) if s != "real"]
        self.generated = generated
        self.large = generated[-1] if generated else None
        self.at = f" at {int(self.large):,} entities" if self.large else ""
        self.checks: list[Check] = []

    def value(
        self, measure: str, backend: str = "oxigraph", size: str | None = None
    ) -> float | None:
        figure = self.results.get(size or self.large or "", measure, backend)
        return figure.value if figure is not None else None

    def note(self, measure: str, backend: str = "oxigraph", size: str | None = None) -> str:
        figure = self.results.get(size or self.large or "", measure, backend)
        return f" [{figure.note}]" if figure is not None and figure.note else ""

    def below(self, key: str, target: str, value: float | None, unit: str, limit: float) -> None:
        met = None if value is None else value <= limit
        self.checks.append(Check(key, target, value, limit, unit, met, _shown(value, unit)))

    def at_least(
        self, key: str, target: str, value: float | None, limit: float, shown: str
    ) -> None:
        met = None if value is None else value >= limit
        self.checks.append(Check(key, target, value, limit, "×", met, shown))

    def against(self, key: str, target: str, measure: str, size: str, limit: float) -> None:
        """A command's time as a share of ``python -c 'import rdflib'`` measured beside it."""
        ours = self.results.get(size, measure, "oxigraph")
        theirs = self.results.get(size, measure, "reference")
        share = ratio(ours, theirs)
        shown = "not measured"
        if share is not None and ours is not None and theirs is not None:
            shown = (
                f"{format_value(ours.value, 's')} vs {format_value(theirs.value, 's')} "
                f"({format_ratio(share)})"
            )
        met = None if share is None else share <= limit
        self.checks.append(Check(key, target, share, limit, "×", met, shown))

    def build(self) -> None:
        at = self.at
        for key, measure, words, limit in (
            ("build-validated", "build-cli", "kazkg build (validated; new process)", 60.0),
            (
                "build-unvalidated",
                "build-novalidate-cli",
                "kazkg build --no-validate (new process)",
                30.0,
            ),
        ):
            value = self.value(measure)
            self.below(key, f"{words} ≤ {limit:g} s{at}", value, "s", limit)
            if value is None:
                self.checks[-1] = replace(
                    self.checks[-1], shown="not measured" + self.note(measure)
                )
        for key, measure, words in (
            ("build-memory-validated", "build-cli-memory", "kazkg build (validated)"),
            (
                "build-memory-unvalidated",
                "build-novalidate-cli-memory",
                "kazkg build --no-validate",
            ),
        ):
            self.below(
                key, f"{words}: peak ≤ 0.5 KB / stored triple{at}", self.value(measure), "B", 512
            )

    def start_up(self) -> None:
        self.against(
            "trace-start-real",
            "kazkg trace NAME ≤ 0.5× python -c 'import rdflib' (real graph)",
            "cli-trace",
            "real",
            0.5,
        )
        if self.large:
            self.against(
                "trace-start-large",
                f"kazkg trace NAME ≤ 0.6× python -c 'import rdflib'{self.at}",
                "cli-trace",
                self.large,
                0.6,
            )

    def in_process(self) -> None:
        at = self.at
        self.below("lineage", f"lineage in-process < 1 ms{at}", self.value("lineage"), "s", 0.001)
        self.below("trace", f"trace NAME in-process < 1 ms{at}", self.value("trace"), "s", 0.001)
        for key, what in (("name-label", "label"), ("name-alias", "alias")):
            self.below(key, f"name ({what}) < 5 ms{at}", self.value(key), "s", 0.005)
        self.below(
            "name-fuzzy", f"misspelt name, warm < 5 ms{at}", self.value("name-fuzzy"), "s", 0.005
        )
        self.below(
            "name-fuzzy-cold",
            f"misspelt name, first call < 100 ms{at}",
            self.value("name-fuzzy-cold"),
            "s",
            0.1,
        )
        self.below(
            "trace-typo",
            f"kazkg trace MISSPELT (new process) ≤ 0.5 s{at}",
            self.value("cli-trace-typo"),
            "s",
            0.5,
        )
        self.below("describe", f"describe an entity < 100 ms{at}", self.value("describe"), "s", 0.1)
        self.aggregate()

    def aggregate(self) -> None:
        """The aggregate against rdflib; where rdflib ran out of time (or could not even open
        the graph in time), the timeout is a lower bound of its time."""
        large = self.large or ""
        ours = self.results.get(large, "aggregate", "oxigraph")
        theirs = self.results.get(large, "aggregate", "reference")
        opened = self.results.get(large, "open", "memory")
        speedup = ratio(theirs, ours)
        shown = "not measured" if speedup is None else f"{format_ratio(speedup)} faster"
        timed_out = (theirs is not None and theirs.value is None) or (
            theirs is None and opened is not None and opened.value is None
        )
        if speedup is None and timed_out and ours is not None and ours.value:
            limit = float(self.results.config.get("timeout", 0))
            speedup = limit / ours.value
            what = "answer" if theirs is not None else "open the graph"
            shown = f"> {format_ratio(speedup)} faster (rdflib did not {what} within {limit:g} s)"
        self.at_least(
            "aggregate", f"aggregate ≥ 40× faster than rdflib{self.at}", speedup, 40, shown
        )

    def scaling(self) -> None:
        if len(self.generated) >= 2 and self.large:
            small = next((s for s in self.generated if int(s) >= 10_000 and s != self.large), None)
            if small:
                growth = ratio(
                    self.results.get(self.large, "lineage", "oxigraph"),
                    self.results.get(small, "lineage", "oxigraph"),
                )
                self.below(
                    "lineage-flat",
                    f"lineage costs the same at {int(small):,} and {int(self.large):,} entities",
                    growth,
                    "×",
                    1.5,
                )
            self.checks.append(_growth_check(self.results, self.generated[0], self.large))
        figure = self.results.get(self.large or "", "cli-render-focus", "oxigraph")
        self.below(
            "render-focus",
            f"kazkg render --focus NAME --depth 2 (new process) < 2 s{self.at}",
            figure.value if figure is not None else None,
            "s",
            2.0,
        )

    def explorer(self) -> None:
        at = self.at
        self.below(
            "suggestions",
            f"explorer suggestions < 20 ms (server time){at}",
            self.value("explorer-suggest"),
            "s",
            0.02,
        )
        self.below(
            "entity-page",
            f"explorer entity page < 100 ms (server time){at}",
            self.value("explorer-entity"),
            "s",
            0.1,
        )
        self.below(
            "entity-drawn-real",
            "the Agency's explorer page drawn < 1 s in Chromium (real graph)",
            self.value("explorer-drawn", size="real"),
            "s",
            1.0,
        )

    def servers(self) -> None:
        large = self.large or ""
        push = ratio(
            self.results.get(large, "push", "server"), self.results.get(large, "push", "reference")
        )
        self.below("push", f"kazkg push ≤ 2× oxigraph load{self.at}", push, "×", 2.0)
        pushed = ratio(
            self.results.get(large, "push-virtuoso", "virtuoso"),
            self.results.get(large, "push-virtuoso", "reference"),
        )
        self.below(
            "push-virtuoso", f"kazkg push ≤ 2× Virtuoso's bulk load{self.at}", pushed, "×", 2.0
        )
        self.below("reopen", f"re-open a built store < 1 s{self.at}", self.value("open"), "s", 1.0)
        self.below(
            "query-memory",
            f"query process ≤ 0.5 KB / triple{self.at}",
            self.value("memory"),
            "B",
            512,
        )
        load = self.results.get("real", "load-throughput", "server")
        if load is not None:
            self.checks.append(
                Check(
                    "load",
                    "8 clients against kazkg serve: every answer right",
                    float(load.rows or 0),
                    None,
                    "requests",
                    not load.note,
                    f"{load.rows or 0} requests, {load.note or 'all right'}",
                )
            )

    def pages(self) -> None:
        stable = self.results.get(self.large or "", "stable-3000", "oxigraph")
        if stable is None or stable.value is None:
            note = f" [{stable.note}]" if stable is not None and stable.note else ""
            self.checks.append(
                Check(
                    "page-3000",
                    "~3,000-entity page usable < 2 s in Chromium",
                    None,
                    2.0,
                    "s",
                    None,
                    "not measured" + note,
                )
            )
            return
        self.checks.append(
            Check(
                "page-3000",
                f"{stable.rows or 0:,}-entity page usable < 2 s in Chromium, then still{self.at}",
                stable.value,
                2.0,
                "s",
                stable.value < 2 and not stable.note,
                format_value(stable.value, "s")
                + (f" ({stable.note})" if stable.note else ", still"),
            )
        )


def targets(results: Results) -> list[Check]:
    """The targets, checked at the largest generated size (and on the real graph)."""
    found = _Targets(results)
    found.build()
    found.start_up()
    found.in_process()
    found.scaling()
    found.explorer()
    found.servers()
    found.pages()
    return found.checks


def target_records(results: Results) -> list[dict[str, Any]]:
    """:func:`targets` as the JSON records the results file keeps."""
    return [check.record() for check in targets(results)]


def _growth_check(results: Results, small: str, large: str) -> Check:
    """No named query's (nor question's) cost grows faster than its result between two sizes
    (within 2×; answers under 1 ms at the larger size are left out).

    The aggregates are left out: they count every entity and fact, so their work is the data's
    size whatever the answer.
    """
    names = [q for q in QUESTIONS if q not in COUNTING]
    names += sorted({f.measure for f in results.figures if f.measure.startswith(NAMED)})
    offenders = []
    worst = 0.0
    for name in names:
        a = results.get(small, name, "oxigraph")
        b = results.get(large, name, "oxigraph")
        if a is None or b is None or not a.value or b.value is None:
            continue
        cost = b.value / a.value
        result = (b.rows or 1) / (a.rows or 1)
        excess = cost / max(1.0, result)
        if b.value > 0.001:
            worst = max(worst, excess)
        if excess > 2 and b.value > 0.001:
            offenders.append(f"{name} ({format_ratio(cost)} cost, {format_ratio(result)} rows)")
    return Check(
        "cost-follows-result",
        f"no named query's cost grows faster than its result ({int(small):,} → {int(large):,})",
        worst,
        2.0,
        "×",
        not offenders,
        "; ".join(offenders) or f"none does (at most {format_ratio(worst)} its result's growth)",
    )


def markdown_targets(results: Results) -> str:
    """The targets as a Markdown table (the README's performance table)."""
    records = results.targets or target_records(results)
    out = ["| target | measured | |", "| --- | --- | --- |"]
    for record in records:
        mark = {True: "met", False: "**missed**", None: "not measured"}[record["met"]]
        out.append(f"| {record['name']} | {record['shown']} | {mark} |")
    return "\n".join(out) + "\n"


def replace_section(path: Path, name: str, text: str) -> None:
    """Put ``text`` between the ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` lines of
    ``path``; a :class:`KazkgError` if the markers are missing."""
    from kazkg.errors import KazkgError

    page = path.read_text(encoding="utf-8")
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    if begin not in page or end not in page:
        raise KazkgError(f"{path}: no {begin} … {end} section")
    head, rest = page.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{text}{end}{tail}", encoding="utf-8")


# -- plot -----------------------------------------------------------------------------------

PLOTTED = (
    ("lineage", "oxigraph", "lineage"),
    ("trace", "oxigraph", "trace NAME"),
    ("name-label", "oxigraph", "name: label"),
    ("name-fuzzy", "oxigraph", "name: misspelt"),
    ("as-of", "oxigraph", "as-of"),
    ("aggregate", "oxigraph", "aggregate"),
    ("aggregate-sparql", "oxigraph", "aggregate, SPARQL"),
    ("describe", "oxigraph", "describe"),
    ("hardest-query", "oxigraph", "hardest query"),
    ("aggregate", "reference", "aggregate, rdflib"),
    ("as-of", "reference", "as-of, rdflib"),
)
PLOTTED_ONCE = (
    ("build-cli", "oxigraph", "kazkg build (validated)"),
    ("build-novalidate-cli", "oxigraph", "kazkg build --no-validate"),
    ("build", "oxigraph", "build, no validation, in-process"),
    ("build", "reference", "rdflib parse"),
    ("open", "oxigraph", "re-open"),
    ("push", "server", "push"),
    ("push", "reference", "oxigraph load"),
    ("cli-trace", "oxigraph", "kazkg trace NAME"),
    ("cli-render-focus", "oxigraph", "render --focus --depth 2"),
    ("stable-3000", "oxigraph", "page ~3000 usable"),
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
        (right, PLOTTED_ONCE, "building, loading, commands, pages"),
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


__all__ = [
    "Check",
    "markdown",
    "markdown_targets",
    "named_rows",
    "plot",
    "print_tables",
    "replace_section",
    "run_summary",
    "target_records",
    "targets",
    "virtuoso_rows",
]
