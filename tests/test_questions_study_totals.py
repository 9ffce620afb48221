"""Case-counting catalogue answers beside the study's printed totals (issue 16: "9 Fälle" where the study
counts 48 municipalities).

Expected values: the study's numbers from the study's plain text (KOOPGRAPH_STUDY_TEXT or
../shared/seed/, read by a section reader written here) where it is available, else from the dataset's
source table data/build/befunde.csv read with the csv module; the case counts from data/build/faelle.csv
(the coding table) read with the csv module; labels from the shipped files read with rdflib. Never from
the code under test.
"""

from __future__ import annotations

import csv
import os
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from koopgraph.graph.errors import QueryError
from koopgraph.graph.sparql.questions import catalogue, parse_question
from koopgraph.web.cli import main
from rdflib import Literal
from rdflib.namespace import RDFS
from study import REPO, study_graph

BUILD = REPO / "data" / "build"
STUDY_TEXT = Path(os.environ.get("KOOPGRAPH_STUDY_TEXT", REPO.parent / "shared" / "seed" /
                                 "zwei-welten-integrationspolitik-in-stadt-und-land.txt"))
LINKED = [(q.name, link) for q in catalogue().values() for link in q.study_links]
NUMBER_WORDS = {1: "eine?[rmn]?", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht",
                9: "neun", 10: "zehn", 11: "elf", 12: "zwölf"}
HEADING = re.compile(r"^(\d+(?:\.\d+)*) \S")


@cache
def printed_findings() -> dict[str, tuple[int, str]]:
    """slug → (value, section) of the count findings in the source table."""
    with open(BUILD / "befunde.csv", encoding="utf-8") as f:
        return {r["slug"]: (int(r["value"]), r["section"]) for r in csv.DictReader(f) if r["unit"] == "anzahl"}


@cache
def section_text(section: str) -> str:
    """The study's text of "§4.3.2.4" with its subsections: from its heading to the next heading outside it."""
    number = section.lstrip("§")
    lines = STUDY_TEXT.read_text(encoding="utf-8").splitlines()
    # headings are short lines "4.3.2.4 Title"; the last one is the chapter (the first is the table of contents)
    starts = [i for i, line in enumerate(lines) if line.startswith(number + " ") and len(line) < 150]
    assert starts, f"no heading {number} in the study text"
    body = []
    for line in lines[starts[-1] + 1:]:
        heading = HEADING.match(line)
        if heading and len(line) < 150 and not heading[1].startswith(number + "."):
            break
        body.append(line)
    return "\n".join(body)


def printed_in(text: str, value: int) -> bool:
    """Whether ``value`` stands in ``text`` as digits or as a German number word."""
    word = NUMBER_WORDS.get(value)
    return bool(re.search(rf"(?<![\d.,]){value}(?![\d,]|\.\d)", text)
                or (word and re.search(rf"\b{word}\b", text, re.IGNORECASE)))


def coded_cases(channel: str, level: str) -> int:
    """Distinct cases the coding table gives an influence via ``channel`` on ``level``."""
    with open(BUILD / "faelle.csv", encoding="utf-8") as f:
        return len({r["case"] for r in csv.DictReader(f)
                    if r["kind"] == "kooperation" and r["channel"] == channel and r["level"] == level})


def authorities_on_land_level() -> int:
    """The study's count of municipalities in contact with Land authorities (§4.3.2.4)."""
    if STUDY_TEXT.is_file():
        told = re.search(r"standen laut eigener Angaben (\d+) Kommunen", section_text("§4.3.2.4"))
        return int(told[1])
    return printed_findings()["kanal-behoerden-land"][0]


def test_the_authorities_channel_shows_the_studys_total_beside_its_cases(study_client):
    study, cases = authorities_on_land_level(), coded_cases("behoerden", "land")
    assert study > cases > 0   # the example: 48 municipalities, 9 cases
    told = f"Die Studie nennt {study} Kommunen (§4.3.2.4"
    page = study_client.get("/abfragen/einflusskanaele-auf-land-und-bund").get_data(as_text=True)
    assert told in page and f"hier gezählt: {cases} anonymisierte Fälle" in page
    assert "nicht die befragten Kommunen" in page
    data = study_client.get("/abfragen/einflusskanaele-auf-land-und-bund.json").get_json()["studie"]
    [compared] = [c for c in data["vergleiche"] if c["befund"].endswith("/kanal-behoerden-land")]
    assert (compared["studie_kommunen"], compared["faelle"], compared["abschnitt"]) == (study, cases, "§4.3.2.4")
    assert compared["satz"].startswith(told) and "Befragung" in data["warum"]
    listed = {q["name"]: q for q in study_client.get("/abfragen.json").get_json()["questions"]}
    assert {"befund": "https://w3id.org/koopgraph/id/befund/kanal-behoerden-land",
            "zeile": {"kanal": "Behörden von Bund und Land", "zielebene": "Land"}} \
        in listed["einflusskanaele-auf-land-und-bund"]["befunde"]
    rows = study_client.get("/abfragen/einflusskanaele-auf-land-und-bund.csv").get_data(as_text=True).splitlines()
    assert rows[0].endswith(";Laut Studie (Kommunen);Abschnitt der Studie")
    assert f"Behörden von Bund und Land;Land;{cases};{study};§4.3.2.4" in rows


def test_the_command_line_says_it_under_the_answer_on_stderr():
    study, cases = authorities_on_land_level(), coded_cases("behoerden", "land")
    done = CliRunner().invoke(main, ["query", "--store", "memory", "--format", "csv",
                                     "--question", "einflusskanaele-auf-land-und-bund"])
    assert done.exit_code == 0, done.output
    assert f"Behörden von Bund und Land,Land,{cases}" in done.stdout and "Studie" not in done.stdout
    assert "anonymisierte Fälle, nicht die befragten Kommunen" in done.stderr
    assert f"Die Studie nennt {study} Kommunen (§4.3.2.4" in done.stderr
    assert f"hier gezählt: {cases} anonymisierte Fälle" in done.stderr
    other = CliRunner().invoke(main, ["query", "--store", "memory", "--format", "csv",
                                      "--question", "kommunen-eines-landes", "--param", "land=Hessen"])
    assert other.exit_code == 0 and "Hinweis" not in other.stderr


@pytest.mark.skipif(not STUDY_TEXT.is_file(), reason="study text not available")
@pytest.mark.parametrize("name,link", LINKED, ids=[f"{n}-{link.finding}" for n, link in LINKED])
def test_each_linked_finding_is_printed_in_its_section_of_the_study(name, link):
    """Only printed totals are linked (not sums of parts such as 3 + 1); a total may stand where the
    section's parent takes it up again (87 with migration experience: 92 less five in §6.2.1, printed in §6.2.2)."""
    value, section = printed_findings()[link.finding]
    parent = section.rsplit(".", 1)[0]
    assert printed_in(section_text(section), value) or printed_in(section_text(parent), value), \
        f"{value} not in {section} of the study"


def test_every_link_names_a_count_finding_and_labels_the_data_have():
    labels = {str(o) for o in study_graph().objects(None, RDFS.label) if isinstance(o, Literal) and o.language == "de"}
    assert len(LINKED) >= 30
    for name, link in LINKED:
        assert link.finding in printed_findings(), f"{name}: {link.finding} is no count finding"
        for variable, label in link.match:
            assert label in labels, f"{name}: {variable}={label!r} is no German label in the data"


def test_every_case_counting_answer_says_what_it_counts_and_no_count_exceeds_the_study(study_client):
    counting = 0
    for name in catalogue():
        data = study_client.get(f"/abfragen/{name}.json").get_json()
        results = data["results"] or {}
        if "faelle" not in results.get("head", {}).get("vars", []):
            assert data.get("studie") is None, name
            continue
        counting += 1
        assert "anonymisierten Fälle" in data["studie"]["warum"], name
        for compared in data["studie"]["vergleiche"]:
            assert compared["faelle"] is not None, f"{name}: {compared['befund']} matches several rows"
            assert compared["faelle"] <= compared["studie_kommunen"], compared["satz"]
    assert counting >= 6


def test_a_narrowed_answer_gives_no_count_to_compare(study_client):
    data = study_client.get("/abfragen/einflusskanaele-auf-land-und-bund.json?kommunaltyp=landkreis&frage=1").get_json()
    assert data["studie"]["vergleiche"] and all(c["faelle"] is None for c in data["studie"]["vergleiche"])
    header = study_client.get("/abfragen/einflusskanaele-auf-land-und-bund.csv?kommunaltyp=landkreis").get_data(
        as_text=True)
    assert "Laut Studie" not in header.splitlines()[0]


@pytest.mark.parametrize("line", ["# befund: kanal-behoerden-land", "# befund: | kanal=Behörden",
                                  "# befund: x | kanal"])
def test_a_bad_befund_line_names_the_question(line):
    text = f"# title_de: t\n# title_en: t\n# description: d\n{line}\nSELECT * {{}}"
    with pytest.raises(QueryError, match=r"questions/probe\.rq: bad befund line"):
        parse_question("probe", text)
