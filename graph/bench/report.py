"""The benchmark report: parity per query, timings side by side, ratios, targets, machine.

>>> geometric_mean([2.0, 8.0])
4.0
"""

from __future__ import annotations

import math
import os
import platform
from importlib import metadata
from pathlib import Path

# The targets at scale M on a 2-core machine.
TARGET_SPEEDUP_OVER_MEMORY = 20.0
TARGET_LAYER_OVERHEAD = 1.5
TARGET_LOAD_RATE = 150_000
TARGET_INTERACTIVE_P95_MS = 100.0
TARGET_BYTES_PER_TRIPLE = 512


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def machine() -> dict:
    """Cores, RAM, CPU, OS, Python and the versions of the libraries measured."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    versions = {}
    for package in ("koopgraph", "pyoxigraph", "rdflib", "oxrdflib"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"cores": os.cpu_count(), "ram_gb": round(mem_kb / 2**20, 1), "cpu": cpu,
            "os": platform.platform(), "python": platform.python_version(), "libraries": versions}


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def query_entry(query: dict, results: dict, timeout_s: float) -> dict:
    """One query's row: parity over the configurations that finished (at least two must, and all
    that finished must agree); timings only then. A configuration that ran past the limit is
    listed under ``timeouts`` — slower than ``timeout_s``, but not a disagreement."""
    answers = {c: r["queries"][query["name"]] for c, r in results.items() if "queries" in r}
    finished = {c: a for c, a in answers.items() if a["status"] == "ok"}
    digests = {a["digest"] for a in finished.values()}
    # True: two or more agree; False: they differ; None: unchecked (fewer than two finished)
    parity = False if len(digests) > 1 else (True if len(finished) >= 2 else None)
    entry = {"name": query["name"], "interactive": query["interactive"], "parity": parity,
             "rows": {c: a.get("rows") for c, a in finished.items()},
             "timeouts": sorted(c for c in answers if c not in finished), "timeout_s": timeout_s}
    if parity is not False and finished:
        for key in ("cold_ms", "median_ms", "p95_ms", "repetitions"):
            entry[key] = {c: a[key] for c, a in finished.items()}
    else:
        entry["disagreement"] = {c: {"rows": a.get("rows"), "digest": a.get("digest")} for c, a in finished.items()}
    return entry


def ratios(queries: list[dict], load: dict) -> dict:
    """The issue's ratios (geometric means of per-query median ratios over the queries whose answers
    agree); ``…_at_least`` also counts a timed-out slow side at the time limit (a lower bound)."""
    agreed = [q for q in queries if q["parity"] is True]

    def geo(slow: str, fast: str, with_timeouts: bool = False) -> float | None:
        pairs = []
        for q in agreed:
            fast_ms = q["median_ms"].get(fast)
            slow_ms = q["median_ms"].get(slow)
            if slow_ms is None and with_timeouts and slow in q["timeouts"]:
                slow_ms = q["timeout_s"] * 1000
            if fast_ms and slow_ms:
                pairs.append(slow_ms / fast_ms)
        return geometric_mean(pairs) if pairs else None

    out = {"memory_over_oxigraph": geo("memory", "oxigraph"),
           "memory_over_oxigraph_at_least": geo("memory", "oxigraph", with_timeouts=True),
           "oxigraph_over_pyoxigraph": geo("oxigraph", "pyoxigraph"),
           "memory_over_pyoxigraph": geo("memory", "pyoxigraph")}
    if "oxigraph" in load and "pyoxigraph" in load:
        out["load_oxigraph_over_pyoxigraph"] = load["oxigraph"]["seconds"] / load["pyoxigraph"]["seconds"]
    return out


def targets(report: dict) -> list[dict]:
    """Each target of the issue with the measured value and whether it is met."""
    r, load = report["ratios"], report["load"]
    rows = [("embedded store vs rdflib memory (geo. mean speed-up, timeouts at the limit)",
             r.get("memory_over_oxigraph_at_least"),
             f"≥ {TARGET_SPEEDUP_OVER_MEMORY:g}×", lambda v: v >= TARGET_SPEEDUP_OVER_MEMORY),
            ("koopgraph layer vs pyoxigraph (geo. mean slow-down)", r.get("oxigraph_over_pyoxigraph"),
             f"≤ {TARGET_LAYER_OVERHEAD:g}×", lambda v: v <= TARGET_LAYER_OVERHEAD)]
    if "oxigraph" in load:
        rows.append(("bulk load, embedded store via koopgraph (triples/s)", load["oxigraph"]["triples_per_s"],
                     f"≥ {TARGET_LOAD_RATE:,}", lambda v: v >= TARGET_LOAD_RATE))
        rows.append(("memory, embedded store via koopgraph (bytes/triple)", load["oxigraph"]["bytes_per_triple"],
                     f"< {TARGET_BYTES_PER_TRIPLE}", lambda v: v < TARGET_BYTES_PER_TRIPLE))
    for q in report["queries"]:
        if q["interactive"] and q["parity"] is not False and "oxigraph" in q.get("p95_ms", {}):
            rows.append((f"p95 {q['name']}, embedded store via koopgraph (ms)", q["p95_ms"]["oxigraph"],
                         f"< {TARGET_INTERACTIVE_P95_MS:g}", lambda v: v < TARGET_INTERACTIVE_P95_MS))
    return [{"name": n, "value": v, "target": t, "met": None if v is None else bool(ok(v))}
            for n, v, t, ok in rows]


def assemble_report(options, file: Path, triples: int, queries: list[dict], results: dict) -> dict:
    load = {}
    for config, result in results.items():
        if "load" in result:
            entry = dict(result["load"])
            entry["triples_per_s"] = entry["triples"] / entry["seconds"] if entry["seconds"] else None
            entry["bytes_per_triple"] = entry["peak_mb"] * 2**20 / entry["triples"] if entry["triples"] else None
            entry["peak_mb_with_queries"] = result["peak_mb_with_queries"]
            entry["disk_mb"] = result.get("disk_mb")
            load[config] = entry
    query_rows = [query_entry(q, results, options.timeout_s) for q in queries]
    report = {"scale": options.scale.upper(), "seed": options.seed, "on_base_layer": options.on_base_layer,
              "file": str(file), "file_triples": triples,
              "repeat": options.repeat, "machine": machine(), "configs": list(results),
              "errors": {c: r["error"] for c, r in results.items() if "error" in r},
              "load": load, "queries": query_rows, "runs": results}
    report["ratios"] = ratios(query_rows, load)
    report["targets"] = targets(report)
    return report


def _num(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def markdown(report: dict) -> str:
    """The report as Markdown tables: machine, load, queries side by side, targets."""
    m = report["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items() if v)
    where = " on the base layer (beside the study and the base layer)" if report.get("on_base_layer") else ""
    lines = [f"Scale {report['scale']}{where} ({report['file_triples']:,} triples), seed {report['seed']}, "
             f"up to {report['repeat']} warm runs per query. Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, "
             f"{m['cpu']}, {m['os']}, Python {m['python']}; {libs}.", ""]
    lines += ["| Load | seconds | triples/s | peak MB over baseline | bytes/triple | on disk MB |",
              "|---|---:|---:|---:|---:|---:|"]
    for config, entry in report["load"].items():
        lines.append(f"| {config} | {_num(entry['seconds'], 2)} | {_num(entry['triples_per_s'], 0)} | "
                     f"{_num(entry['peak_mb'])} | {_num(entry['bytes_per_triple'], 0)} | {_num(entry['disk_mb'])} |")
    configs = [c for c in report["configs"] if c not in report["errors"]]
    lines += ["", "| Query | answers agree | rows | " + " | ".join(f"{c} median / p95 ms" for c in configs)
              + " | memory ÷ oxigraph | oxigraph ÷ pyoxigraph |",
              "|---|---|---:|" + "---:|" * len(configs) + "---:|---:|"]
    for q in report["queries"]:
        lines.append(_query_line(q, configs))
    r = report["ratios"]
    speedup = _num(r["memory_over_oxigraph_at_least"])
    if r["memory_over_oxigraph_at_least"] != r["memory_over_oxigraph"]:
        speedup = f"≥ {speedup}"
    lines.append("| **geometric mean** | | | " + " | " * (len(configs) - 1)
                 + f" | **{speedup}×** | **{_num(r['oxigraph_over_pyoxigraph'], 2)}×** |")
    lines += ["", "| Target (scale M) | measured | target | met |", "|---|---:|---:|---|"]
    for t in report["targets"]:
        met = "—" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['name']} | {_num(t['value'], 2)} | {t['target']} | {met} |")
    for config, error in report["errors"].items():
        lines.append(f"\n{config} failed: {error}")
    return "\n".join(lines) + "\n"


def _query_line(q: dict, configs: list[str]) -> str:
    rows = next(iter(q["rows"].values()), None)
    if q["parity"] is False:
        detail = ", ".join(f"{c}: {d['rows']} rows" for c, d in q["disagreement"].items())
        timeouts = f"; over {q['timeout_s']:g} s: {', '.join(q['timeouts'])}" if q["timeouts"] else ""
        return f"| {q['name']} | **no** ({detail}{timeouts}) | |" + " |" * len(configs) + " | |"
    limit = f"> {q['timeout_s']:g} s"
    cells = [limit if c in q["timeouts"] else f"{_num(q.get('median_ms', {}).get(c), 2)} / "
             f"{_num(q.get('p95_ms', {}).get(c), 2)}" for c in configs]
    med = dict(q.get("median_ms", {}))

    def ratio(a, b):
        if a in q["timeouts"] and b in med:
            return f"> {_num(q['timeout_s'] * 1000 / med[b], 0)}×"
        return _num(med[a] / med[b], 2) + "×" if a in med and b in med and med[b] else "—"

    agree = "yes" if q["parity"] else "unchecked"
    agree += f" ({', '.join(q['timeouts'])} timed out)" if q["timeouts"] else ""
    return (f"| {q['name']} | {agree} | {rows} | " + " | ".join(cells)
            + f" | {ratio('memory', 'oxigraph')} | {ratio('oxigraph', 'pyoxigraph')} |")
