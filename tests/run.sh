#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them all.
# Debian's chromium (browser tests) and virtuoso-opensource (the second SPARQL engine), the
# oxigraph server from PyPI (remote-store tests) and koopgraph with its test extras go into .venv;
# then pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if ! command -v chromium >/dev/null 2>&1 || ! command -v virtuoso-t >/dev/null 2>&1; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium virtuoso-opensource >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip setuptools
.venv/bin/python -m pip install -q -e '.[test]'
# Two workers (pytest-xdist), whole test files per worker: module fixtures are made once; the stores
# made once per run (tests/stores.py, made_once) are shared. `-n 0` after it runs everything in one process.
PATH="$PWD/.venv/bin:$PATH" .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
