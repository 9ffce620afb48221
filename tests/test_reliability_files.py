"""Bad files are refused with a clear error and change nothing (issue 11, item 5 and a minor).

The billion-laughs file is the classic one (OWASP; defusedxml's own test files have the same
shape): ten entities, each ten of the one before, 10**9 "lol"s from under 1 KB. It used to load
with exit 0 and take 9-17 GB. A file without line ends used to be read into memory whole.
"""

from __future__ import annotations

import subprocess

import pytest
from conftest import make_store
from koopgraph.graph.errors import LoadError
from koopgraph.graph.store.load import load_files

from test_reliability_loads import COUNT, koopgraph


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            '  <rdf:Description rdf:about="http://example.org/s"><ex:p>&lol9;</ex:p></rdf:Description>\n'
            "</rdf:RDF>\n").encode("ascii")


EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/hostname"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
@pytest.mark.parametrize("content", [billion_laughs(), EXTERNAL_ENTITY], ids=["billion-laughs", "external"])
def test_xml_entities_are_refused_naming_the_file_and_nothing_is_loaded(backend, content, tmp_path, request):
    assert len(billion_laughs()) < 1100
    path = tmp_path / "lol.rdf"
    path.write_bytes(content)
    store = make_store(backend, tmp_path, request)
    with pytest.raises(LoadError) as refused:
        load_files(store, [path])
    declared = content[:content.index(b"<!ENTITY")].count(b"\n") + 1  # the line of the first declaration
    assert (refused.value.file, refused.value.line) == (str(path), declared)
    assert "entit" in str(refused.value) and "DOCTYPE" in str(refused.value)
    if b"SYSTEM" in content:
        assert "external entity 'secret' (file:///etc/hostname)" in str(refused.value)
    assert len(store) == 0
    store.close()


def test_the_command_line_refuses_billion_laughs_with_one_line_and_exit_1(tmp_path):
    path = tmp_path / "lol.rdf"
    path.write_bytes(billion_laughs())
    done = subprocess.run(koopgraph("load", "--store", str(tmp_path / "store"), "--empty", str(path)),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.startswith(f"Error: {path}:3: the XML declares the entity 'lol0'")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_a_line_over_the_cap_is_refused_naming_file_and_line(backend, tmp_path, request):
    path = tmp_path / "long.nt"
    statement = '<urn:x-test:s> <urn:x-test:p> "{}" .\n'
    with open(path, "w", encoding="ascii") as out:
        out.write("".join(statement.format(f"kurz {i}") for i in range(3)))
        out.write(statement.format("x" * (3 << 20)).rstrip("\n"))  # 3 MB, and no line end at all
    store = make_store(backend, tmp_path, request)
    with pytest.raises(LoadError) as refused:
        load_files(store, [path], max_line_bytes=1 << 20)
    assert (refused.value.file, refused.value.line) == (str(path), 4)
    assert "longer than 1 MiB" in str(refused.value) and "line ends" in str(refused.value)
    assert len(store) == 0
    load_files(store, [path], max_line_bytes=4 << 20)  # under a cap it fits, it loads
    assert len(store) == 4
    store.close()


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt", ".nq"])
def test_a_utf8_byte_order_mark_is_skipped(backend, suffix, tmp_path, request):
    path = tmp_path / f"bom{suffix}"
    graph = " <urn:x-test:g>" if suffix == ".nq" else ""
    text = f'<urn:x-test:s> <urn:x-test:p> "Zuwanderung" {graph}.\n'
    path.write_bytes(b"\xef\xbb\xbf" + (f"<urn:x-test:g> {{ {text} }}" if suffix == ".trig" else text).encode())
    store = make_store(backend, tmp_path, request)
    load_files(store, [path])
    assert [str(row.o) for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["Zuwanderung"]
    store.close()


def test_a_turtle_file_with_a_bom_loads_from_the_command_line(tmp_path):
    path = tmp_path / "bom.ttl"
    path.write_bytes(b'\xef\xbb\xbf<urn:x-test:s> <urn:x-test:p> "Stadt" .\n')
    store = str(tmp_path / "store")
    subprocess.run(koopgraph("load", "--store", store, "--empty", str(path)), check=True, capture_output=True)
    done = subprocess.run(koopgraph("query", "--store", store, "--format", "csv", COUNT),
                          capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[1] == "1"
