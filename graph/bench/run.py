"""The side-by-side benchmark (``koopgraph bench``): load and query the synthetic graph
with each configuration in its own process, check that their answers agree, and report.

Configurations: ``memory`` (rdflib's in-memory store through koopgraph),
``oxigraph`` (the embedded store through koopgraph), ``pyoxigraph`` (used
directly: the upper bound), any SPARQL endpoint URL (loaded through the store
layer), and the control ``pyoxigraph-default-graph`` (no union default graph),
whose answers must disagree. A query whose answers differ gets no timings.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from koopgraph.ontology import ontology_files

from ..errors import KoopgraphError
from ..store.load import GRAPH_BASE, study_dataset_files
from ..synth.baselayer import base_layer_path
from ..synth.generate import scale_by_name, write_synthetic
from .queries import bound_queries
from .report import assemble_report

CONFIGS = ("memory", "oxigraph", "pyoxigraph")
CONTROL_CONFIGS = ("pyoxigraph-default-graph",)
# Bumped whenever the generator's output changes, so cached files are not reused (the on-base-layer
# files also name the base layer they were made from).
SYNTH_VERSION = 5
ON_BASE_LAYER_VERSION = 1


@dataclass
class BenchOptions:
    scale: str = "S"
    seed: int = 1
    configs: tuple[str, ...] = CONFIGS
    endpoints: tuple[str, ...] = ()
    update_endpoint: str | None = None  # for a single endpoint whose updates go elsewhere
    repeat: int = 20
    budget_s: float = 30.0  # warm runs per query and configuration stop after this much time
    timeout_s: float = 300.0  # one run longer than this counts as a timeout
    cache_dir: Path | None = None
    on_base_layer: bool = False  # synthetic relations on the real places, loaded beside study and base layer
    progress: object = field(default=lambda text: None)


def synthetic_file(scale: str, seed: int, cache_dir: Path | None, on_base_layer: bool = False) -> tuple[Path, int]:
    """The cached synthetic N-Quads file for this scale and seed (generated when missing) and its triples."""
    folder = cache_dir or Path(platformdirs.user_cache_dir("koopgraph")) / "synth"
    folder.mkdir(parents=True, exist_ok=True)
    version = f"amtlich-v{ON_BASE_LAYER_VERSION}-{_base_layer_digest()}" if on_base_layer else f"v{SYNTH_VERSION}"
    path = folder / f"synth-{version}-{scale.upper()}-{seed}.nq"
    count_file = path.with_suffix(".count")
    if path.exists() and count_file.exists():
        return path, int(count_file.read_text())
    triples = write_synthetic(path, scale, seed, on_base_layer=on_base_layer)
    count_file.write_text(str(triples))
    return path, triples


def _base_layer_digest() -> str:
    return hashlib.sha256(base_layer_path().read_bytes()).hexdigest()[:12]


def dataset_files(on_base_layer: bool) -> list[Path]:
    """What the children load beside the synthetic file: with ``on_base_layer`` the shipped study and
    the whole base layer (what a new store holds), each TriG file naming its graphs; else nothing."""
    return [path for path, graph in study_dataset_files(base_layer=True) if graph is None] if on_base_layer else []


def run_config(config: str, spec: str | None, file: Path, queries: list[dict], options: BenchOptions) -> dict:
    """Run one configuration in a fresh interpreter; its result dict or ``{"error": …}``."""
    dataset = dataset_files(options.on_base_layer)
    with tempfile.TemporaryDirectory(prefix=f"koopgraph-bench-{_safe(config)}-") as workdir:
        task = {"config": config, "spec": spec, "update_endpoint": options.update_endpoint if spec else None,
                "file": str(file), "ontology": [str(f) for f in ontology_files()], "queries": queries,
                "dataset": [str(f) for f in dataset],
                "dataset_graphs": [GRAPH_BASE + f.stem for f in dataset],  # data/x.trig holds graph/x
                "workdir": workdir,
                "repeat": options.repeat, "budget_s": options.budget_s, "timeout_s": options.timeout_s}
        task_file, result_file = Path(workdir) / "task.json", Path(workdir) / "result.json"
        task_file.write_text(json.dumps(task), encoding="utf-8")
        # the child's progress (one line per query) and any traceback go straight to our stderr
        done = subprocess.run([sys.executable, "-m", "koopgraph.graph.bench.child", str(task_file),
                               str(result_file)], env=_child_env())
        if done.returncode != 0 or not result_file.exists():
            return {"error": f"the {config} process failed (exit {done.returncode}); its output is above"}
        result = json.loads(result_file.read_text(encoding="utf-8"))
        result["disk_mb"] = _folder_mb(Path(workdir)) if config != "memory" else None
        return result


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)[:40]


def _folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def run_benchmark(options: BenchOptions) -> dict:
    """Generate or reuse the synthetic file, run every configuration, compare and report."""
    scale_by_name(options.scale)
    if options.update_endpoint and len(options.endpoints) != 1:
        raise KoopgraphError("--update-endpoint needs exactly one --store URL",
                             hint="Benchmark endpoints with separate update URLs one at a time.")
    unknown = [c for c in options.configs if c not in CONFIGS + CONTROL_CONFIGS]
    if unknown:
        raise KoopgraphError(f"unknown configuration {unknown[0]!r}",
                             hint="Use " + ", ".join(CONFIGS + CONTROL_CONFIGS) + ", or --store URL.")
    where = " on the base layer" if options.on_base_layer else ""
    options.progress(f"synthetic graph{where}, scale {options.scale.upper()}, seed {options.seed} …")
    file, triples = synthetic_file(options.scale, options.seed, options.cache_dir, options.on_base_layer)
    queries = bound_queries(options.scale, options.seed, options.on_base_layer)
    results = {}
    for config, spec in [(c, None) for c in options.configs] + [(url, url) for url in options.endpoints]:
        options.progress(f"{config}: loading {triples} triples and running {len(queries)} queries …")
        results[config] = run_config(config, spec, file, queries, options)
    return assemble_report(options, file, triples, queries, results)
