"""The ten examples of the "SPARQL-Einstieg" page: each a query that runs on the study dataset and
the pitfall of this vocabulary it shows (types without inference, language tags, prefixes, paging).

Each example is a ``.rq`` file whose first lines are ``# titel: …`` and ``# hinweis: …``; the rest is
the query as it is sent. This room reads files only: it imports nothing of koopgraph.

>>> [e.name for e in examples()][:2]
['01-kreisangehoerige-kommunen-mit-unterklassen', '02-namen-nur-auf-deutsch']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Example:
    """One example: file name without ``.rq``, German title, the pitfall it shows, the query."""

    name: str
    title: str
    hint: str
    sparql: str


def parse_example(name: str, text: str) -> Example:
    """The example in ``text``; ValueError names the file when a header line is missing."""
    header = {}
    lines = text.splitlines()
    while lines and lines[0].startswith("# ") and ":" in lines[0]:
        key, _, value = lines.pop(0)[2:].partition(":")
        header[key.strip()] = value.strip()
    if not {"titel", "hinweis"} <= header.keys():
        raise ValueError(f"{name}.rq: the first lines must be '# titel: …' and '# hinweis: …'")
    return Example(name, header["titel"], header["hinweis"], "\n".join(lines).strip() + "\n")


@cache
def examples() -> tuple[Example, ...]:
    """All examples, in file-name order."""
    folder = resources.files(__package__)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple(parse_example(f.name[:-3], f.read_text(encoding="utf-8")) for f in files)
