"""`koopgraph import`: the example imports; each broken workbook gives its message at its row and column
and leaves the store byte for byte as it was; replace, dry run, round trip, CSV in Windows-1252."""

from __future__ import annotations

import copy
import runpy
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import dump
from koopgraph.graph.errors import ImportFailed
from koopgraph.graph.imports.diff import graph_triples
from koopgraph.graph.imports.export import export_template
from koopgraph.graph.imports.run import graph_for, import_files
from koopgraph.graph.imports.template import write_template
from koopgraph.graph.namespaces import ID, KG
from koopgraph.graph.store import open_store
from koopgraph.web.cli import main
from processes import run_or_kill
from rdflib import URIRef

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data" / "beispiele" / "partner-ravensburg-erfunden.xlsx"
ROWS = runpy.run_path(str(REPO / "data" / "beispiele" / "erzeugen.py"))
# the official IRIs (ARS) from the Gemeindeverzeichnis 31.12.2019 (data/build/amtlich/gv-auszug-2019-12-31.csv)
AULENDORF, VOGT = ID["gemeinde/084360008008"], ID["gemeinde/084365006078"]
COLUMNS = ["Von", "An", "Art", "Aufgaben", "Kanal", "Zielebene", "Beginn", "Ende", "Beleg", "Notiz"]
ACTOR_COLUMNS = ["ID", "Name", "Art", "Ort oder AGS", "Ebene", "Website", "Notiz"]


@pytest.fixture
def store(shipped_store_dir):
    handle = open_store(shipped_store_dir)
    yield handle
    handle.close()


def rows(actors=None, relations=None):
    a = copy.deepcopy(ROWS["ACTORS"] if actors is None else actors)
    r = copy.deepcopy(ROWS["RELATIONS"] if relations is None else relations)
    return a, r


def workbook(path: Path, actors, relations) -> Path:
    write_template(path, {n: row for n, row in enumerate(actors, start=2)},
                   {n: row for n, row in enumerate(relations, start=2)})
    return path


def relation_cell(relations, row: int, column: str, value):
    relations[row - 2][COLUMNS.index(column)] = value


def test_the_example_imports_into_the_studys_model(store):
    result = import_files(store, [EXAMPLE], name="beispiel", by="Test")
    assert (result.rows, result.actors, result.relations) == (26, 11, 15)
    graph = graph_for("beispiel")
    triples = graph_triples(store, graph)
    # the county supports Aulendorf (task Beratung): the study's kg:supports edge, from the ontology's rule
    assert (ID["kreis/08436"], KG.supports, AULENDORF) in triples
    # exchange within the county: kg:exchangesWith from the "Von" side
    assert (AULENDORF, KG.exchangesWith, VOGT) in triples
    # scaling-up: the path case -> channel -> level, here from Aulendorf
    channel = ID["konzept/einflusskanal/wahlkreisabgeordnete"]
    assert (AULENDORF, KG.influencesVia, channel) in triples and (channel, KG.addressesLevel, ID["konzept/ebene/land"]) in triples
    # provenance: file name, checksum, who, template version
    names = {str(o) for s, p, o in triples if p == KG.fileName}
    assert names == {EXAMPLE.name}
    import hashlib
    assert {str(o) for s, p, o in triples if p == KG.sha256} == {hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()}


# Each broken workbook: how to break the example's rows, and the (row, column, words) it must report.
def _unknown_kind(a, r): relation_cell(r, 4, "Art", "Austaush im Landkreis")
def _unknown_reference(a, r): relation_cell(r, 6, "Von", "Aulendrof")
def _end_before_start(a, r): relation_cell(r, 5, "Beginn", "2019"); relation_cell(r, 5, "Ende", "05/2018")
def _no_such_day(a, r): relation_cell(r, 3, "Beginn", "31.02.2020")
def _duplicate_id(a, r): a[3][0] = "KS"
def _empty_required(a, r): a[1][1] = ""
def _tasks_outside_county(a, r): relation_cell(r, 7, "Aufgaben", "Beratung")


BROKEN = {
    "unknown kind": (_unknown_kind, "Beziehungen", 4, "Art", "meinten Sie »Austausch im Landkreis«"),
    "unknown reference": (_unknown_reference, "Beziehungen", 6, "Von", "meinten Sie »Aulendorf«"),
    "end before start": (_end_before_start, "Beziehungen", 5, "Ende", "nicht vor dem Beginn"),
    "31.02.2020": (_no_such_day, "Beziehungen", 3, "Beginn", "der Februar 2020 hat 29 Tage"),
    "duplicate ID": (_duplicate_id, "Akteure", 5, "ID", "schon in Zeile 2"),
    "empty required cell": (_empty_required, "Akteure", 3, "Name", "Pflichtspalte Name"),
    "tasks outside county relations": (_tasks_outside_county, "Beziehungen", 7, "Aufgaben", "Landkreis – kreisangehörige Kommune"),
}


def expect_refusal(store, path: Path, sheet: str, row, column, words: str, **options):
    before = dump(store)
    with pytest.raises(ImportFailed) as caught:
        import_files(store, [path], name="kaputt", **options)
    lines = [str(p) for p in caught.value.problems]
    where = path.name + (f", Blatt {sheet}" if sheet else "") + (f", Zeile {row}" if row else "") + \
        (f", Spalte {column}" if column else "")
    assert any(line.startswith(where) and words in line for line in lines), lines
    assert dump(store) == before


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_row_is_named_and_nothing_is_written(store, tmp_path, case):
    breaks, sheet, row, column, words = BROKEN[case]
    actors, relations = rows()
    breaks(actors, relations)
    expect_refusal(store, workbook(tmp_path / "kaputt.xlsx", actors, relations), sheet, row, column, words)


def edit(path: Path, change) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


@pytest.mark.parametrize("case", ["formula", "merged", "renamed column", "renamed sheet"])
def test_spreadsheet_features_the_import_refuses(store, tmp_path, case):
    path = workbook(tmp_path / "kaputt.xlsx", *rows())
    if case == "formula":
        edit(path, lambda b: b["Beziehungen"].cell(row=9, column=10, value="=A2&B2"))
        expect_refusal(store, path, "Beziehungen", 9, "Notiz", "keine Formel")
    elif case == "merged":
        edit(path, lambda b: b["Beziehungen"].merge_cells("A8:B8"))
        expect_refusal(store, path, "Beziehungen", 8, "Von", "keine verbundenen")
    elif case == "renamed column":
        edit(path, lambda b: b["Beziehungen"].cell(row=1, column=7, value="Start"))
        expect_refusal(store, path, "Beziehungen", 1, "Start", "meinten Sie »Beginn«")
    else:
        edit(path, lambda b: setattr(b["Beziehungen"], "title", "Relationen"))
        before = dump(store)
        with pytest.raises(ImportFailed) as caught:   # Akteure alone is fine; the relations must not vanish silently
            import_files(store, [path], name="kaputt")
        assert "Relationen" in str(caught.value) and "Beziehungen" in str(caught.value)
        assert dump(store) == before


def test_an_empty_file_and_a_file_that_is_no_workbook(store, tmp_path):
    empty = tmp_path / "leer.xlsx"
    empty.write_bytes(b"")
    expect_refusal(store, empty, "", None, None, "leer")
    big = tmp_path / "gross.xlsx"
    big.write_bytes(b"\x00not a zip" * (10 * 1024 * 1024 // 10))   # 10 MB that are no workbook
    before = dump(store)
    with pytest.raises(ImportFailed, match="gross.xlsx: erwartet: eine Arbeitsmappe"):
        import_files(store, [big], name="kaputt")
    assert dump(store) == before


def test_all_problems_are_listed_the_first_fifty_and_a_count(store, tmp_path):
    actors, relations = rows()
    relations = [copy.deepcopy(relations[0]) for _ in range(60)]
    for row in relations:
        row[COLUMNS.index("Art")] = "gibt es nicht"
    with pytest.raises(ImportFailed) as caught:
        import_files(store, [workbook(tmp_path / "viele.xlsx", actors, relations)], name="viele")
    assert len(caught.value.problems) == 60
    message = str(caught.value)
    assert message.count("Spalte Art") == 50 and "… und 10 weitere Fehler" in message


def write_csv_folder(folder: Path, actors, relations, encoding: str, delimiter: str) -> Path:
    import csv
    folder.mkdir()
    for name, header, body in (("Akteure", ACTOR_COLUMNS, actors), ("Beziehungen", COLUMNS, relations)):
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerow(header)
            writer.writerows(body)
    return folder


@pytest.mark.parametrize("encoding,delimiter", [("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", ";")])
def test_csv_as_excel_and_libreoffice_write_it_gives_the_same_triples(tmp_path, encoding, delimiter):
    from_xlsx, from_csv = open_store("memory"), open_store("memory")
    import_files(from_xlsx, [EXAMPLE], name="b")
    folder = write_csv_folder(tmp_path / "csv", *rows(), encoding, delimiter)
    if encoding == "cp1252":
        assert "–".encode("cp1252") in (folder / "Beziehungen.csv").read_bytes()   # really Windows-1252
    import_files(from_csv, [folder], name="b")
    assert data_triples(from_csv) == data_triples(from_xlsx)


def data_triples(store, name="b") -> set:
    """The import's triples without its provenance (file name, checksum and time differ by design)."""
    graph = graph_for(name)
    return {t for t in graph_triples(store, graph)
            if not str(t[0]).startswith((str(graph), "urn:sha256:"))}


def test_round_trip_import_export_import_gives_the_same_triples(store, tmp_path):
    import_files(store, [EXAMPLE], name="b")
    first = data_triples(store)
    exported = tmp_path / "export.xlsx"
    assert export_template(store, "b", exported) == (11, 15)
    result = import_files(store, [exported], name="b", replace=True)
    assert data_triples(store) == first
    assert result.difference.counts()["changed"] == {"Akteure": 0, "Beziehungen": 0}


def test_a_new_graphs_difference_from_the_builder_equals_the_one_read_from_its_triples(store):
    """A new graph's difference comes from what the builder knew (actor and relation, sheet and label)
    instead of a pass over its triples: the same lists, in the same order."""
    from koopgraph.graph.imports.build import build
    from koopgraph.graph.imports.diff import difference
    from koopgraph.graph.imports.sheets import read_sheets

    built = build(store, read_sheets(EXAMPLE), str(ID["eigene/neu/"]))
    from_builder, from_triples = difference(set(), built.triples, built.records), difference(set(), built.triples)
    assert from_builder == from_triples
    assert from_builder.counts()["new"] == {"Akteure": len(built.actors), "Beziehungen": len(built.relations)} != \
        {"Akteure": 0, "Beziehungen": 0}


def test_import_puts_the_garbage_collector_back_as_it_was_also_after_a_refused_import(store, tmp_path):
    """The import pauses Python's cyclic collector while it builds (half of the build's time at 50,000
    rows went to its collections): afterwards it runs again, whether the import worked or was refused."""
    import gc

    assert gc.isenabled()
    import_files(store, [EXAMPLE], name="gc")
    assert gc.isenabled()
    with pytest.raises(ImportFailed):
        import_files(store, [EXAMPLE], name="gc")      # exists: refused
    assert gc.isenabled()
    gc.disable()
    try:
        import_files(store, [EXAMPLE], name="gc-aus")
        assert not gc.isenabled()                       # whoever had switched it off keeps it off
    finally:
        gc.enable()


def test_replace_swaps_the_graph_and_reports_the_difference(store, tmp_path):
    import_files(store, [EXAMPLE], name="b")
    actors, relations = rows()
    relation_cell(relations, 3, "Ende", "2020")                  # changed
    del relations[11]                                             # removed: Landkreis – Jobcenter (row 13)
    relations.append(["Vogt", "JC", ROWS["SCALING_OUT"], "", "", "", "2022", "", "", "neu"])   # new
    path = workbook(tmp_path / "neu.xlsx", actors, relations)
    before = dump(store)
    with pytest.raises(ImportFailed, match="--replace"):
        import_files(store, [path], name="b")
    preview = import_files(store, [path], name="b", replace=True, dry_run=True)
    assert dump(store) == before and not preview.written
    counts = preview.difference.counts()
    assert counts["new"]["Beziehungen"] == 1 and counts["removed"]["Beziehungen"] == 1
    # a changed end date counts as changed; the rows below the deleted one moved up but are not "changed"
    assert counts["changed"]["Beziehungen"] == 1, preview.difference.changed
    import_files(store, [path], name="b", replace=True)
    after = graph_triples(store, graph_for("b"))
    jobcenter = ID["eigene/b/akteur/jc"]
    assert (ID["kreis/08436"], KG.worksWithActor, jobcenter) not in after   # gone, edge and all
    assert (VOGT, KG.worksWithActor, jobcenter) in after
    assert len([s for s, p, o in after if p == KG.cooperationKind]) == 15
    assert dump(store) != before


def test_cli_import_prints_each_problem_on_one_line_and_exits_1(tmp_path):
    actors, relations = rows()
    _unknown_reference(actors, relations)
    _no_such_day(actors, relations)
    path = workbook(tmp_path / "partner.xlsx", actors, relations)
    done = CliRunner().invoke(main, ["import", "--store", str(tmp_path / "s"), str(path)])
    assert done.exit_code == 1 and "Traceback" not in done.output
    lines = [line for line in done.output.splitlines() if line.startswith("partner.xlsx")]
    assert len(lines) == 2
    assert "Zeile 6, Spalte Von: »Aulendrof«" in lines[1] or "Zeile 6, Spalte Von: »Aulendrof«" in lines[0]


def test_template_command_writes_the_code_lists_as_drop_downs(tmp_path):
    path = tmp_path / "vorlage.xlsx"
    done = CliRunner().invoke(main, ["template", "-o", str(path)])
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(path)
    assert [s for s in book.sheetnames if book[s].sheet_state == "visible"] == ["Anleitung", "Akteure", "Beziehungen"]
    header = [c.value for c in book["Beziehungen"][1]]
    assert header == COLUMNS
    lists = book["Listen"]
    kinds = {c.value for c in next(col for col in lists.iter_cols() if col[0].value == "kooperationsart")[1:]} - {None}
    # every cooperation kind of the ontology, by its German label, read independently with rdflib
    from rdflib.namespace import SKOS
    from study import ontology_graph
    onto = ontology_graph()
    scheme = URIRef(str(ID) + "konzept/kooperationsart")
    expected = {str(l) for c in onto.subjects(SKOS.inScheme, scheme) for l in onto.objects(c, SKOS.prefLabel) if l.language == "de"}
    assert kinds == expected and len(expected) == 15
    validations = {str(v.sqref).split(":")[0][:1]: v for v in book["Beziehungen"].data_validations.dataValidation}
    assert set(validations) == {"C", "D", "E", "F"}    # Art, Aufgaben, Kanal, Zielebene


def write_ods(path: Path, actors, relations, formula_at: tuple[int, int] | None = None) -> Path:
    """An ODS workbook as LibreOffice writes it (odfpy), optionally with one formula cell (row, column)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, header, body in (("Akteure", ACTOR_COLUMNS, actors), ("Beziehungen", COLUMNS, relations)):
        table = Table(name=name)
        for number, values in enumerate([header, *body], start=1):
            row = TableRow()
            for col, value in enumerate(values, start=1):
                if name == "Beziehungen" and (number, col) == formula_at:
                    cell = TableCell(valuetype="string", formula="of:=[.A2]&[.B2]")
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def test_ods_as_libreoffice_writes_it(tmp_path):
    from_xlsx, from_ods = open_store("memory"), open_store("memory")
    import_files(from_xlsx, [EXAMPLE], name="b")
    import_files(from_ods, [write_ods(tmp_path / "partner.ods", *rows())], name="b")
    assert data_triples(from_ods) == data_triples(from_xlsx)


def test_a_formula_in_an_ods_is_named_at_its_cell(store, tmp_path):
    path = write_ods(tmp_path / "formel.ods", *rows(), formula_at=(5, 10))
    expect_refusal(store, path, "Beziehungen", 5, "Notiz", "keine Formel")


def test_an_import_killed_midway_leaves_the_old_graph_or_the_whole_new_one(tmp_path, shipped_store_dir):
    """kill -9 at several moments of a replacing import: the graph is always the old one or the new one."""
    import sys

    store_dir = shipped_store_dir
    handle = open_store(store_dir)
    import_files(handle, [EXAMPLE], name="b")
    old = graph_triples(handle, graph_for("b"))
    handle.close()
    actors = [[f"A{i}", f"Akteur {i}", "Verein", "Aulendorf", "", "", ""] for i in range(200)]
    relations = [[f"A{i % 200}", f"A{(i * 7 + 1) % 200}", "Austausch im Landkreis", "", "", "", "2019", "", "", str(i)]
                 for i in range(4000)]
    big = workbook(tmp_path / "gross.xlsx", actors, relations)
    command = [sys.executable, "-m", "koopgraph.web.cli", "import", "--store", store_dir, "--graph", "b", "--replace", str(big)]
    outcomes = set()
    for delay in (1.0, 4.0, 8.0, None):
        run_or_kill(command, delay)
        handle = open_store(store_dir)
        now = graph_triples(handle, graph_for("b"))
        handle.close()
        relations_now = len([1 for s, p, o in now if p == KG.cooperationKind])
        assert now == old or relations_now == 4000, (delay, len(now))
        outcomes.add("old" if now == old else "new")
    assert "new" in outcomes


def test_the_resource_page_names_file_sheet_and_row_of_own_data(tmp_path):
    """Row 7 of the example's Beziehungen is Aulendorf – Helferkreis Asyl Aulendorf (erzeugen.py, 6th row)."""
    from koopgraph.web.app import create_app
    assert ROWS["RELATIONS"][5][:2] == ["Aulendorf", "HK-AUL"]
    handle = open_store("memory")
    import_files(handle, [EXAMPLE], name="partner")
    page = create_app(handle).test_client().get("/id/gemeinde/084360008008.json").get_json()
    sources = {(group["property"]["label"], st["other"]["label"]): st["sections"]
               for key in ("out", "incoming") for group in page["resource"][key] for st in group["statements"]}
    row7 = f"Eigene Daten: {EXAMPLE.name}, Beziehungen Zeile 7"
    assert sources[("arbeitet mit Akteur", "Helferkreis Asyl Aulendorf (Beispiel)")] == [row7]
    # exchange (row 5) and further cooperation (row 6) with Vogt: each edge names its own row only
    assert sources[("tauscht sich aus mit", "Vogt")] == [f"Eigene Daten: {EXAMPLE.name}, Beziehungen Zeile 5"]
    assert sources[("kooperiert mit", "Vogt")] == [f"Eigene Daten: {EXAMPLE.name}, Beziehungen Zeile 6"]
    html = create_app(handle).test_client().get("/id/gemeinde/084360008008").get_data(as_text=True)
    assert row7 in html
