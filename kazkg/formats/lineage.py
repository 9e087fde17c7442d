"""A lineage as readable text (one block per body, in time order) or as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kazkg.formats.terminal import curie

if TYPE_CHECKING:
    from kazkg.query.trace import Lineage


def _bound(date: str | None, occasion: str | None, qualifier: str) -> str | None:
    """A span's bound as text: the occasion a change is dated by (with the date that bounds it)
    where the source gives only an occasion, else the date."""
    if occasion and date:
        return f"{occasion} ({qualifier} {date})"
    return occasion or date


def _span(
    start: str | None,
    end: str | None,
    start_occasion: str | None = None,
    end_occasion: str | None = None,
) -> str:
    left = _bound(start, start_occasion, "not before") or "?"
    right = _bound(end, end_occasion, "not after") or ""
    return f"{left} – {right}".rstrip()


def lineage_text(lineage: Lineage) -> str:
    """The lineage as readable text: one block per body, in time order."""
    focus = (
        lineage.step(lineage.entity)
        if any(s.iri == lineage.entity for s in lineage.steps)
        else None
    )
    heading = f"Lineage of {focus.label if focus else lineage.entity} ({curie(lineage.entity)})"
    if lineage.as_of:
        heading += f", as of {lineage.as_of}"
    lines = [heading, ""]
    for number, step in enumerate(lineage.steps, start=1):
        marker = ""
        if lineage.as_of is not None:
            marker = f"   <- held the line's function on {lineage.as_of}" if step.current else ""
        lines.append(f"{number}. {step.label}{marker}")
        lines.append(f"   {curie(step.iri)}")
        lines.append(
            f"   dates:  {_span(step.start, step.end, step.start_occasion, step.end_occasion)}"
        )
        for parent in step.parents:
            when = (
                _span(parent.start, parent.end)
                if parent.start or parent.end
                else "dates not stated"
            )
            lines.append(f"   parent: {parent.label} ({when})")
        for change in step.events:
            kind = change.kind_label or (curie(change.kind) if change.kind else "succession")
            lines.append(f"   -> {kind} ({change.when}) into {change.to_label}")
            lines += [f"      “{quote}”" for quote in change.evidence]
        lines.append("")
    return "\n".join(lines)


def lineage_json(lineage: Lineage) -> str:
    """The lineage as indented JSON (see :meth:`kazkg.query.trace.Lineage.to_json`)."""
    data: dict[str, Any] = lineage.to_json()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
