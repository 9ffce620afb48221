"""Counting how often the code under test computes something (a layout, a read, a profile): the
tests of kept results assert that a restart or a second visit computes nothing again."""

from __future__ import annotations

from collections.abc import Callable


def counting(counted: dict[str, int], name: str, compute: Callable) -> Callable:
    """``compute``, adding 1 to ``counted[name]`` at each call."""
    def wrapper(*args, **kwargs):
        counted[name] += 1
        return compute(*args, **kwargs)
    return wrapper
