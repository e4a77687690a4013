"""HMAC-SHA256 (RFC 2104, first 128 bits as hex) of many short texts, on every core.

OpenSSL hashes a short address with the CPU's SHA instructions in a fraction of a
microsecond; what costs is Python's overhead per message, about 0.7 us. Starting from the
hash state after the padded key block (computed once) saves the key block per message, and
a large input is split over worker processes, one per core: a million signals need two
million hashes. DuckDB's software SHA-256 took about 2.5 times the CPU time.

Workers are spawned, not forked (the ETL process runs DuckDB threads), and import only this
module's standard-library dependencies. Texts and key reach them through a pipe and are never
written anywhere; only digests come back.
"""

from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

_BLOCK = 64  # SHA-256 block size in bytes
DIGEST_HEX = 32  # characters kept per digest: the first 128 bits
#: Below this many texts the hashes are computed in this process: handing them over costs
#: more than it saves.
PARALLEL_FROM = 50_000

_pool: ProcessPoolExecutor | None = None


def key_blocks(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded key blocks of HMAC (RFC 2104)."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in padded), bytes(b ^ 0x5C for b in padded)


def hmac_hex_packed(data: bytes, offsets: bytes, inner: bytes, outer: bytes) -> bytes:
    """Hex digests of the texts ``data[offsets[i]:offsets[i + 1]]``, back to back.

    Parameters
    ----------
    data
        The texts' UTF-8 bytes, concatenated (an Arrow string array's data buffer).
    offsets
        ``n + 1`` native int64 positions into ``data`` (an Arrow large_string's offsets).
    inner, outer
        The padded key blocks (:func:`key_blocks`).

    Returns
    -------
    bytes
        ``n`` digests of :data:`DIGEST_HEX` ASCII hex characters each.
    """
    inner_copy = hashlib.sha256(inner).copy
    outer_copy = hashlib.sha256(outer).copy
    text = memoryview(data)
    positions = memoryview(offsets).cast("q")
    digests = []
    keep = digests.append
    half = DIGEST_HEX // 2
    start = positions[0]
    for end in positions[1:]:
        inner_hash = inner_copy()
        inner_hash.update(text[start:end])
        outer_hash = outer_copy()
        outer_hash.update(inner_hash.digest())
        keep(outer_hash.digest()[:half])
        start = end
    return b"".join(digests).hex().encode("ascii")


def hmac_hex_parts(parts: list[tuple[bytes, bytes]], inner: bytes, outer: bytes) -> bytes:
    """:func:`hmac_hex_packed` of each ``(data, offsets)`` part, concatenated in order; in
    the worker processes when there is more than one part."""
    if len(parts) <= 1:
        return b"".join(hmac_hex_packed(d, o, inner, outer) for d, o in parts)
    pool = _worker_pool()
    futures = [pool.submit(hmac_hex_packed, d, o, inner, outer) for d, o in parts]
    return b"".join(f.result() for f in futures)


def worker_count() -> int:
    """How many parts to split a large input into: one per core this process may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _worker_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=worker_count(),
                                    mp_context=multiprocessing.get_context("spawn"))
        atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
    return _pool


def warm_up() -> None:
    """Start the workers now (they take a moment to spawn), e.g. while the address table
    is read, so the first batch does not wait for them."""
    if worker_count() > 1:
        pool = _worker_pool()
        for _ in range(worker_count()):
            pool.submit(int)
