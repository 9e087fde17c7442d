"""Network layouts computed in Python, so a network page draws at once.

The browser then only draws: no physics runs while a page opens (the page's "physics" button
starts it on request).  Two steps:

1. **Rings.**  Each connected component is laid out around a centre (the focus, else its
   best-connected entity): one ring per relation away, each entity in an angular sector as wide
   as the number of entities beyond it, so branches do not cross.  The other components go in
   rows below the first, the largest first.  This costs ``O(n)``.
2. **Relaxation.**  The forces vis-network's ForceAtlas2 solver uses in the browser refine the
   rings (repulsion weighted by each entity's relations, springs along the relations, gravity to
   the middle); each step moves an entity by at most a temperature that cools.  Pairwise
   repulsion costs ``n²`` per step, so the number of steps is bounded by :data:`BUDGET` (pairs ×
   steps): a few hundred entities get a full relaxation, a few thousand keep their rings.

The result depends only on the network, not on chance or on the order of its entities.

>>> spots = positions(["a", "b", "c"], [("a", "b"), ("b", "c")], focus=["b"])
>>> spots["b"]
(0.0, 0.0)
>>> sorted(spots) == ["a", "b", "c"]
True
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

LIMIT = 20_000
"""The most entities laid out here; larger networks are left to the browser's physics."""

SPACING = 110.0
"""The ideal length of a relation, in the page's pixels at zoom 1."""

BUDGET = 15_000_000
"""Entity pairs × relaxation steps at most (a few tenths of a second)."""

_RING = 1.6
"""Distance between two rings, in ideal relation lengths."""

_GAP = 0.55
"""The least distance between two entities of the outermost ring, in ideal relation lengths."""

_REPULSION = 0.096
"""How strongly entities push each other apart (against springs of strength 1)."""

_GRAVITY = 0.133
"""How strongly each entity is drawn to the middle, per relation it has and unit of distance."""

_BLOCK = 2_000_000
"""How many entity pairs one block of the repulsion computes at once."""

Links = dict[int, list[int]]


def _neighbours(count: int, pairs: Sequence[tuple[int, int]]) -> Links:
    found: Links = {i: [] for i in range(count)}
    for a, b in pairs:
        found[a].append(b)
        found[b].append(a)
    return found


def _tree(roots: Sequence[int], links: Links) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Breadth-first from ``roots``: each reached entity's ring, and each one's children."""
    ring = dict.fromkeys(roots, 0)
    children: dict[int, list[int]] = defaultdict(list)
    queue = deque(roots)
    while queue:
        here = queue.popleft()
        for there in sorted(links[here]):
            if there not in ring:
                ring[there] = ring[here] + 1
                children[here].append(there)
                queue.append(there)
    return ring, children


def _weights(order: list[int], children: dict[int, list[int]]) -> dict[int, int]:
    """How many entities of the outer rings lie beyond each one (itself, for a leaf)."""
    weight: dict[int, int] = {}
    for node in reversed(order):
        weight[node] = max(1, sum(weight[c] for c in children.get(node, ())))
    return weight


def _rings(roots: Sequence[int], links: Links) -> dict[int, tuple[float, float]]:
    """Rings around ``roots`` (one component, or an ego network around several foci)."""
    ring, children = _tree(roots, links)
    order = sorted(ring, key=lambda n: (ring[n], n))
    weight = _weights(order, children)
    total = sum(weight[r] for r in roots)
    outer = max(ring.values())
    radius = [
        0.0 if r == 0 and len(roots) == 1 else max(r or 1, 1) * _RING for r in range(outer + 1)
    ]
    # the outermost ring must be long enough for its entities to stand apart
    needed = total * _GAP / (2 * math.pi)
    if outer and radius[outer] < needed:
        radius = [value * needed / radius[outer] for value in radius]
    sector: dict[int, tuple[float, float]] = {}
    start = 0.0
    for root in roots:
        width = 2 * math.pi * weight[root] / total
        sector[root] = (start, start + width)
        start += width
    place: dict[int, tuple[float, float]] = {}
    for node in order:
        low, high = sector[node]
        angle = (low + high) / 2
        place[node] = (radius[ring[node]] * math.cos(angle), radius[ring[node]] * math.sin(angle))
        at = low
        for child in children.get(node, ()):
            width = (high - low) * weight[child] / max(weight[node], 1)
            sector[child] = (at, at + width)
            at += width
    return place


def _components(count: int, links: Links, focus: Sequence[int]) -> list[list[int]]:
    """The groups laid out around their own centre: the focus's, then each other component
    (best-connected entity first), largest first."""
    seen: set[int] = set()
    groups: list[list[int]] = []
    if focus:
        reached, _ = _tree(focus, links)
        groups.append(list(focus))
        seen |= set(reached)
    rest = []
    for start in range(count):
        if start in seen:
            continue
        members, _ = _tree([start], links)
        seen |= set(members)
        centre = min(members, key=lambda n: (-len(links[n]), n))
        rest.append((len(members), centre))
    rest.sort(key=lambda item: (-item[0], item[1]))
    groups += [[centre] for _, centre in rest]
    return groups


def _start(count: int, links: Links, focus: Sequence[int]) -> np.ndarray:
    """Rings for every group: the first in the middle, the others in rows below it."""
    import numpy as np

    place = np.zeros((count, 2))
    groups = [_rings(roots, links) for roots in _components(count, links, focus)]
    extents = [max(math.hypot(x, y) for x, y in spots.values()) + _RING / 2 for spots in groups]
    width = max(2 * extents[0], 8 * _RING)
    left = -width / 2
    x, y, height = left, extents[0] + _RING, 0.0
    for number, spots in enumerate(groups):
        extent = extents[number]
        if number == 0:
            centre = (0.0, 0.0)
        else:
            if x + 2 * extent > width / 2 and x > left:
                x, y, height = left, y + height, 0.0
            centre = (x + extent, y + extent)
            x += 2 * extent
            height = max(height, 2 * extent)
        for node, (px, py) in spots.items():
            place[node] = (px + centre[0], py + centre[1])
    return place


def _repulsion(place: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """The sum of the pushes every entity gets from every other one: ``m_i / d``."""
    import numpy as np

    count = len(place)
    x, y = place[:, 0], place[:, 1]
    push = np.zeros_like(place)
    rows = max(1, _BLOCK // max(count, 1))
    for first in range(0, count, rows):
        dx = x[first : first + rows, None] - x[None, :]
        dy = y[first : first + rows, None] - y[None, :]
        weight = dx * dx
        weight += dy * dy
        weight += 1e-3
        np.reciprocal(weight, out=weight)
        push[first : first + rows, 0] = np.einsum("ij,ij->i", dx, weight)
        push[first : first + rows, 1] = np.einsum("ij,ij->i", dy, weight)
    push *= mass[:, None]
    return push


def _relax(
    place: np.ndarray, pairs: Sequence[tuple[int, int]], pinned: int | None, most: int
) -> None:
    """Force steps on ``place``, as many as :data:`BUDGET` allows, with vis-network's
    ForceAtlas2 forces: every other entity pushes ``m / d`` (``m`` is one more than the entity's
    relations), each relation is a spring of rest length 1, and gravity pulls ``m · r`` towards
    the middle (``r``: the distance to it)."""
    import numpy as np

    count = len(place)
    steps = min(most, BUDGET // (count * count))
    if steps < 3 or not pairs:
        return
    ends = np.array(pairs, dtype=np.int64)
    mass = np.bincount(ends.ravel(), minlength=count).astype(float) + 1.0
    scale = _REPULSION
    heat = _RING
    for step in range(steps):
        move = scale * _repulsion(place, mass)
        delta = place[ends[:, 0]] - place[ends[:, 1]]
        stretch = np.linalg.norm(delta, axis=1)
        np.maximum(stretch, 1e-9, out=stretch)
        delta *= ((stretch - 1.0) / stretch)[:, None]
        np.subtract.at(move, ends[:, 0], delta)
        np.add.at(move, ends[:, 1], delta)
        move -= (_GRAVITY * mass)[:, None] * place
        length = np.linalg.norm(move, axis=1)
        np.maximum(length, 1e-9, out=length)
        limit = heat * (1 - step / steps) ** 2 + 0.02
        place += move * (np.minimum(length, limit) / length)[:, None]
        if pinned is not None:
            place -= place[pinned]


def positions(
    nodes: Sequence[str],
    links: Iterable[tuple[str, str]],
    *,
    focus: Iterable[str] = (),
    steps: int = 150,
) -> dict[str, tuple[float, float]]:
    """A place on the page, in pixels, for each of ``nodes`` (IRIs), given the ``links``
    (pairs of IRIs; links to entities not in ``nodes`` are ignored).  A single ``focus``
    entity is placed at the origin, several around it.  ``steps`` bounds the relaxation (an
    ego network's rings need fewer)."""
    index = {iri: number for number, iri in enumerate(sorted(set(nodes)))}
    if not index:
        return {}
    pairs = sorted({(index[a], index[b]) for a, b in links if a in index and b in index and a != b})
    centre = sorted({index[iri] for iri in focus if iri in index})
    place = _start(len(index), _neighbours(len(index), pairs), centre)
    _relax(place, pairs, centre[0] if len(centre) == 1 else None, steps)
    return {
        iri: (round(float(place[i][0]) * SPACING, 1), round(float(place[i][1]) * SPACING, 1))
        for iri, i in index.items()
    }


__all__ = ["BUDGET", "LIMIT", "SPACING", "positions"]
