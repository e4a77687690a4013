"""Give memory that a finished stage no longer needs back to the operating system.

Arrow's allocator (mimalloc) and the C heap keep freed memory for reuse; after reading a
9-million-address table and a million signals that is several hundred megabytes the
Python-heavy disclosure control would otherwise stack its own peak on top of.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

import pyarrow as pa

log = logging.getLogger(__name__)


def release_unused_memory() -> None:
    """Collect garbage, then ask Arrow's pool and glibc to return free pages."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        try:
            ctypes.CDLL(libc_name).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
            log.debug("malloc_trim not available")
