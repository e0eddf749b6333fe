"""Charts drawn on the server as inline SVG: a mention timeline and a co-occurrence network.

No script and no outside library: the SVG is built from escaped strings and styled by the
dashboard's CSS classes, so it works offline and under a strict Content-Security-Policy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Node:
    """A network node: its key (for the link), label, and weight (mentions)."""

    key: str
    label: str
    weight: int
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """An undirected edge between two node keys, weighted by co-occurring articles."""

    a: str
    b: str
    weight: int


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value``."""
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value


def timeline_svg(points: Sequence[tuple[str, int]], *, width: int = 720, height: int = 220,
                 title: str = "Sebutan per periode") -> Markup:
    """A bar chart of counts per period (periods in order, e.g. "2023-07" or "2023-07-28").

    Args:
        points: ``(period label, count)`` pairs in time order.
        width: SVG width in pixels.
        height: SVG height in pixels.
        title: accessible title of the chart.

    Returns:
        The SVG element as Markup.
    """
    if not points:
        return Markup('<p class="empty">Belum ada sebutan bertanggal.</p>')
    left, right, top, bottom = 44, 12, 14, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max(c for _, c in points))
    slot = plot_w / len(points)
    bar_w = max(1.0, min(40.0, slot * 0.7))
    parts = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        label = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    label_every = max(1, math.ceil(len(points) / 12))
    for i, (period, count) in enumerate(points):
        x = left + slot * i + (slot - bar_w) / 2
        h = plot_h * count / peak
        y = top + plot_h - h
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(period)}: {count}</title></rect>"
        )
        if i % label_every == 0:
            cx = left + slot * i + slot / 2
            parts.append(f'<text class="axis" x="{cx:.1f}" y="{top + plot_h + 16}" '
                         f'text-anchor="middle">{escape(period)}</text>')
    parts.append(f'<line class="axis-line" x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
                 f'y2="{top + plot_h}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _positions(center: str, keys: Sequence[str], size: int) -> dict[str, tuple[float, float]]:
    """The centre node in the middle, the others evenly on a circle around it."""
    mid = size / 2
    radius = size / 2 - 70
    pos = {center: (mid, mid)}
    others = [k for k in keys if k != center]
    for i, key in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(others))
        pos[key] = (mid + radius * math.cos(angle), mid + radius * math.sin(angle))
    return pos


def network_svg(center: str, nodes: Sequence[Node], edges: Sequence[Edge], *, size: int = 520,
                title: str = "Jaringan kemunculan bersama") -> Markup:
    """A radial co-occurrence network: the entity in the middle, co-occurring entities around it.

    Args:
        center: key of the node drawn in the middle.
        nodes: the nodes, the centre among them.
        edges: weighted edges between node keys (unknown keys are skipped).
        size: width and height of the square SVG.
        title: accessible title of the chart.

    Returns:
        The SVG element as Markup.
    """
    if len(nodes) < 2:
        return Markup('<p class="empty">Belum ada entitas yang muncul bersama.</p>')
    pos = _positions(center, [n.key for n in nodes], size)
    top_edge = max((e.weight for e in edges), default=1) or 1
    top_node = max(n.weight for n in nodes) or 1
    parts = [
        f'<svg class="chart network" viewBox="0 0 {size} {size}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for e in edges:
        if e.a not in pos or e.b not in pos or e.a == e.b:
            continue
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        w = 1 + 5 * e.weight / top_edge
        cls = "edge edge-center" if center in (e.a, e.b) else "edge"
        parts.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke-width="{w:.1f}"><title>{e.weight}</title></line>')
    for n in nodes:
        x, y = pos[n.key]
        r = 8 + 14 * math.sqrt(n.weight / top_node)
        cls = "node node-center" if n.key == center else "node"
        circle = (f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
                  f"<title>{escape(n.label)}: {n.weight}</title></circle>")
        label = (f'<text class="node-label" x="{x:.1f}" y="{y + r + 14:.1f}" text-anchor="middle">'
                 f"{escape(_short(n.label))}</text>")
        if n.href:
            parts.append(f'<a href="{escape(n.href)}">{circle}{label}</a>')
        else:
            parts.append(circle + label)
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 24) -> str:
    """A label cut to ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
