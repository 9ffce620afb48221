"""House rules that a change could break: import direction, package layout, docs."""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import koopgraph.graph
import pytest
from koopgraph.graph.settings import settings_markdown

ROOT = Path(__file__).resolve().parent.parent
GRAPH_FILES = sorted((ROOT / "graph").rglob("*.py"))
GRAPH_MODULES = sorted(m.name for m in pkgutil.walk_packages(koopgraph.graph.__path__, "koopgraph.graph."))

# A room imports only rooms below it (and the ground floor, the modules at graph/'s top level).
ROOM_FLOOR = {"ground": 0, "store": 1, "synth": 1, "sparql": 2, "explore": 3, "imports": 3, "network": 3, "netview": 4,
              "bench": 5, "cli": 6}


def module_name(path: Path, root: Path = ROOT) -> tuple[str, str]:
    """The dotted name of a file under ``root``/graph and the package it resolves relative imports in."""
    parts = list(path.relative_to(root / "graph").with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    parts = parts[:-1] if is_package else parts
    name = ".".join(["koopgraph", "graph", *parts])
    return name, name if is_package else name.rsplit(".", 1)[0]


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    package = module_name(path, root)[1] if path.is_relative_to(root / "graph") else ""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            names.add(".".join(base + ([node.module] if node.module else [])))
            names.update(".".join(base + ([node.module] if node.module else []) + [a.name]) for a in node.names)
    return names


def room_of(module: str, root: Path = ROOT) -> str:
    parts = module.split(".")
    if parts[:2] != ["koopgraph", "graph"] or len(parts) < 3:
        return "ground"
    return parts[2] if (root / "graph" / parts[2]).is_dir() else "ground"


def layering_violations(root: Path = ROOT) -> list[str]:
    """Imports of graph/ that reach the web layer or a room above the importing one."""
    found = []
    for path in sorted((root / "graph").rglob("*.py")):
        name = module_name(path, root)[0]
        if name == "koopgraph.graph":
            continue  # the package's public API may gather from every room
        room = room_of(name, root)
        for imported in imported_modules(path, root):
            if imported.split(".")[0] == "flask" or imported.startswith("koopgraph.web"):
                found.append(f"{name} imports the web layer: {imported}")
            elif imported.startswith("koopgraph.graph.") and room_of(imported, root) != room \
                    and ROOM_FLOOR[room_of(imported, root)] >= ROOM_FLOOR[room]:
                found.append(f"{name} ({room}) imports {imported} ({room_of(imported, root)}), not below it")
    return found


def test_graph_imports_only_rooms_below_and_never_the_web_layer():
    assert layering_violations() == []


@pytest.mark.parametrize("probe", [
    "from ...web.views.common import store\n",
    "from ..netview.view import network_view\n",
    "from koopgraph.web import app\n",
    "import flask\n",
])
def test_the_layering_check_catches_relative_and_upward_imports(tmp_path, probe):
    root = graph_with_probe(tmp_path, "store", probe)
    assert [v for v in layering_violations(root) if "koopgraph.graph.store.probe" in v]


def graph_with_probe(tmp_path: Path, room: str, probe: str) -> Path:
    """A copy of graph/ with ``probe`` as the module ``room``/probe.py; the copy's root."""
    shutil.copytree(ROOT / "graph", tmp_path / "graph")
    (tmp_path / "graph" / room / "probe.py").write_text(probe)
    return tmp_path


# Packages that serve pages or drive a browser: only the web layer may use them.
WEB_ONLY_PACKAGES = ("flask", "werkzeug", "waitress", "playwright")


def explorer_paths() -> list[str]:
    """The first segment of every route of the explorer (``/kommunen``, ``/netzwerk``, …), from its URL map."""
    from koopgraph.graph.store import open_store
    from koopgraph.web.app import create_app

    app = create_app(open_store("memory", empty=True))
    app.koopgraph_services.close()
    segments = {"/" + rule.rule.strip("/").split("/")[0].split("<")[0].split(".")[0] for rule in app.url_map.iter_rules()}
    return sorted(segments - {"/", "/static"})


def core_driving_the_web(root: Path, paths: list[str]) -> list[str]:
    """graph/ modules that import a web-only package, start ``koopgraph serve`` or name an explorer URL."""
    found = []
    for path in sorted((root / "graph").rglob("*.py")):
        name = module_name(path, root)[0]
        found += [f"{name} imports {m}" for m in imported_modules(path, root) if m.split(".")[0] in WEB_ONLY_PACKAGES]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if text == "serve" or text.startswith("koopgraph.web"):
                found.append(f"{name} starts the web server: {text!r}")
            found += [f"{name} knows the explorer URL {text!r}" for p in paths
                      if text.startswith(p) and text[len(p):len(p) + 1] in ("", "?", "/", ".")]
    return found


def test_graph_never_serves_pages_drives_a_browser_or_knows_an_explorer_url():
    assert core_driving_the_web(ROOT, explorer_paths()) == []


@pytest.mark.parametrize("probe", [
    "from playwright.sync_api import sync_playwright\n",
    "import subprocess, sys\nsubprocess.Popen([sys.executable, '-m', 'koopgraph.web.cli', 'serve'])\n",
    "PAGE = '/netzwerk/gruppen.json?gruppe='\n",
])
def test_the_web_check_catches_a_browser_a_server_and_a_url(tmp_path, probe):
    root = graph_with_probe(tmp_path, "bench", probe)
    assert [v for v in core_driving_the_web(root, explorer_paths()) if "koopgraph.graph.bench.probe" in v]


def test_every_sub_package_says_what_it_is_for():
    for init in (ROOT / "graph").glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80 and "import" in doc, f"{init} needs a paragraph: purpose and what it may import"


def test_graph_top_level_holds_few_modules():
    assert len([p for p in (ROOT / "graph").glob("*.py") if p.name != "__init__.py"]) <= 12


@pytest.mark.parametrize("module", [*GRAPH_MODULES, "koopgraph.ontology"])
def test_doctests_of_graph_modules(module):
    mod = importlib.import_module(module)
    failures, _ = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_the_wheel_installs_everything_under_koopgraph(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("koopgraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"koopgraph", next(t for t in tops if t.endswith(".dist-info"))}
    assert "koopgraph/graph/store/__init__.py" in names and "koopgraph/web/cli.py" in names
    assert "koopgraph/graph/sparql/questions/kommunen-eines-landes.rq" in names
    assert any(n.startswith("koopgraph/ontology/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("koopgraph/data/") and n.endswith(".trig") for n in names)


def test_readme_lists_every_setting():
    assert settings_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert steps[-1] in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_public_api_imports_as_listed():
    namespace: dict = {}
    exec("from koopgraph.graph import *", namespace)  # an __all__ name that does not exist fails here
    assert set(koopgraph.graph.__all__) <= set(namespace) and "KoopgraphError" in koopgraph.graph.__all__
