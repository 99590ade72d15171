"""Find site-template lines of a corpus in bounded memory (two streaming passes).

:func:`seedclean.boilerplate.find_template_lines` keeps every distinct line of
the corpus in a dict, which grows with the corpus.  Here pass 1 hashes each
distinct line of each page (64-bit xxhash, the low bit carrying "at the page
edge") into a fixed-size buffer spilled to 16 bucket files on disk; counting a
bucket needs memory for 1/16 of the hashes only.  Pass 2 streams the pages again
and recovers the text of the few lines whose hash recurs often enough, applying
the same rule as ``find_template_lines`` (a test checks both agree).

Lines are counted per site (the ``site`` of :meth:`TemplateCounter.add`, the
host of a record's ``url``): the site is part of each line's hash.

>>> import tempfile, pathlib
>>> story = "Story {} is about the harbour and the boats.\\n"
>>> pages = [("a.org", "Home\\nWorld\\n" + story.format(i)) for i in range(3)]
>>> with tempfile.TemporaryDirectory() as d:
...     tc = TemplateCounter(pathlib.Path(d))
...     for site, p in pages:
...         tc.add(p, site)
...     {site: sorted(lines) for site, lines in tc.resolve(pages).items()}
{'a.org': ['home', 'world']}
"""

from __future__ import annotations

import array
from collections.abc import Collection, Iterable
from pathlib import Path

from seedclean.config import BoilerplateConfig

__all__ = ["TemplateCounter", "frequent_page_lines"]

BUCKET_BITS = 4  # 16 bucket files: counting holds 1/16 of the hashes in memory
BUFFER = 1 << 20  # hashes buffered before a spill (8 MB)


def _page_lines(text: str, edge_share: float) -> dict[str, bool]:
    from seedclean.boilerplate.templates import _page_lines as page_lines

    return page_lines(text, edge_share)


def _key(line: str, site: str = "") -> int:
    """Return the 64-bit key of a line of a site, low bit clear (it carries "at the edge")."""
    import xxhash

    data = f"{site}\x00{line}" if site else line
    return int(xxhash.xxh3_64_intdigest(data.encode("utf-8", "surrogatepass"))) & ~1


class TemplateCounter:
    """Count how many pages each line is on (and at the edge of), spilling hashes to disk."""

    def __init__(self, workdir: Path, *, config: BoilerplateConfig | None = None,
                 min_count: int | None = None) -> None:
        """Prepare an empty counter whose spill files live in ``workdir``."""
        self.cfg = config or BoilerplateConfig()
        self.min_count = min_count if min_count is not None else self.cfg.template_min_count
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.buf: array.array[int] = array.array("Q")
        self.pages = 0
        for f in self._files():
            f.unlink(missing_ok=True)

    def _files(self) -> list[Path]:
        return [self.dir / f"lines-{b:02d}.u64" for b in range(1 << BUCKET_BITS)]

    def add(self, text: str, site: str = "") -> None:
        """Count the distinct lines of one page of ``site``."""
        self.pages += 1
        for line, edge in _page_lines(text, self.cfg.template_edge_share).items():
            self.buf.append(_key(line, site) | int(edge))
        if len(self.buf) >= BUFFER:
            self._spill()

    def add_keys(self, pages: int, keys: bytes) -> None:
        """Count ``pages`` pages whose line keys (``uint64``, made as :meth:`add` does) came from a worker."""
        self.pages += pages
        self.buf.frombytes(keys)
        if len(self.buf) >= BUFFER:
            self._spill()

    def _spill(self) -> None:
        import numpy as np

        if not self.buf:
            return
        arr = np.frombuffer(self.buf, dtype=np.uint64)
        bucket = arr >> np.uint64(64 - BUCKET_BITS)
        for b, f in enumerate(self._files()):
            part = arr[bucket == b]
            if part.size:
                with f.open("ab") as out:
                    part.tofile(out)
        self.buf = array.array("Q")

    def frequent(self) -> dict[int, tuple[int, int]]:
        """Return ``hash -> (pages, pages at edge)`` for hashes on >= ``min_count`` pages."""
        import numpy as np

        self._spill()
        found: dict[int, tuple[int, int]] = {}
        for f in self._files():
            if not f.exists():
                continue
            arr = np.fromfile(f, dtype=np.uint64)
            keys, inverse, counts = np.unique(arr & np.uint64(~1 & (2**64 - 1)), return_inverse=True,
                                              return_counts=True)
            edges = np.bincount(inverse, weights=(arr & np.uint64(1)).astype(np.float64))
            for i in np.nonzero(counts >= self.min_count)[0]:
                found[int(keys[i])] = (int(counts[i]), int(edges[i]))
            f.unlink()
        return found

    def resolve(self, pages: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
        """Stream the same ``(site, text)`` pages again; return each site's template lines."""
        frequent = self.frequent()
        share = self.cfg.template_edge_share
        return self.keep(frequent, (frequent_page_lines([page], frequent, share) for page in pages))

    def keep(self, frequent: dict[int, tuple[int, int]],
             found: Iterable[Iterable[tuple[int, str, str]]]) -> dict[str, frozenset[str]]:
        """Return each site's template lines among ``(key, site, line)`` batches, in page order.

        ``frequent`` is :meth:`frequent`'s result; the batches come from
        :func:`frequent_page_lines` (here, or on a cluster's workers), and
        reading stops once every frequent key has its line.
        """
        from seedclean.boilerplate.templates import is_template

        keep: dict[str, set[str]] = {}
        seen: set[int] = set()
        if not frequent:
            return {}
        for batch in found:
            for k, site, line in batch:
                if k in seen:
                    continue
                seen.add(k)
                n, at_edge = frequent[k]
                if is_template(line, n, at_edge, self.cfg, self.min_count):
                    keep.setdefault(site, set()).add(line)
            if len(seen) == len(frequent):
                break
        return {site: frozenset(lines) for site, lines in sorted(keep.items())}


def frequent_page_lines(pages: Iterable[tuple[str, str]], frequent: Collection[int],
                        edge_share: float) -> list[tuple[int, str, str]]:
    """Return ``(key, site, line)`` for the first line with each key in ``frequent``, in page order."""
    out, seen = [], set()
    for site, text in pages:
        for line in _page_lines(text, edge_share):
            k = _key(line, site)
            if k in frequent and k not in seen:
                seen.add(k)
                out.append((k, site, line))
    return out
