"""How network measures look in /netzwerk: node colour by a measure or community, node size by a measure.

Pure functions of the values, beside :mod:`koopgraph.web.style.network` (which gives each node type its
colour and shape): a measure replaces only the colour or the size, so the shape still tells the
node type. The sequential colours are ColorBrewer's "Blues" (light = low), ending in the app's own
accent blue family; communities take ColorBrewer's "Dark2" and "Paired" colours, largest community
first, and further communities a hue each from the golden angle, so no two share a colour.

>>> measure_colour(0, 0, 10), measure_colour(10, 0, 10)
('#c6dbef', '#08306b')
>>> measure_size(0, 0, 4), measure_size(1, 0, 4), measure_size(4, 0, 4)
(8.0, 24.0, 40.0)
"""

from __future__ import annotations

import colorsys
import math

SEQUENTIAL = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
CATEGORICAL = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",  # Dark2
               "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928",             # Paired, dark
               "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99")             # Paired, light
BORDER = "#1d2733"           # the app's ink colour: light fills stay visible on the white stage
UNMEASURED = "#e3e7ec"       # a node of the view that the measured network does not hold
UNMEASURED_BORDER = "#9aa5b1"
SIZE_MIN, SIZE_MAX = 8.0, 40.0
GOLDEN_ANGLE = 137.508


def scaled(value: float, low: float, high: float) -> float:
    """``value`` in [low, high] as a fraction 0…1 (0 when all values are equal)."""
    return 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))


def measure_class(value: float, low: float, high: float) -> int:
    """The colour class 0 … len(SEQUENTIAL)-1 of ``value``: equal intervals of [low, high]."""
    return min(len(SEQUENTIAL) - 1, math.floor(scaled(value, low, high) * len(SEQUENTIAL)))


def measure_colour(value: float, low: float, high: float) -> str:
    return SEQUENTIAL[measure_class(value, low, high)]


def measure_size(value: float, low: float, high: float) -> float:
    """Node size (radius): above the smallest size it grows with the square root of the value,
    so the drawn area follows the value, not its square."""
    return round(SIZE_MIN + (SIZE_MAX - SIZE_MIN) * math.sqrt(scaled(value, low, high)), 2)


def community_colour(index: int) -> str:
    """The colour of community ``index`` (0 = largest); distinct for every index."""
    if index < len(CATEGORICAL):
        return CATEGORICAL[index]
    hue = (GOLDEN_ANGLE * index) % 360 / 360
    lightness = (0.38, 0.55, 0.7)[index % 3]
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.6)
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in (red, green, blue)))


def vis_colour(fill: str, border: str = BORDER) -> dict:
    """A vis-network colour object: the fill, and the same fill when selected or hovered."""
    return {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"}}


def german_number(value: float) -> str:
    """A measure value in German notation, about three significant digits.

    >>> german_number(0.04567), german_number(12), german_number(1234.5)
    ('0,0457', '12', '1.234,5')
    """
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.1f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def range_label(low: float, high: float, step: float | None = None) -> str:
    """``low – high`` in German notation, rounded to what ``step`` (default: the range) can tell apart.

    >>> range_label(8.09e-09, 0.7071), range_label(2, 50)
    ('0 – 0,707', '2 – 50')
    """
    step = step if step is not None else high - low
    if step <= 0:
        return german_number(low)
    digits = max(0, 2 - math.floor(math.log10(step)))
    return f"{german_number(round(low, digits) + 0.0)} – {german_number(round(high, digits))}"


def colour_legend(low: float, high: float) -> list[dict]:
    """One entry per colour class: its colour and its interval of values."""
    if high <= low:
        return [{"color": SEQUENTIAL[0], "label": german_number(low)}]
    step = (high - low) / len(SEQUENTIAL)
    return [{"color": colour, "label": range_label(low + i * step, low + (i + 1) * step, step)}
            for i, colour in enumerate(SEQUENTIAL)]


# What the parts of a grouping measure are called (singular, plural).
GROUP_NOUNS = {"community": ("Gemeinschaft", "Gemeinschaften"), "component": ("Komponente", "Komponenten")}


def group_legend(values: dict, measure: str = "community") -> list[dict]:
    """One entry per community or component (largest first): colour, number, size and member ids."""
    members: dict[int, list[str]] = {}
    for node, index in values.items():
        members.setdefault(index, []).append(node)
    noun = GROUP_NOUNS.get(measure, ("Gruppe", "Gruppen"))[0]
    return [{"color": community_colour(i), "label": f"{noun} {i + 1}", "index": i,
             "size": len(members[i]), "members": sorted(members[i])} for i in sorted(members)]


def node_looks(nodes, size_values: dict | None, colour_values: dict | None, categorical: bool) -> list[dict]:
    """vis-network updates (id, colour, size) for ``nodes`` from the chosen measures' values."""
    size_range = (min(size_values.values()), max(size_values.values())) if size_values else None
    colour_range = (min(colour_values.values()), max(colour_values.values())) \
        if colour_values and not categorical else None
    looks = []
    for node in nodes:
        look = {"id": node}
        if size_values is not None:
            look["size"] = measure_size(size_values[node], *size_range)
        if colour_values is not None:
            fill = community_colour(colour_values[node]) if categorical \
                else measure_colour(colour_values[node], *colour_range)
            look["color"] = vis_colour(fill)
        looks.append(look)
    return looks
