"""Build the look-alike letter table used by homoglyph folding.

Source: Unicode's confusables.txt (UTS #39) as shipped offline in the PyPI
package ``confusable-homoglyphs`` (``confusables.json``).  Kept: pairs of single
letters between the Latin, Cyrillic and Greek scripts with the same case, e.g.
Cyrillic ``М`` -> Latin ``M``.  The table maps, per target script, each foreign
letter to its look-alike in that script.

Output: ``src/seedclean/encoding/data/homoglyphs.json``.

Usage: ``pip install confusable-homoglyphs && python scripts/build_encoding_homoglyphs.py``
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/seedclean/encoding/data/homoglyphs.json"
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def script(ch: str) -> str | None:
    """Return LATIN/CYRILLIC/GREEK for a letter of those scripts, else None."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0]
    return first if first in SCRIPTS else None


def basic(ch: str) -> bool:
    """Return True for letters of the basic alphabets (A-Z, Russian-range Cyrillic, Greek)."""
    cp = ord(ch)
    return ch.isascii() or 0x0400 <= cp <= 0x045F or 0x0391 <= cp <= 0x03C9


def build() -> dict[str, dict[str, str]]:
    """Return {target script: {foreign letter: look-alike letter}}."""
    raw = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    data = json.loads(raw)
    table: dict[str, dict[str, str]] = {s: {} for s in SCRIPTS}
    for src, entries in sorted(data.items()):
        s_src = script(src) if len(src) == 1 else None
        if s_src is None:
            continue
        for entry in entries:
            dst = entry["c"]
            s_dst = script(dst) if len(dst) == 1 else None
            if s_dst is None or s_dst == s_src or not (basic(src) and basic(dst)):
                continue
            if src.isupper() != dst.isupper() or src.islower() != dst.islower():
                continue
            # Lower-case Greek letters inside Latin words are scientific notation
            # ("TNFα", "IL2Rγc"), not look-alikes.
            if s_src == "GREEK" and s_dst == "LATIN" and src.islower():
                continue
            # Keep plain letters only (no small capitals, no letters with hooks).
            if "SMALL CAPITAL" in unicodedata.name(src) + unicodedata.name(dst):
                continue
            table[s_dst].setdefault(src, dst)
    return {k: dict(sorted(v.items())) for k, v in table.items()}


def main() -> None:
    """Build the table and write it."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    table = build()
    import confusable_homoglyphs

    meta = {"source": f"confusable-homoglyphs {getattr(confusable_homoglyphs, '__version__', '?')}"
            " (Unicode confusables.txt, UTS #39)"}
    args.out.write_text(json.dumps({"meta": meta, **table}, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{k}={len(v)}" for k, v in table.items()))


if __name__ == "__main__":
    main()
