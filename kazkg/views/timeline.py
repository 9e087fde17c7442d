"""The succession timeline: one bar per body of a lineage over its lifespan (matplotlib).

Each body of a :class:`~kazkg.query.trace.Lineage` is a row with a bar from its start to its end,
the bodies it was part of (its parents) as thin grey bars under it, and an arrow from each body
to the next labelled with the kind and date of the change.  Every date comes from the graph.
Where the graph ties a change to an undated occasion ("with the collapse of the Soviet Union"),
the occasion is placed before the first dated point behind an axis break and named on the axis;
a start the graph does not state is drawn as a dotted lead-in, an end it does not state as an
arrow running on.

>>> frac_year("2014-08"), frac_year("2011"), round(frac_year("2010-07-02"), 2)
(2014.5833333333333, 2011.0, 2010.5)
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kazkg.errors import KazkgError
from kazkg.extras import require
from kazkg.query.trace import Lineage, Step
from kazkg.schema import default_schema
from kazkg.vocab import KZ

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = ("svg", "png", "pdf")
"""Output formats, chosen by the file's suffix."""


def _body_color() -> str:
    """The colour state bodies are drawn in, as the schema's display styles give it."""
    return default_schema().family(KZ.StateBody).color


_PARENT_COLOR = "#a0aec0"
_ARROW_COLOR = "#2d3748"
_OCCASION_GAP = 3.0
"""Years of axis between an undated occasion and the next position (not a duration)."""


def frac_year(date: str) -> float:
    """An ISO date of year, month or day precision as a fractional year."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return float(parts[0])
    if len(parts) == 2:
        return parts[0] + (parts[1] - 1) / 12
    day = datetime.date(parts[0], parts[1], parts[2])
    start = datetime.date(parts[0], 1, 1)
    length = (datetime.date(parts[0] + 1, 1, 1) - start).days
    return parts[0] + (day - start).days / length


@dataclass
class _Scale:
    """Where dates and undated occasions fall on the x axis."""

    dated_from: float
    dated_to: float
    occasions: dict[str, float]
    open_start: float
    open_end: float

    @classmethod
    def of(cls, lineage: Lineage) -> _Scale:
        dates = [
            frac_year(d)
            for step in lineage.steps
            for d in (
                step.start,
                step.end,
                *(c.date for c in step.events),
                *(p.start for p in step.parents),
                *(p.end for p in step.parents),
            )
            if d
        ]
        if lineage.as_of:
            dates.append(frac_year(lineage.as_of))
        low, high = (min(dates), max(dates)) if dates else (0.0, 0.0)
        occasions: dict[str, float] = {}
        for step in lineage.steps:
            for name in (
                step.start_occasion,
                step.end_occasion,
                *(c.occasion_label for c in step.events if not c.date),
            ):
                if name and name not in occasions:
                    occasions[name] = 0.0
        for number, name in enumerate(reversed(list(occasions))):
            occasions[name] = low - _OCCASION_GAP * (number + 1)
        leftmost = min([low, *occasions.values()])
        return cls(low, high, occasions, leftmost - 2.0, high + 1.5)

    def start(self, step: Step) -> tuple[float, bool]:
        """Where ``step``'s bar starts, and whether the graph states that start."""
        if step.start:
            return frac_year(step.start), True
        if step.start_occasion:
            return self.occasions[step.start_occasion], True
        return self.open_start, False

    def end(self, step: Step) -> tuple[float, bool]:
        """Where ``step``'s bar ends, and whether the graph states that end."""
        if step.end:
            return frac_year(step.end), True
        if step.end_occasion:
            return self.occasions[step.end_occasion], True
        return self.open_end, False


def _span_text(start: str | None, end: str | None) -> str:
    return f"{start or '?'} – {end or ''}".strip()


def _row_label(step: Step) -> str:
    """The body's name, wrapped, over its dates."""
    span = _span_text(step.start or step.start_occasion, step.end or step.end_occasion)
    return textwrap.fill(step.label, 46, break_on_hyphens=False) + "\n" + span


def timeline_figure(lineage: Lineage, *, title: str | None = None) -> Figure:
    """A matplotlib figure of ``lineage`` (no pyplot state is touched)."""
    from matplotlib.figure import Figure

    if not lineage.steps:
        raise KazkgError(f"nothing to draw: the lineage of {lineage.entity} has no bodies")
    scale = _Scale.of(lineage)
    rows: list[tuple[str, str, bool]] = []  # (label, kind, emphasised)
    positions: dict[str, float] = {}
    for step in lineage.steps:
        positions[step.iri] = len(rows)
        rows.append((_row_label(step), "body", step.iri == lineage.entity))
        for parent in step.parents:
            rows.append(
                (
                    textwrap.fill("under " + parent.label, 50, break_on_hyphens=False),
                    "parent",
                    False,
                )
            )

    height = 1.2 + 0.42 * len(rows) + 0.25 * sum(r[0].count("\n") for r in rows)
    figure = Figure(figsize=(13, max(3.0, height)), layout="constrained")
    axes = figure.add_subplot()
    _draw_rows(axes, lineage, scale, positions)
    _draw_axis(axes, lineage, scale, rows)
    _draw_legend(figure, lineage, scale)
    figure.suptitle(
        title or f"Line of succession of {_focus_label(lineage)}", fontsize=13, x=0.01, ha="left"
    )
    return figure


def _draw_legend(figure: Figure, lineage: Lineage, scale: _Scale) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=_body_color(), label="body, over its lifespan"),
        Patch(color=_PARENT_COLOR, label="body it was part of"),
        Line2D(
            [], [], color=_ARROW_COLOR, marker=">", markersize=5, label="succession (kind, date)"
        ),
    ]
    if any(scale.start(step)[1] is False for step in lineage.steps):
        handles.append(
            Line2D(
                [], [], color=_body_color(), linestyle=":", linewidth=4, label="start not stated"
            )
        )
    if any(scale.end(step)[1] is False for step in lineage.steps):
        handles.append(
            Line2D([], [], color=_body_color(), marker=">", linewidth=2, label="no end stated")
        )
    figure.legend(
        handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8, frameon=False
    )


def _focus_label(lineage: Lineage) -> str:
    for step in lineage.steps:
        if step.iri == lineage.entity:
            return step.label
    return lineage.entity


def _draw_rows(axes: Axes, lineage: Lineage, scale: _Scale, positions: dict[str, float]) -> None:
    for step in lineage.steps:
        y = positions[step.iri]
        start, start_known = scale.start(step)
        end, end_known = scale.end(step)
        if not start_known:
            axes.plot(
                [start, start + 1.0],
                [y, y],
                linestyle=":",
                linewidth=6,
                color=_body_color(),
                alpha=0.6,
            )
            start += 1.0
        emphasised = step.iri == lineage.entity or step.current is True
        axes.barh(
            y,
            max(end - start, 0.08),
            left=start,
            height=0.5,
            color=_body_color(),
            alpha=1.0 if emphasised or step.current is None else 0.45,
            edgecolor="#1a202c" if step.iri == lineage.entity else _body_color(),
            linewidth=1.5,
            gid=f"body {step.iri}",
        )
        if not end_known:
            axes.annotate(
                "",
                xy=(end + 0.6, y),
                xytext=(end, y),
                arrowprops={"arrowstyle": "-|>", "color": _body_color(), "linewidth": 2},
            )
        for number, parent in enumerate(step.parents, start=1):
            p_start = frac_year(parent.start) if parent.start else start
            p_end = frac_year(parent.end) if parent.end else end
            axes.barh(
                y + number,
                max(p_end - p_start, 0.08),
                left=p_start,
                height=0.22,
                color=_PARENT_COLOR,
                gid=f"parent {step.iri} {parent.iri}",
            )
            axes.text(
                p_end + 0.1,
                y + number,
                _span_text(parent.start, parent.end)
                if parent.start or parent.end
                else "dates not stated",
                va="center",
                fontsize=8,
                color="#718096",
            )
        for change in step.events:
            if change.to not in positions:
                continue
            target = next(s for s in lineage.steps if s.iri == change.to)
            x_to, _ = scale.start(target)
            y_to = positions[change.to]
            axes.annotate(
                "",
                xy=(x_to, y_to - 0.27),
                xytext=(end, y + 0.27),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": _ARROW_COLOR,
                    "linewidth": 1.2,
                    "connectionstyle": "arc3,rad=-0.25",
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )
            words = [w for w in (change.kind_label, change.date) if w]
            axes.text(
                x_to + 0.3,
                y_to - 0.33,
                ", ".join(words),
                fontsize=8,
                color=_ARROW_COLOR,
                va="bottom",
                style="italic",
            )


def _draw_axis(
    axes: Axes, lineage: Lineage, scale: _Scale, rows: list[tuple[str, str, bool]]
) -> None:
    axes.set_ylim(len(rows) - 0.4, -0.9)
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([label for label, _, _ in rows])
    for tick, (_, kind, emphasised) in zip(axes.get_yticklabels(), rows, strict=True):
        if kind == "parent":
            tick.set_color("#718096")
            tick.set_fontsize(8)
            tick.set_fontstyle("italic")
        else:
            tick.set_fontsize(9)
            tick.set_fontweight("bold" if emphasised else "normal")
    axes.tick_params(axis="y", length=0)
    left = scale.open_start - 0.3
    right = scale.open_end + 1.2
    axes.set_xlim(left, right)
    ticks: list[float] = []
    labels: list[str] = []
    if scale.dated_to or scale.dated_from:
        first, last = int(scale.dated_from), int(scale.dated_to) + 1
        step = 1 if last - first <= 12 else 2 if last - first <= 24 else 5
        for year in range(first, last + 1, step):
            ticks.append(float(year))
            labels.append(str(year))
    for name, x in scale.occasions.items():
        ticks.append(x)
        labels.append(textwrap.fill(name, 16) + "\n(no date)")
        axes.axvline(x, color="#cbd5e0", linestyle="--", linewidth=1, zorder=0)
    if scale.occasions:
        gap = scale.dated_from - _OCCASION_GAP / 2
        axes.axvspan(gap - 0.12, gap + 0.12, color="#edf2f7", zorder=0)
        axes.text(
            gap, len(rows) - 0.45, "//", ha="center", va="bottom", color="#a0aec0", fontsize=12
        )
    axes.set_xticks(ticks)
    axes.set_xticklabels(labels, fontsize=8)
    axes.grid(axis="x", color="#edf2f7", zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    if lineage.as_of:
        x = frac_year(lineage.as_of)
        axes.axvline(x, color="#c53030", linestyle="--", linewidth=1.2)
        axes.text(
            x,
            -0.85,
            f"as of {lineage.as_of}",
            color="#c53030",
            fontsize=8,
            ha="center",
            va="bottom",
        )


def write_timeline(lineage: Lineage, path: Path, *, title: str | None = None) -> None:
    """Draw ``lineage`` into ``path``; the suffix chooses the format (svg, png or pdf)."""
    matplotlib = require("matplotlib", "views")
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise KazkgError(f"{path}: unknown image format {fmt!r}; use .svg, .png or .pdf")
    with matplotlib.rc_context({"svg.hashsalt": "kazkg", "svg.fonttype": "none"}):
        figure = timeline_figure(lineage, title=title)
        metadata = {"Date": None} if fmt in ("svg", "pdf") else {}
        figure.savefig(path, format=fmt, dpi=150, metadata=metadata)
