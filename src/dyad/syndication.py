"""Syndicated copies: a wire story reprinted by five sites is one independent source.

Documents are compared by MinHash signatures of their word 5-shingles; those whose estimated
Jaccard similarity passes the threshold (LSH banding finds candidates without comparing all
pairs) share a syndication group, named after the group's earliest document id.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.7
SHINGLE = 5
SCHEME = "affine32"


@lru_cache(maxsize=1)
def _permutations():
    """The MinHash permutations for NUM_PERM and seed 7, drawn once (MinHash draws them anew
    for every object otherwise)."""
    return MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME).permutations


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """The LSH bands and rows for THRESHOLD and NUM_PERM, optimised once (numerical integration)."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature(text: str) -> np.ndarray:
    words = re.findall(r"\w+", text.lower())
    m = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME, permutations=_permutations())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return m.hashvalues.astype(np.uint64)


def groups(signatures: dict[str, np.ndarray]) -> dict[str, str]:
    """doc id -> syndication group id (the smallest doc id among its near-duplicates)."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=_bands())
    mins: dict[str, MinHash] = {}
    for doc_id in sorted(signatures):
        m = MinHash(num_perm=NUM_PERM, seed=7, hashvalues=signatures[doc_id], scheme=SCHEME,
                    permutations=_permutations())
        mins[doc_id] = m
        lsh.insert(doc_id, m)
    parent = {d: d for d in signatures}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, m in mins.items():
        for other in lsh.query(m):
            if other != doc_id and m.jaccard(mins[other]) >= THRESHOLD:
                a, b = find(doc_id), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {d: find(d) for d in signatures}
