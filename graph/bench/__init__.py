"""The store benchmark: each store configuration in its own process, answers compared side by side.

``run`` (configurations, synthetic file cache), ``child`` (one configuration's process),
``queries`` (the query mix), ``canon`` (answers made comparable), ``report`` (ratios, targets,
Markdown) and ``timing`` (cold, median and the nearest-rank p95 every benchmark prints, the web's
page benchmark too). No server, no browser, no explorer URL: those are in ``koopgraph.web.bench``.
May import every room of :mod:`koopgraph.graph` below it (and :mod:`koopgraph.ontology`);
nothing in the core imports it.
"""
