"""How measures look in /netzwerk: pure functions of the values (web/style/measures.py)."""

from __future__ import annotations

import pytest
from koopgraph.web.style import measures


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.x) of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_higher_values_get_darker_colours():
    shades = [luminance(c) for c in measures.SEQUENTIAL]
    assert shades == sorted(shades, reverse=True) and len(set(shades)) == len(shades)
    values = [0, 0.5, 1.7, 3.3, 5, 6.9, 8.4, 10]
    classes = [measures.measure_class(v, 0, 10) for v in values]
    assert classes == sorted(classes) and classes[0] == 0 and classes[-1] == len(measures.SEQUENTIAL) - 1


def test_each_value_takes_the_colour_of_the_legend_interval_holding_it():
    low, high = 0.0, 0.6
    legend = measures.colour_legend(low, high)
    assert [entry["color"] for entry in legend] == list(measures.SEQUENTIAL)
    step = (high - low) / len(legend)
    for i in range(61):
        value = low + (high - low) * i / 60
        holding = min(int((value - low) / step + 1e-9), len(legend) - 1)
        assert measures.measure_colour(value, low, high) == legend[holding]["color"], value
    assert legend[0]["label"] == "0 – 0,1" and legend[-1]["label"] == "0,5 – 0,6"


def test_all_equal_values_look_the_same_and_smallest():
    assert measures.measure_colour(3, 3, 3) == measures.SEQUENTIAL[0] and measures.measure_size(3, 3, 3) == measures.SIZE_MIN
    assert measures.colour_legend(3, 3) == [{"color": measures.SEQUENTIAL[0], "label": "3"}]


def test_node_area_follows_the_value():
    sizes = {v: measures.measure_size(v, 0, 100) for v in (0, 25, 100)}
    assert sizes[0] == measures.SIZE_MIN and sizes[100] == measures.SIZE_MAX
    above = {v: s - measures.SIZE_MIN for v, s in sizes.items()}
    assert above[100] ** 2 / above[25] ** 2 == pytest.approx(100 / 25)


def test_every_community_has_its_own_colour():
    colours = [measures.community_colour(i) for i in range(300)]
    assert len(set(colours)) == len(colours)
    assert all(len(c) == 7 and c.startswith("#") for c in colours)
    assert measures.UNMEASURED not in colours


def test_the_group_legend_lists_each_part_once_largest_first():
    values = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 2}
    legend = measures.group_legend(values, "component")
    assert [(e["label"], e["size"], e["members"]) for e in legend] == [
        ("Komponente 1", 3, ["a", "b", "c"]), ("Komponente 2", 2, ["d", "e"]), ("Komponente 3", 1, ["f"])]
    assert [e["color"] for e in legend] == [measures.community_colour(i) for i in range(3)]


def test_node_looks_change_only_what_was_chosen():
    nodes = ["a", "b"]
    sized = measures.node_looks(nodes, {"a": 1, "b": 3}, None, False)
    assert sized == [{"id": "a", "size": measures.SIZE_MIN}, {"id": "b", "size": measures.SIZE_MAX}]
    coloured = measures.node_looks(nodes, None, {"a": 1, "b": 0}, True)
    assert [c["color"]["background"] for c in coloured] == [measures.community_colour(1), measures.community_colour(0)]
    assert all("size" not in c for c in coloured)


@pytest.mark.parametrize("value, text", [(0, "0"), (12, "12"), (1234567, "1.234.567"), (0.0457123, "0,0457"),
                                         (0.5, "0,5"), (2.25, "2,25"), (1234.56, "1.234,6")])
def test_numbers_are_written_the_german_way(value, text):
    assert measures.german_number(value) == text


def test_the_module_examples_hold():
    import doctest

    assert doctest.testmod(measures).failed == 0
