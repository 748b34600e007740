"""One malloc heap for the app's threads: glibc gives every thread that allocates an arena of
its own, and the app's (Textual's input and output threads, the saver, the workers) each kept
pages of their own resident: 14 MB of a 5 MB article's 116 MB. Under the GIL the threads
rarely allocate at once, so sharing one heap costs no waiting worth measuring."""

from __future__ import annotations

import sys

M_ARENA_MAX = -8
"""glibc's mallopt parameter for the most arenas (malloc.h)."""


def share_one_heap() -> bool:
    """Ask the C library for one arena for every thread (before any thread starts); False
    where it has no such setting (not glibc), which changes nothing else."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library to load, or one without mallopt (musl)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, 1))
