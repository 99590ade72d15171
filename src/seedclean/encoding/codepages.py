"""Undo single-byte (and EUC/GBK) codepage confusions, word by word.

Text is cut into tokens at ASCII white space.  For every token holding
non-ASCII characters and every confusion ``(true, read_as)`` of
:data:`seedclean.encoding.codecs.PAIRS`, the token is re-encoded with
``read_as`` and decoded with ``true``.  A candidate wins when the language
plausibility model (:mod:`seedclean.encoding.langmodel`) likes it much better
than the token as it is:

1. *confident* tokens gain at least ``min_gain`` nats in total and
   ``min_margin`` nats per character, and the candidate itself looks like
   language (``min_candidate`` nats per character);
2. *supported* tokens lose at most ``codepage_support_slack`` (plus
   ``codepage_support_slack_per_letter`` per character) nats under the same confusion as a
   confident token on the same line with at most ``max_gap`` ASCII tokens
   between them (short words such as ``в`` or ``и`` inside a damaged sentence).

Correct words never gain: re-decoding them yields character sequences no
language uses (``Größe`` -> ``GrцЯe``).

Reasons: ``"<true> text decoded as <read_as>"``, e.g.
``"cp1251 text decoded as latin-1"``.

>>> repair("Date: 1 íîÿáðÿ 2022.")[0]
'Date: 1 ноября 2022.'
>>> repair("Größe, Þórður, café, Paweł")[0]
'Größe, Þórður, café, Paweł'
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable

from seedclean.config import EncodingConfig
from seedclean.document import Edit
from seedclean.encoding.codecs import PAIRS, display, redecode, reencode
from seedclean.encoding.homoglyphs import fold
from seedclean.encoding.langmodel import score, spellable

__all__ = ["repair"]

_TOKEN = re.compile(r"[^ \t\n\r\f\v]+")
# Letters of the alphabetic scripts codepage confusions move between.
_SCRIPT_RANGES = {"L": [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F)], "C": [(0x400, 0x52F)],
                  "G": [(0x370, 0x3FF)], "H": [(0x590, 0x5FF)], "A": [(0x600, 0x6FF)]}


_CODES = frozenset(_SCRIPT_RANGES)


@functools.cache
def _script_table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(range(1792))
    for code, ranges in _SCRIPT_RANGES.items():
        for lo, hi in ranges:
            for cp in range(lo, hi + 1):
                # Whole blocks (Hebrew points and Arabic marks count), but not × ÷.
                if code != "L" or chr(cp).isalpha():
                    table[cp] = code
    return table


_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


def _mixed_word(text: str) -> bool:
    """Return True when some word (run of letters) of ``text`` mixes scripts ("GrцЯe", not "SSL-серт")."""
    return any(_n_scripts(w) > 1 for w in _LETTER_RUN.findall(text))


def _n_scripts(text: str) -> int:
    """Return how many of Latin, Cyrillic, Greek, Hebrew, Arabic ``text`` uses (CJK etc. ignored)."""
    return len(_CODES.intersection(text.translate(_script_table())))


_INNER_CAPITAL = re.compile("[a-zß-öø-ÿа-яёђ-џα-ω][A-ZÀ-ÖØ-ÞА-ЯЁЂ-ЏΑ-Ω]")
_CJK_IN_WORD = re.compile("[A-Za-z\u00c0-\u024f][\u2e80-\u9fff\uac00-\ud7af]{1,2}[A-Za-z\u00c0-\u024f]")
_BAD_CANDIDATE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
# A non-ASCII symbol or punctuation mark glued between two letters; CJK
# punctuation and apostrophe-like marks are normal there.
_IN_WORD_SYMBOL = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u2019\u02bc\u00b7\u3000-\u303f\uff00-\uffef](?=[^\W\d_])")


@dataclasses.dataclass(frozen=True, slots=True)
class _Choice:
    """Best re-decoding of one token."""

    true: str
    read_as: str
    outer: str  # "" or the codec a UTF-8 layer on top was read with
    text: str
    gain: float
    per_char_gain: float
    cand_per_char: float


def _mostly_letters(cand: str) -> bool:
    """Return True when ``cand`` has letters and at least as many as non-ASCII symbols.

    Re-decoding only ever restores letters (and CJK punctuation); a candidate
    that turns ``3×4`` into ``3׳4`` or ``°C`` into ``¡C`` restores nothing.
    """
    letters = others = 0
    for ch in cand:
        if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or (ch.isascii() and not ch.isalpha()):
            continue
        if ch.isalpha():
            letters += 1
        else:
            others += 1
    return letters > 0 and letters >= others


def _symbol_for_symbol(token: str, cand: str) -> bool:
    """Return True when every change swaps a symbol between two letters for another symbol.

    German and English web text write an acute accent for an apostrophe
    (``geht´s``); read as mac_roman mojibake it would "restore" ``geht«s``.
    Re-decoding a word restores letters; a symbol inside a word that stays a
    symbol restores nothing.

    >>> _symbol_for_symbol("geht´s", "geht«s"), _symbol_for_symbol("atr·s", "atrás")
    (True, False)
    """
    if len(token) != len(cand) or token == cand:
        return False
    return all(0 < i < len(token) - 1 and token[i - 1].isalpha() and token[i + 1].isalpha()
               and not b.isalpha() for i, b in _changes(token, cand))


def _changes(token: str, cand: str) -> list[tuple[int, str]]:
    """Return ``(position, new character)`` where ``cand`` (of the same length) differs from ``token``."""
    return [(i, b) for i, (a, b) in enumerate(zip(token, cand, strict=True)) if a != b]


def _restores_letter(token: str, cand: str) -> bool:
    """Return True unless every character the re-decoding changes stays a non-letter.

    A token is repaired on its own evidence only when a letter comes back
    (``´readonly'`` in a Turkish manual is a quotation mark, not a mac_roman
    ``«``); quotation marks in damaged text are repaired with their
    neighbours' confusion.

    A pair of quotation marks around a word, both restored (``´checkª`` ->
    ``«check»``), counts as a letter.

    >>> _restores_letter("´readonly'", "«readonly'"), _restores_letter("·rbol", "árbol")
    (False, True)
    >>> _restores_letter("´checkª", "«check»")
    True
    """
    if len(token) != len(cand):
        return True
    changed = _changes(token, cand)
    if any(b.isalpha() for _, b in changed):
        return True
    return (len(changed) == 2 and changed[1][0] - changed[0][0] > 1
            and changed[0][1] + changed[1][1] in _QUOTE_PAIRS)


_QUOTE_PAIRS = frozenset({"«»", "»«", "“”", "„“", "‘’", "‚‘", "‹›"})


Key = tuple[str, str, str]  # (true, read_as, outer UTF-8 layer's read_as or "")


def _all_keys() -> list[Key]:
    return [(t, r, "") for r, ts in PAIRS.items() for t in ts]


def _candidates(token: str, scores: dict[str, tuple[float, int]],
                keys: Iterable[Key] | None = None) -> dict[Key, tuple[str, float, int]]:
    """Return every re-decoding of ``token`` per confusion, with its model score.

    A token that is itself UTF-8 mojibake (``fÑŒhrt``) is also unwrapped one
    layer (``fьhrt``) and re-decoded from there (``führt``).
    """
    out: dict[Key, tuple[str, float, int]] = {}
    todo = list(keys) if keys is not None else _all_keys() + _layered_keys(token)
    inner: dict[str, str | None] = {}
    raws: dict[tuple[str, str], bytes | None] = {}
    n_scripts = _n_scripts(token)
    mixed = _mixed_word(token)
    n_letters = _letters(token)
    for true, read_as, outer in todo:
        src = token
        if outer:
            if outer not in inner:
                inner[outer] = redecode(token, "utf-8", outer)
            src = inner[outer]  # type: ignore[assignment]
            if src is None:
                continue
        raw_key = (outer, read_as)
        if raw_key not in raws:
            raws[raw_key] = reencode(src, read_as)
        raw = raws[raw_key]
        if raw is None:
            continue
        try:
            cand = raw.decode(true)
        except UnicodeDecodeError:
            continue
        if cand == token or _BAD_CANDIDATE.search(cand):
            continue
        # Between single-byte codepages a repair maps letters to letters: one
        # that turns a letter of a word into a symbol ("ícone" -> "’cone")
        # repairs nothing (a lone "С" may stand for a dash, though).
        if (not outer and true in _SINGLE_BYTE and len(token) > 1 and _letters(cand) < n_letters
                and not _SEMITIC.search(cand) and not _edge_punctuation_only(token, cand)):
            continue
        # A word the re-decoding leaves in two scripts ("GrцЯe") never beats
        # the original: skip scoring it.
        if (_mixed_word(cand) and not mixed) or (_CJK_IN_WORD.search(cand) and n_scripts <= 1):
            continue
        # Nor does a word no language spells ("ŕjourförda"): skip scoring it too.
        if not spellable(cand):
            continue
        # Hebrew and Arabic marks split words: judge such a token as a whole.
        if _SEMITIC.search(cand) and _n_scripts(cand) > max(1, n_scripts):
            continue
        if cand not in scores:
            scores[cand] = _score(cand)
        out[(true, read_as, outer)] = (cand, *scores[cand])
    return out


# Hebrew and Arabic codepages hold punctuation and vowel marks where Latin-1 has letters.
_SEMITIC = re.compile("[\u0590-\u06ff]")
_SINGLE_BYTE = frozenset(t for ts in PAIRS.values() for t in ts) - {"utf-8", "euc_jp", "gbk", "euc_kr"}


_OPENING = "«„“‘—–"
_CLOSING = "…»”’—–"


def _edge_punctuation_only(token: str, cand: str) -> bool:
    """Return True when the letters ``cand`` lost became quotes or dashes at the token's edges."""
    if len(token) != len(cand):
        return False
    for i, (a, b) in enumerate(zip(token, cand, strict=False)):
        if a.isalpha() and not b.isalpha():
            end = len(token) - 1
            # The last letter may be followed by ASCII punctuation ("времЯЙ," -> "время…,").
            while end > 0 and token[end].isascii() and not token[end].isalnum():
                end -= 1
            if not ((i == 0 and b in _OPENING) or (i == end and b in _CLOSING)):
                return False
    return True


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _layered_keys(token: str) -> list[Key]:
    """Return the confusions under a UTF-8 layer, when ``token`` unwraps as one."""
    keys: list[Key] = []
    for outer in ("cp1252", "latin-1"):
        inner = redecode(token, "utf-8", outer)
        if inner is not None and inner != token and not inner.isascii():
            keys += [(t, r, outer) for r, ts in PAIRS.items() for t in ts if t != "utf-8"]
            break
    return keys


def _choices(token: str, scores: dict[str, tuple[float, int]],
             pairs: Iterable[Key] | None = None) -> dict[Key, _Choice]:
    """Return, per confusion, how much re-decoding ``token`` gains.

    The baseline is the better of the token and its homoglyph folding, so a
    look-alike letter (``Мichaelson``) is left to folding, not re-decoded.
    """
    orig_total, orig_n = _score(token)
    folded = fold(token)[0]
    if folded != token:
        f_total, f_n = _score(folded)
        if f_total / max(f_n, 1) > orig_total / max(orig_n, 1):
            orig_total, orig_n = f_total, f_n
    orig_mean = orig_total / max(orig_n, 1)
    out = {}
    for (true, read_as, outer), (cand, total, n) in _candidates(token, scores, pairs).items():
        if n == 0 < orig_n and len(token) > 1:
            continue  # nothing left to judge (only marks or symbols): no evidence
        # Compare means, then scale by the original length: re-decodings that
        # shorten a token (EUC: two characters become one) are not favoured
        # merely for having fewer characters to score.
        cand_mean = total / max(n, 1)
        if _is_cjk(cand):
            # One CJK character stands for two or three mojibake characters:
            # compare totals, not means (which would count it several times).
            gain = total - orig_total
        else:
            gain = (cand_mean - orig_mean) * max(orig_n, 1)
        # Per changed character, so long words with one wrong letter
        # ("Oberflдchendokument", "Љоличество") are not diluted.
        p, s = _trim(token, cand)
        changed = max(1, len(token) - p - s)
        out[(true, read_as, outer)] = _Choice(true, read_as, outer, cand, gain, gain / changed, cand_mean)
    return out


# Tokens up to this long have their scores and re-decodings cached across
# calls (words recur across documents; a long unspaced CJK run rarely does).
_CACHE_MAX = 64


@functools.lru_cache(maxsize=1 << 16)
def _cached_score(token: str) -> tuple[float, int]:
    return score(token)


def _score(token: str) -> tuple[float, int]:
    """Return ``langmodel.score(token)``, cached for tokens up to ``_CACHE_MAX`` characters."""
    return _cached_score(token) if len(token) <= _CACHE_MAX else score(token)


@functools.lru_cache(maxsize=4096)  # ~10 choices per token: a few MB at most
def _cached_choices(token: str) -> dict[Key, _Choice]:
    return _choices(token, {})


def _all_choices(token: str) -> dict[Key, _Choice]:
    """Return ``_choices(token)`` over every confusion (a pure function: cached for short tokens).

    Callers must not mutate the returned dict (it may be shared).
    """
    return _cached_choices(token) if len(token) <= _CACHE_MAX else _choices(token, {})


def _confident(c: _Choice, cfg: EncodingConfig, token: str = "") -> bool:
    # CJK characters are words or syllables: count each as two letters.
    cjk = sum(1 for ch in c.text if ch >= "\u2e80" and ch.isalpha())
    alpha = sum(1 for ch in c.text if ch.isalpha())
    letters = cjk + alpha
    # A short candidate proves little ("°C" -> "АC"); a word of a few letters does.
    # A token mixing scripts that the re-decoding unifies ("fьr" -> "für") is
    # evidence enough one letter shorter.
    # So is a lower-case word whose every letter is a Latin-1 letter ("ìàÿ" ->
    # "мая"): no language writes three-letter words like that (capitals such as
    # "ÌÑÌ" are leetspeak and stay).
    all_high = token.isalpha() and token.islower() and not any(ch.isascii() for ch in token)
    shorter = _n_scripts(token) > 1 >= _n_scripts(c.text) or (all_high and _n_scripts(c.text) == 1)
    min_letters = cfg.codepage_min_letters - (1 if shorter else 0)
    if letters < min_letters or not _mostly_letters(c.text) or not _restores_letter(token, c.text):
        return False
    # A re-decoding restores a word some language spells: "àjourförda" (Swedish)
    # is not cp1250 "ŕjourförda", no alphabet has both "ŕ" and "ö".  Nor does it
    # bring what damage looks like: a capital after a lower-case letter
    # ("•този•" in Bulgarian is not mac_cyrillic "ХтозиХ").
    if not spellable(c.text) or (_INNER_CAPITAL.search(c.text) and not _INNER_CAPITAL.search(token)):
        return False
    # The character model knows CJK mostly by single characters: lower floor.
    floor = cfg.codepage_min_candidate_cjk if cjk >= 2 else cfg.codepage_min_candidate
    if c.cand_per_char < floor:
        return False
    # Either a large gain spread over the token, or a smaller one concentrated
    # on one or two changed letters (a capital letter turned into a symbol).
    return ((c.gain >= cfg.codepage_min_gain and c.per_char_gain >= cfg.codepage_min_margin)
            or (c.gain >= cfg.codepage_min_gain_focused and c.per_char_gain >= cfg.codepage_min_margin_focused
                and c.cand_per_char >= cfg.codepage_min_candidate_focused))


def _decide(tokens: list[re.Match[str]], text: str, cfg: EncodingConfig) -> dict[int, _Choice]:
    """Return the accepted re-decoding per token index."""
    cache: dict[str, dict[Key, _Choice]] = {}
    scores: dict[str, tuple[float, int]] = {}
    per_token: dict[int, dict[Key, _Choice]] = {}
    plausible: set[int] = set()
    for i, m in enumerate(tokens):
        tok = m.group()
        if tok.isascii():
            continue
        if tok not in cache:
            total, n = _score(tok)
            # Tokens that already read as language are only re-decoded when a
            # confident neighbour asks (below): most correct words stop here.
            cache[tok] = {} if n and total / n >= cfg.codepage_plausible else _all_choices(tok)
        if not cache[tok]:
            plausible.add(i)
        per_token[i] = cache[tok]
    # The confusion that gains most over the whole text gets a bonus in each
    # token: one document rarely mixes two codepages.
    weight: dict[Key, float] = {}
    for choices in per_token.values():
        for pair, c in choices.items():
            weight[pair] = weight.get(pair, 0.0) + max(c.gain, 0.0)
    main = max(weight, key=lambda p: weight[p], default=None)
    accepted: dict[int, _Choice] = {}
    for i, choices in per_token.items():
        best = max(choices.values(), key=lambda c: c.gain + (cfg.codepage_consistency if (c.true, c.read_as, c.outer) == main else 0.0), default=None)
        # One document, one confusion: the dominant one wins wherever it helps.
        dominant = choices.get(main) if main is not None else None
        if dominant is not None and dominant.gain > 0:
            best = dominant
        if best is not None and _confident(best, cfg, tokens[i].group()):
            accepted[i] = best
    # Spread confident decisions to weakly positive neighbours on the same line.
    frontier = sorted(accepted)
    while frontier:
        nxt = []
        for i in frontier:
            key = (accepted[i].true, accepted[i].read_as, accepted[i].outer)
            for step in (-1, 1):
                j = _neighbour(tokens, text, per_token, i, step, key, cfg)
                if j is None or j in accepted:
                    continue
                if j in plausible and key not in per_token[j]:
                    per_token[j] = {**per_token[j], **_choices(tokens[j].group(), scores, [key])}
                found = per_token[j].get(key)
                if found is not None and found.gain > -_slack(found, cfg) \
                        and not _symbol_for_symbol(tokens[j].group(), found.text):
                    accepted[j] = found
                    nxt.append(j)
        frontier = nxt
    return accepted


def _neighbour(tokens: list[re.Match[str]], text: str, per_token: dict[int, dict[Key, _Choice]],
               i: int, step: int, key: Key, cfg: EncodingConfig) -> int | None:
    """Return the next token from ``i`` that ``key`` would change, on the same line.

    ASCII tokens count towards ``codepage_max_gap``; tokens the confusion
    leaves as they are (``может`` in mac_cyrillic read as cp1251) are skipped.
    """
    j, gap = i + step, 0
    while 0 <= j < len(tokens) and gap <= cfg.codepage_max_gap:
        lo, hi = sorted((tokens[i].end(), tokens[j].start())) if step > 0 else sorted((tokens[j].end(), tokens[i].start()))
        if "\n" in text[lo:hi]:
            return None
        tok = tokens[j].group()
        if j not in per_token:
            gap += 1
        elif key in per_token[j] or _redecode_key(tok, key) not in (tok, None):
            return j
        elif _redecode_key(tok, key) is None:
            return None
        j += step
    return None


def _redecode_key(token: str, key: Key) -> str | None:
    true, read_as, outer = key
    if outer:
        inner = redecode(token, "utf-8", outer)
        return None if inner is None else redecode(inner, true, read_as)
    return redecode(token, true, read_as)


def _is_cjk(text: str) -> bool:
    """Return True when at least a third of the letters of ``text`` are CJK."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and 3 * sum(1 for ch in letters if ch >= "\u2e80") >= len(letters)


def _slack(c: _Choice, cfg: EncodingConfig) -> float:
    return cfg.codepage_support_slack + cfg.codepage_support_slack_per_letter * len(c.text)


def _trim(before: str, after: str) -> tuple[int, int]:
    """Return the lengths of the common prefix and suffix of two strings."""
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]:
        s += 1
    return p, s


def _coherent(tokens: list[re.Match[str]], text: str, accepted: dict[int, _Choice]) -> dict[int, _Choice]:
    """Drop Latin-to-Latin repairs that leave a line no language could spell.

    A one-letter repair inside Latin text ("Hoceïma" -> cp1257 "Hoceļma")
    is right only if it makes sense with the line's other letters: when the
    line's letters fit one alphabet before the repairs (French "é", "ï") and
    not after ("é" with Latvian "ļ"), its Latin-to-Latin repairs are dropped.
    Repairs into other scripts (Latin-1 mojibake back to Cyrillic in an
    English line) are kept: mixed-script lines are normal.
    """
    lines: dict[int, list[int]] = {}
    for i in accepted:
        lines.setdefault(text.rfind("\n", 0, tokens[i].start()), []).append(i)
    out = dict(accepted)
    for start, idx in lines.items():
        end = text.find("\n", tokens[idx[-1]].end())
        line = text[start + 1 : end if end >= 0 else len(text)]
        latin = [i for i in idx if _latin_only(tokens[i].group() + accepted[i].text)]
        if not latin or not spellable(_line_letters(line)):
            continue
        after = line
        for i in sorted(idx, reverse=True):
            a, b = tokens[i].start() - start - 1, tokens[i].end() - start - 1
            after = after[:a] + accepted[i].text + after[b:]
        if not spellable(_line_letters(after)):
            for i in latin:
                del out[i]
    return out


def _line_letters(line: str) -> str:
    """Return the distinct non-ASCII letters of ``line``."""
    return "".join({ch for ch in line if not ch.isascii() and ch.isalpha()})


def _latin_only(text: str) -> bool:
    """Return True when every letter of ``text`` is Latin."""
    return all(ch < "\u0250" for ch in text if ch.isalpha())


def repair(text: str, *, config: EncodingConfig | None = None) -> tuple[str, tuple[Edit, ...]]:
    """Re-decode words whose bytes were read with the wrong codepage.

    Args:
        text: text that may contain codepage mojibake.
        config: thresholds (``codepage_*`` fields of :class:`EncodingConfig`).

    Returns:
        The repaired text and one edit per changed token (spans in ``text``).
    """
    cfg = config or EncodingConfig()
    tokens = list(_TOKEN.finditer(text))
    accepted = _coherent(tokens, text, _decide(tokens, text, cfg))
    edits = []
    for i in sorted(accepted):
        m, c = tokens[i], accepted[i]
        p, s = _trim(m.group(), c.text)
        start, end = m.start() + p, m.end() - s
        reason = f"{display(c.true)} text decoded as {display(c.read_as)}"
        if c.outer:
            reason += f", then as utf-8 decoded as {display(c.outer)}"
        edits.append(Edit(stage="encoding", start=start, end=end, replacement=c.text[p:len(c.text) - s],
                          reason=reason, before=text[start:end]))
    if not edits:
        return text, ()
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), tuple(edits)
