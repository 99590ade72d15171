"""Tell, cheaply, whether text may hold mojibake or look-alikes.

Most real text is clean.  This module builds (once, lazily) one regular
expression that matches the patterns mojibake leaves behind and almost no
correct text: C1 control characters, three or four Latin-1 symbols/letters in
a row, UTF-8 lead/continuation pairs as single-byte codepages show them, odd
symbols glued to letters, a capital after a lower-case letter where a
codepage swap puts one.  Then, only where they can apply: words mixing Latin
with Cyrillic or Greek letters; Cyrillic capital runs and case changes that
the language model reads better re-decoded; letters of no single alphabet
(Cyrillic beyond Russian's); accented letters whose trigrams no language has.
Text that passes is returned unchanged without further work, which is what
makes ``fix_text`` fast on clean text (``benchmarks/bench_encoding.py``).

>>> any(is_suspect(t) for t in ("Größe", "Paweł", "ноября", "Ελληνικά", "日本語"))
False
>>> is_suspect("1 íîÿáðÿ 2022"), is_suspect("cafÃ©"), is_suspect("Мichaelson")
(True, True, True)
"""

from __future__ import annotations

import functools
import re

from seedclean.encoding.codecs import READ_AS, byte_chars

__all__ = ["SHORT_TEXT", "alphabet_mismatch", "combined_regex", "first_match", "is_suspect",
           "suspect_regexes", "unseen_trigrams"]

# Punctuation that legitimately sits next to Latin-1 letters in runs ("«été»").
_COMMON_PUNCT = "«»·×÷‘’‚“”„–—…•\xa0šžŠŽ°"
# Symbols that almost never touch a letter in correct text but that
# single-byte mojibake puts inside words (cp1250/cp1257/cp1254 read as cp1252,
# cp1252 read as mac_roman, cp866/koi8 read as cp437/latin-1).
_ODD_IN_WORD = "¹³Ÿ¥¼¾¤¦¨¸þÞðÐ¢±¶§©®¯°²½\x81\x8d\x8f\x90\x9dˆ˜‰ﬁﬂ∂∑∏√∞◊˘˙˚˝˛ˇ"
_LETTER = r"[^\W\d_]"
# Letters checked against language alphabets: Latin, Greek, Cyrillic (where
# codepage mojibake lives); CJK alphabets are too large to list.
_ALPHABET_LIMIT = "\u0530"
_STRAY_LETTERS = 1
# Texts up to this many characters (a title, a sentence) are always checked by
# the model when they hold a prone letter: bounded cost, too little evidence else.
SHORT_TEXT = 300
# Latin-1 letters that Central European, Turkish and Baltic codepages read as
# cp1252/latin-1 turn into (letters both codepages share, like ä ö ü é ó, never are).
_PRONE = "ÀÁÂÃÅÆÇÈÊËÌÍÎÏÐÑÒÔÕØÙÚÛÝÞàáâãåæçèêëìíîïðñòôõøùúûýþÿ"
_ACCENTED = re.compile(f"[{_PRONE}]")
_LATIN = "A-Za-z\u00c0-\u024f"
_CYR_GREEK = "\u0370-\u03ff\u0400-\u04ff"


def _cls(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _utf8_patterns() -> list[str]:
    """Return UTF-8 lead+continuation patterns as single-byte codepages show them.

    Patterns start at the continuation character (punctuation and symbols in
    Latin codepages, rare letters in Cyrillic ones), which is sparser in clean
    text than the lead character (an accented letter).  Latin-1 and cp1252
    share one pattern; cp437 and mac_roman show UTF-8 as box drawing and
    math symbols, which the odd-symbol patterns catch.
    """
    latin = byte_chars("latin-1") + byte_chars("cp1252")
    lead2, lead3 = _cls(byte_chars("cp1252")[0xC2:0xE0]), _cls(byte_chars("cp1252")[0xE0:0xF0])
    cont = _cls(latin[0x80:0xC0] + latin[256 + 0x80 : 256 + 0xC0])
    # In Latin codepages two-byte lead bytes are rare capitals (Ã, Â): one pair
    # suffices; three-byte leads are common letters (í, é): ask for both
    # continuation bytes ("íš" is Slovak, "â€™" is mojibake).
    out = [f"{cont}(?:(?<={lead2}.)|(?<={lead3}.){cont})"]
    for name in ("cp1251", "koi8-r"):
        chars = byte_chars(name)
        # Elsewhere lead bytes are common letters: ask for two pairs in a row
        # whose lead bytes encode the same script (a word of one language):
        # Serbian capitals "ЕЂУЈ" are no UTF-8, "РџСЂ" is ("Пр").
        cont2 = _cls(chars[0x80:0xC0])
        same = "|".join(f"(?<={g}.){g}" for g in (_cls(chars[lo : hi + 1]) for lo, hi in _UTF8_LEAD_SCRIPTS))
        out.append(f"{cont2}(?:{same}){cont2}")
    return out


# Two-byte UTF-8 lead bytes per script: Latin-1, Latin Extended-A, Latin
# Extended-B and IPA, Greek, Cyrillic, Cyrillic Supplement, Hebrew, Arabic.
_UTF8_LEAD_SCRIPTS = ((0xC2, 0xC3), (0xC4, 0xC5), (0xC6, 0xCA), (0xCE, 0xCF), (0xD0, 0xD1), (0xD2, 0xD4),
                      (0xD6, 0xD7), (0xD8, 0xDB))


@functools.cache
def suspect_regexes() -> tuple[re.Pattern[str], ...]:
    """Return the compiled regexes whose match makes text worth a closer look.

    Each pattern starts with a character class that is rare in clean text, so
    the regex engine's first-character scan skips most of the input; the
    context of that character is checked with look-around.
    """
    latin1_high = "".join(chr(c) for c in range(0xA1, 0x100))
    cp1252_extra = byte_chars("cp1252")[0x80:0xA0]
    high = _cls("".join(c for c in latin1_high + cp1252_extra if c not in _COMMON_PUNCT))
    odd = _cls(_ODD_IN_WORD)
    parts = [
        r"[\x80-\x9f]",
        # Four such characters in a row, or a three-letter word made of them
        # ("9 ìàÿ 2022": a month); one pattern, one scan.
        f"{high}{{3}}(?:{high}|(?![^\\W\\d_])(?<![^\\W\\d_]...))",
        # A capitalised-looking Cyrillic word between numbers ("15 МАФПЗП 2022": KOI8 read as cp1251).
        "[А-ЯЁІЇЄҐ](?<=\\d [А-ЯЁІЇЄҐ])[А-ЯЁІЇЄҐ]{2,}(?=[ .,]+\\d)",
        *_utf8_patterns(),
        # An odd symbol glued to a letter, except in its two everyday uses: a trademark
        # sign after a word ("Brand®") and a degree sign after a number ("25°C").
        f"{odd}(?<!\\d°)"
        f"(?:(?<={_LETTER}.)(?:(?<!®)|(?={_LETTER}))|(?={_LETTER}))",
        r"[¿¡](?<=[^\W\d_].)",
        # An acute accent after a letter or digit is an apostrophe ("geht´s",
        # Turkish "API´si", "1970´den"); at the start of a word it is cp1252 "«" read as mac_roman
        # ("´Bonjour"), unless a straight quote closes it ("´readonly'", manuals).
        r"´(?<![^\W_]´)(?=[^\W\d_])(?![^\W_]+')",
        # "œ" is French before "u" and in "œil" ("œuvre", "cœur"); elsewhere
        # cp1250 "ś" read as cp1252 ("siê" and "jeœli" for "się", "jeśli").
        "[œŒ](?:(?<=[^\\W\\d_].)|(?=[^\\W\\d_]))(?![uU]|il|IL)",
        # cp1252 "á" read as mac_roman is "·" inside, at the end or at the start
        # of a Latin word ("atr·s", "est·", "·rbol"); a middle dot between two l's
        # is Catalan, next to digits or other scripts a separator ("유시민·전원책").
        "[·](?:(?<=[A-Za-zÀ-ÖØ-öø-ÿ]·)(?!(?<=[lL]·)[lL])(?=[A-Za-zÀ-ÖØ-öø-ÿ\\s.,;:!?\"')»]|$)"
        "|(?<![^\\s(«\"']·)(?=[A-Za-zÀ-ÖØ-öø-ÿ]))",
        # Capital letters of mac_cyrillic text read as cp1251 become symbols.
        "[‚”…†‡€‰‹•–—™›](?=[а-яё])",
        r"[\u2500-\u257f](?:(?<=[^\W\d_].)|(?=[^\W\d_])|(?=[\u2500-\u257f]))",
        # Upper case right after lower case (cp1252 read as mac_roman: "cafÈ").
        # mac_cyrillic "я" and "ё" read as cp1251 are "Я" and "Ю" ("нельзЯ").
        # Other case changes inside a Cyrillic word (KOI8-R and cp1251 swap case:
        # "пРИВЕТ"; iso-8859-5 read as cp1251 mixes it: "ЫозШвм"; camel case
        # "ВебСайт" is correct) and runs of capitals (swapped lower-case text) are
        # checked against the language model by :func:`_implausible_case`.
        "[À-Þ](?<=[а-яёђ-џa-zß-ÿ].)",
        "[А-ЯЁЂ-Џ](?<=[a-zß-ÿ].)",
        # Serbian/Macedonian capitals after a lower-case letter: UTF-8 read as
        # cp1251 ("вЂ“" for "–") or mac_cyrillic capitals read as cp1251.
        "[Ђ-Џ](?<=[а-яёђ-џ].)",
        "[ЯЮ](?<=[а-яё].)",
    ]
    return tuple(re.compile(p) for p in parts)


def _split_first(pattern: str) -> tuple[str, str]:
    """Split a pattern into its first character class (or character) and the rest."""
    if not pattern.startswith("["):
        return re.escape(pattern[0]), pattern[1:]
    i = 1
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return pattern[: i + 1], pattern[i + 1 :]


def _leading_chars(cls: str) -> frozenset[str]:
    """Return the characters the character class ``cls`` accepts (all are non-ASCII, below U+3000)."""
    first = re.compile(cls)
    assert first.search("".join(map(chr, range(0x80)))) is None, cls
    return frozenset(first.findall("".join(map(chr, range(0x80, 0x3000)))))


@functools.cache
def combined_regex() -> re.Pattern[str]:
    """Return one regex that matches where any of :func:`suspect_regexes` matches.

    Every pattern starts with a character class of rare characters; the
    combined regex starts with their union, so the regex engine's
    first-character scan crosses clean text once, and at each hit tries each
    pattern's rest behind a look-behind for that pattern's own first class.
    One scan instead of fifteen.
    """
    lead: set[str] = set()
    alts = []
    for p in suspect_regexes():
        cls, rest = _split_first(p.pattern)
        lead |= _leading_chars(cls)
        if rest.startswith("{3}"):  # "X{3}...": the union consumed one X, two to go
            rest = f"{cls}{{2}}{rest[3:]}"
        alts.append(f"(?<={cls}){rest}")
    return re.compile(_cls("".join(lead)) + "(?:" + "|".join(alts) + ")")


# Lower-case Russian text in KOI8-R read as cp1251 (or the reverse) turns into
# capitals; real text has capitals too (headings, placeholders, acronyms).
_CAPS = re.compile("[А-ЯЁ]{3,}(?:[ ,.;:-]+[А-ЯЁ]{3,})+|[А-ЯЁ]{8,}")
# Where to look: a capital after a lower-case letter, two capitals before a
# lower-case letter, or the first of three or more capitals.  Starting at a
# capital keeps the scan cheap on Cyrillic text (capitals are rare).
_CASE_HINT = re.compile("[А-ЯЁ](?:(?<=[а-яё].)|(?<=[А-ЯЁ]{2})(?=[а-яё])|(?<![А-ЯЁ].)(?=[А-ЯЁ]{2}))")
_CYR_WORD = re.compile("[А-ЯЁа-яё]+")
# Re-decodings tried on a run of capitals or a mixed-case Cyrillic word: the
# confusions that change letter case (KOI8 and cp1251 swap it; iso-8859-5
# read as cp1251 mixes it).
_CASE_CONFUSIONS = (("koi8-r", "cp1251"), ("cp1251", "koi8-r"), ("koi8-u", "cp1251"),
                    ("iso-8859-5", "cp1251"))
# How much more plausible (log-probability per character under the language
# model, in lower case) a re-decoding must be to make the run suspect; real
# headings and camel case score 1.5-3 below their re-decodings, swapped text
# 1.3-4 above (.mo catalogues).
_CASE_MARGIN = 0.5
# A run that scores at least this well in lower case is real text (headings
# and placeholders of .mo catalogues score -1.9 to -2.2; swapped text -3.3 and
# below), and its re-decodings are not scored.
_CASE_PLAUSIBLE = -2.5


def _implausible_case(text: str) -> bool:
    """Return True when a run of Cyrillic capitals or a mixed-case word reads better re-decoded.

    >>> _implausible_case("ПРЕДУПРЕЖДЕНИЕ: ФАЙЛ НЕ НАЙДЕН")
    False
    >>> _implausible_case("РТЕДХРТЕЦДЕОЙЕ: ЖБКМ ОЕ ОБКДЕО")
    True
    """
    done = 0  # text before this offset is checked: each character is looked at a bounded number of times
    for m in _CASE_HINT.finditer(text):
        if m.start() < done:
            continue
        start = m.start()
        while start > done and ("А" <= text[start - 1] <= "я" or text[start - 1] in "Ёё"):
            start -= 1
        found = _CYR_WORD.match(text, start)
        if found is not None and found.group().isupper():
            found = _CAPS.match(text, start)
        if found is None:
            continue
        done = found.end()
        # A run's first characters decide (a swapped text is swapped throughout).
        if _swapped_case(found.group()[:_CASE_RUN_MAX]):
            return True
    return False


#: Characters of a run that :func:`_swapped_case` scores (bounded work and cache size).
_CASE_RUN_MAX = 120


@functools.lru_cache(maxsize=4096)
def _swapped_case(run: str) -> bool:
    """Return True when a case-changing re-decoding of ``run`` is clearly more plausible (pure; cached)."""
    from seedclean.encoding.codecs import redecode
    from seedclean.encoding.langmodel import per_char

    base = per_char(run.lower())
    if base >= _CASE_PLAUSIBLE:  # reads as language already ("описание"): no need to score re-decodings
        return False
    # A real restoration has ordinary case: lower, upper or capitalised words.
    cands = {c.lower() for true, read_as in _CASE_CONFUSIONS if (c := redecode(run, true, read_as))
             and all(w.islower() or w.isupper() or w.istitle() for w in c.split())}
    return any(per_char(c) > base + _CASE_MARGIN for c in sorted(cands))


# Starts at the Latin letter: only run on text that has Cyrillic or Greek,
# where Latin letters are the sparse ones.
_MIXED = re.compile(f"[{_LATIN}](?:(?<=[{_CYR_GREEK}].)|(?=[{_CYR_GREEK}]))")


# Vietnamese uses nearly every accented Latin-1 vowel; it vouches for a text
# only when some letter beyond Latin-1 (ư, ơ, đ, ạ...) is present too.
_BROAD = frozenset({"vi"})


@functools.cache
def _alphabets() -> tuple[tuple[bool, frozenset[str]], ...]:
    from seedclean.encoding.langmodel import alphabets

    return tuple((name in _BROAD, frozenset(c for c in a if not c.isascii() and c < _ALPHABET_LIMIT))
                 for name, a in alphabets())


def alphabet_mismatch(text: str) -> bool:
    """Return True when no language uses nearly all of the text's accented/Greek/Cyrillic letters.

    Codepage mojibake of Central European, Turkish and Baltic text yields only
    Latin-1 letters (``odkazù``, ``yazarýn``) but in combinations no language
    has (``ù`` with ``ý``, ``ý`` with ``ç``).

    >>> alphabet_mismatch("tabulku odkazù, který, jednorázovì, pøíliš"), alphabet_mismatch("odkazů, který")
    (True, False)
    """
    found = _range_letters().intersection(text)
    return bool(found) and _found_uncovered(found)


@functools.lru_cache(maxsize=4096)
def _found_uncovered(found: frozenset[str]) -> bool:
    """Return True when no language's alphabet holds the letters ``found`` (any case; pure; cached)."""
    letters = frozenset(c.lower() for c in found)
    if not letters:
        return False
    # Letters every alphabet of a script has (Cyrillic "а", "к"; all of Greek)
    # cannot tell its languages apart: one of them stands for all, so texts of
    # one language share a few cache keys.  Alphabets of other scripts still
    # see a stray letter of that script, as before.
    for core in _script_cores():
        shared = letters & core
        if len(shared) > 1:
            letters = (letters - shared) | {min(shared)}
    return _uncovered(letters)


@functools.cache
def _script_cores() -> tuple[frozenset[str], ...]:
    """Return, per script with several languages' alphabets, the letters all of them have."""
    out = []
    for anchor in ("а", "α"):  # Cyrillic a, Greek alpha
        alphabets = [a for _, a in _alphabets() if anchor in a]
        if alphabets:
            out.append(frozenset.intersection(*alphabets))
    return tuple(out)


@functools.cache
def _range_letters() -> frozenset[str]:
    return frozenset(c for c in map(chr, range(0xC0, ord(_ALPHABET_LIMIT))) if c.isalpha())


@functools.lru_cache(maxsize=4096)
def _uncovered(letters: frozenset[str]) -> bool:
    """Return True when no language's alphabet holds all ``letters`` (pure; cached)."""
    extended = any(c >= "\u0100" for c in letters)
    # One stray letter is a borrowed name ("Jalışkan" in Croatian text); codepage
    # mojibake brings several letters no language of the text has.
    # Cyrillic alphabets differ by one or two letters: there, one stray letter
    # is enough; a Latin one is tolerated (a borrowed name).
    # Only letters a confusion can produce count as strays: a letter that no
    # read-as codepage has (Romanian "ș" next to "ş", a Latvian "ā" in a Hungarian
    # text, a Polish name in Dutch) is evidence of correct text, never of mojibake.
    return all(_too_many_strays(letters & foreign)
               for broad, foreign in _foreign_letters() if extended or not broad)


@functools.cache
def _foreign_letters() -> tuple[tuple[bool, frozenset[str]], ...]:
    """Return, per language, whether it is broad and the producible letters its alphabet lacks."""
    producible = _producible()
    return tuple((broad, producible - a) for broad, a in _alphabets())


@functools.cache
def _producible() -> frozenset[str]:
    """Return the (lower-case) letters some read-as codepage of :data:`READ_AS` decodes a byte to."""
    return frozenset(c.lower() for codec in READ_AS for c in byte_chars(codec) if c.isalpha())


def _too_many_strays(strays: frozenset[str]) -> bool:
    return len(strays) > _STRAY_LETTERS or any(c >= "\u0400" for c in strays)


@functools.cache
def _trigrams() -> frozenset[str]:
    from seedclean.encoding.langmodel import trigrams

    return trigrams()


def unseen_trigrams(text: str) -> bool:
    """Return True when an accented Latin letter sits in trigrams no language has.

    Central European, Turkish and Baltic mojibake turns letters into other
    Latin-1 letters (``yazarýn``, ``odkazù``); all three trigrams around such
    a letter are then unknown to every language of the model, which happens
    around fewer than 1% of correct sentences' accents (held-out .mo text).

    >>> unseen_trigrams("tabulku odkazù na verze"), unseen_trigrams("odkazů na verze")
    (True, False)
    """
    for m in _ACCENTED.finditer(text):
        i = m.start()
        if _inner_unseen(text[i - 2 : i + 3]) if i >= 2 else _window_unseen(text[: i + 3], i):
            return True
    return False


@functools.lru_cache(maxsize=1 << 16)
def _inner_unseen(window: str) -> bool:
    """Return ``_window_unseen(window, 2)`` (one-argument cache: the common case)."""
    return _window_unseen(window, 2)


@functools.lru_cache(maxsize=1 << 16)
def _window_unseen(window: str, pos: int) -> bool:
    """Return True when the letter at ``pos`` of ``window`` has only unseen trigrams (pure; cached)."""
    seen = _trigrams()
    w = window.lower()
    if not w.isalpha():
        w = "".join(c if c.isalpha() else " " for c in w)
    w = " " * (2 - pos) + w + " " * (3 - len(w) + pos)
    # The middle trigram is centred on the letter; the outer ones count only
    # when they do not straddle a word boundary (those are not in the model).
    g0, g2 = w[0:3], w[2:5]
    return not (w[1:4] in seen or (g0[1] != " " and g0 in seen) or (g2[1] != " " and g2 in seen))


def is_suspect(text: str, *, short: bool | None = None) -> bool:
    """Return True when ``text`` may contain mojibake or look-alike letters.

    Checks, cheapest first: ASCII text is clean; one scan of
    :func:`combined_regex`; in text with Cyrillic or Greek, words mixing
    scripts, implausible case changes and (with letters beyond Russian's) the
    alphabet test; accented letters in unseen trigrams.

    ``short`` says whether ``text`` is too short for the trigram test, so
    that any word with a mojibake-prone letter is worth the language model's
    look; by default texts up to 300 characters are.  A line of a long text
    is checked with ``short=False``: the whole text was already tested.
    """
    if text.isascii() or _BEYOND_TYPOGRAPHY.search(text) is None:
        return False
    if combined_regex().search(text) is not None:
        return True
    if _CYR_GREEK_CHAR.search(text) is not None:
        if _MIXED.search(text) is not None or _implausible_case(text):
            return True
        # Cyrillic alphabets differ by a letter or two: mac_cyrillic capitals
        # read as cp1251 are Serbian and Macedonian letters ("Ќе", "Њусор")
        # in Russian text.  Only text with such letters pays for the test.
        if _CYR_EXTRA.search(text) is not None and alphabet_mismatch(text):
            return True
    return (unseen_trigrams(text)
            # A short text has too few letters for the trigram test: let the
            # language model look at any word with a mojibake-prone letter.
            or ((len(text) <= SHORT_TEXT if short is None else short) and _ACCENTED.search(text) is not None))


_CYR_GREEK_CHAR = re.compile(f"[{_CYR_GREEK}]")
# Text whose only non-ASCII characters are typographic punctuation (curly quotes,
# dashes, ellipsis, bullets, guillemets, no-break space: most English web text)
# cannot match any check: every pattern needs a letter, a symbol or a control
# character beyond these.  One scan for anything else answers it.
_TYPOGRAPHY = "«»‘’‚“”„–—…•\xa0"
_BEYOND_TYPOGRAPHY = re.compile(f"[^\x00-\x7f{_TYPOGRAPHY}]")
# Cyrillic letters beyond Russian's (Ukrainian, Belarusian, Serbian, Macedonian...).
_CYR_EXTRA = re.compile("[\u0400\u0402-\u040f\u0450\u0452-\u045f\u0490-\u04ff]")


def first_match(text: str) -> re.Match[str] | None:
    """Return the first suspicious match of any pattern (for explanations and tests)."""
    found = [m for p in (*suspect_regexes(), _MIXED) if (m := p.search(text))]
    return min(found, key=lambda m: m.start()) if found else None
