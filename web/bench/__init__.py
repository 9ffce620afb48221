"""Benchmarks of the web explorer: every page through a real server."""
