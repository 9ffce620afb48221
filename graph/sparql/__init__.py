"""The SPARQL room: what the endpoint and the Python API run, safely and under limits.

The safe entry points for Python (``query``), the text check that decides what runs
(``safety`` with its tokenizer ``tokens``), the network wall of the evaluating processes
(``sandbox``), the protocol's dataset parameters (``dataset_clause``), one query's evaluation
and serialisation (``execution``, ``results``), the engine with its killable worker
processes (``engine``, ``workers``), the Service Description, the question catalogue
(``questions`` with its ``.rq`` files) and the vocabulary offered for autocompletion. May import :mod:`koopgraph.graph.store` and the ground floor.
"""
