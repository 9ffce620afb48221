"""House rules that a change could break: import direction, package layout, docs."""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import koopgraph.graph
from koopgraph.graph.settings import settings_markdown

ROOT = Path(__file__).resolve().parent.parent
GRAPH_MODULES = sorted(m.name for m in pkgutil.iter_modules(koopgraph.graph.__path__))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "graph").glob("*.py")), ids=lambda p: p.name)
def test_graph_never_imports_the_web_layer(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] == "flask" or m.startswith("koopgraph.web")}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("module", GRAPH_MODULES)
def test_doctests_of_graph_modules(module):
    mod = importlib.import_module(f"koopgraph.graph.{module}")
    failures, _ = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_the_wheel_installs_everything_under_koopgraph(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("koopgraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"koopgraph", next(t for t in tops if t.endswith(".dist-info"))}
    assert "koopgraph/graph/store.py" in names and "koopgraph/web/cli.py" in names
    assert any(n.startswith("koopgraph/ontology/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("koopgraph/data/") and n.endswith(".trig") for n in names)


def test_readme_lists_every_setting():
    assert settings_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert steps[-1] in (ROOT / "README.md").read_text(encoding="utf-8")
