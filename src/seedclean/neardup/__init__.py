"""Find near-duplicate documents across a corpus: MinHash + LSH, verified exactly.

Public API:

* :func:`find_duplicates` -> :class:`DedupResult` (pairs, clusters, canonical, duplicate_of);
* :func:`signatures` (numpy matrix) and :func:`to_lean_minhash` (datasketch objects);
* :func:`reference_shingles`, :func:`similarity` to recompute any reported value.

See :mod:`seedclean.neardup.shingles` for the exact shingling definition and
:mod:`seedclean.neardup.canonical` for the rule that picks the kept document.
"""

from __future__ import annotations

from seedclean.neardup.canonical import choose_canonical, drop_reason
from seedclean.neardup.core import DedupResult, find_duplicates
from seedclean.neardup.lsh import lsh_params
from seedclean.neardup.minhash import signatures, to_lean_minhash
from seedclean.neardup.shingles import reference_shingles
from seedclean.neardup.verify import similarity

__all__ = [
    "DedupResult",
    "choose_canonical",
    "drop_reason",
    "find_duplicates",
    "lsh_params",
    "reference_shingles",
    "signatures",
    "similarity",
    "to_lean_minhash",
]
