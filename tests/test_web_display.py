"""Template helpers: German number formats and prefixed names."""

from __future__ import annotations

import pytest
from koopgraph.web.views.display import curie, de_fixed, de_number


@pytest.mark.parametrize("value,shown", [("125113", "125.113"), ("24.58", "24,58"), ("-3.5", "-3,5"),
                                         ("0", "0"), ("1234567.25", "1.234.567,25"), ("n/a", "n/a")])
def test_german_numbers(value, shown):
    assert de_number(value) == shown


@pytest.mark.parametrize("value,shown", [("4", "4,00"), ("10.9", "10,90"), ("2.755", "2,76")])
def test_fixed_decimals_put_back_what_the_store_dropped(value, shown):
    assert de_fixed(value, 2) == shown


def test_prefixed_names_use_the_longest_namespace():
    assert curie("https://w3id.org/koopgraph/ontology#inCounty") == "kg:inCounty"
    assert curie("https://w3id.org/koopgraph/id/land/bayern") == "kgid:land/bayern"
    assert curie("https://example.org/x") == "https://example.org/x"
