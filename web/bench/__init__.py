"""Benchmarks of the web explorer (not tests): pages and /netzwerk timed through a real server.

``pages``: the one page benchmark (:func:`~.pages.time_page`, p95 by nearest rank from
:mod:`koopgraph.graph.bench.timing`), behind ``koopgraph bench-pages``; ``synthetic``: the
synthetic graph's pages through ``koopgraph serve`` (``koopgraph bench --http``); ``browser``:
/netzwerk in headless Chromium through Playwright. The commands are registered in web/cli.py.
Only loopback addresses are contacted. May import :mod:`koopgraph.graph` and the web app.
"""
