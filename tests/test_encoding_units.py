"""Unit tests of the encoding package's parts: suspicion, model, codepages, folding, edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedclean.document import Edit, apply_edits
from seedclean.encoding import fix_and_explain, fix_text
from seedclean.encoding.codecs import PAIRS, READ_AS, redecode, reencode
from seedclean.encoding.edits import compose
from seedclean.encoding.homoglyphs import fold
from seedclean.encoding.langmodel import per_char
from seedclean.encoding.suspect import alphabet_mismatch, is_suspect, unseen_trigrams

RUSSIAN = "Президент заявил, что переговоры продолжатся в декабре этого года."

# (true codec, read-as codec, original text): issue 6's list of confusions.
CONFUSIONS = [
    ("cp1251", "latin-1", RUSSIAN), ("cp1251", "cp1252", RUSSIAN), ("cp1251", "koi8-r", RUSSIAN),
    ("koi8-r", "latin-1", RUSSIAN), ("koi8-r", "cp1251", RUSSIAN), ("cp866", "cp1251", RUSSIAN),
    ("cp866", "cp437", RUSSIAN), ("mac_cyrillic", "cp1251", "Москва — столица России, это известно всем."),
    ("iso-8859-5", "cp1251", RUSSIAN),
    ("koi8-u", "cp1251", "Україна запровадила нові правила для всіх громадян."),
    ("koi8-u", "latin-1", "Україна запровадила нові правила для всіх громадян."),
    ("cp1250", "cp1252", "Zażółć gęślą jaźń, proszę państwa, to jest ćwiczenie."),
    ("iso-8859-2", "latin-1", "Příliš žluťoučký kůň úpěl ďábelské ódy."),
    ("cp1253", "cp1252", "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία."),
    ("iso-8859-7", "cp1252", "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία."),
    ("cp1254", "cp1252", "Bu değişiklik yapılacak ve İstanbul'da uygulanacaktır."),
    ("iso-8859-9", "latin-1", "Bu değişiklik yapılacak ve İstanbul'da uygulanacaktır."),
    ("cp1255", "cp1252", "הממשלה הודיעה על צעדים חדשים בכלכלה השבוע."),
    ("cp1256", "cp1252", "أعلنت الحكومة عن إجراءات جديدة في الاقتصاد هذا الأسبوع."),
    ("cp1257", "cp1252", "Vyriausybė paskelbė naujas priemones ekonomikai šią savaitę."),
    ("euc_jp", "latin-1", "政府は今週、経済に関する新しい措置を発表しました。"),
    ("gbk", "latin-1", "政府本周宣布了新的经济措施。"),
    ("euc_kr", "cp1252", "정부는 이번 주 경제에 관한 새로운 조치를 발표했습니다."),
    ("cp1252", "cp1251", "Die Größe der Änderungen überraschte die Öffentlichkeit."),
    ("cp1252", "mac_roman", "El Ministerio anunció cambios en la educación pública."),
    ("utf-8", "cp1252", "Die Größe der Änderungen überraschte die Öffentlichkeit."),
    ("utf-8", "koi8-r", RUSSIAN),
]


def _damage(text: str, true: str, read_as: str) -> str:
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)

    sloppy = {"cp1252": "sloppy-windows-1252", "cp1251": "sloppy-windows-1251"}.get(read_as, read_as)
    return text.encode(true).decode(sloppy)


@pytest.mark.parametrize(("true", "read_as", "original"), CONFUSIONS, ids=[f"{t}->{r}" for t, r, _ in CONFUSIONS])
def test_each_confusion_is_repaired_with_its_reason(true: str, read_as: str, original: str) -> None:
    damaged = _damage(original, true, read_as)
    fixed, edits = fix_and_explain(damaged)
    assert fixed == original
    assert apply_edits(damaged, edits) == fixed
    assert edits and all(e.before == damaged[e.start : e.end] for e in edits)


@pytest.mark.parametrize(("true", "read_as", "original"), CONFUSIONS[:12], ids=[f"{t}->{r}" for t, r, _ in CONFUSIONS[:12]])
def test_fragment_inside_english_is_repaired(true: str, read_as: str, original: str) -> None:
    text = f"The statement read: {original} Officials declined to comment."
    assert fix_text(_damage(text, true, read_as)) == text


def test_date_fragment_in_russian_text() -> None:
    text = "Заседание состоялось 1 äåêàáðÿ 2022 ã. в Минске."
    assert fix_text(text) == "Заседание состоялось 1 декабря 2022 г. в Минске."


def test_two_codepage_layers() -> None:
    original = "Die Größe der Änderungen überraschte die Öffentlichkeit."
    layered = _damage(_damage(original, "cp1252", "cp1251"), "utf-8", "cp1252")
    assert fix_text(layered) == original


def test_codecs_round_trip_every_byte() -> None:
    data = bytes(range(256))
    for read_as in READ_AS:
        text = reencode(data.decode("latin-1"), "latin-1")
        assert text == data
        shown = "".join(redecode(bytes([b]).decode("latin-1"), read_as, "latin-1") or "?" for b in data)
        assert len(shown) == 256
    assert set(PAIRS) == set(READ_AS)


def test_model_prefers_real_words() -> None:
    assert per_char("декабря") > per_char("äåêàáðÿ")
    assert per_char("Größe") > per_char("GrцЯe")
    assert per_char("Zażółć") > per_char("Za¿ó³æ")
    assert per_char("こんにちは") > per_char("¤³¤ó¤Ë¤Á¤Ï")


def test_suspicion_checks() -> None:
    assert alphabet_mismatch("tabulku odkazù, který, jednorázovì, pøíliš")
    assert not alphabet_mismatch("Příliš žluťoučký kůň úpěl ďábelské ódy")
    assert unseen_trigrams("tabulku odkazù na verze")
    assert not unseen_trigrams("Größe und Übermut")
    assert not is_suspect("La col·lecció és paral·lela")
    assert is_suspect("hacia atr·s")


@pytest.mark.parametrize(("text", "expected", "reason"), [
    ("Alexander Мolfovich", "Alexander Molfovich", "Cyrillic look-alike in Latin word"),
    ("Москвa и Питер", "Москва и Питер", "Latin look-alike in Cyrillic word"),
    ("Η Αθηνa είναι", "Η Αθηνα είναι", "Latin look-alike in Greek word"),
])
def test_homoglyph_folding(text: str, expected: str, reason: str) -> None:
    folded, edits = fold(text)
    assert folded == expected
    assert [e.reason for e in edits] == [reason]


@pytest.mark.parametrize("text", ["TNFα and IL2Rγc", "Москва London", "АБ", "aБ", "GrцЯe"])
def test_homoglyph_leaves_legitimate_mixes(text: str) -> None:
    assert fold(text) == (text, ())


def test_compose_merges_overlapping_steps() -> None:
    t0 = "abcdef"
    a = [Edit(stage="encoding", start=1, end=3, replacement="XYZ", reason="r1", before="bc")]
    t1 = apply_edits(t0, a)
    b = [Edit(stage="encoding", start=3, end=5, replacement="", reason="r2", before=t1[3:5])]
    t2 = apply_edits(t1, b)
    edits = compose(t0, a, t1, b, t2)
    assert apply_edits(t0, edits) == t2
    assert [e.reason for e in edits] == ["r1; r2"]


_EDIT_TEXT = st.text(alphabet="abcxyz", min_size=1, max_size=12)


@st.composite
def _edit_lists(draw: st.DrawFn, text: str) -> list[Edit]:
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    edits = []
    for s, e in zip(cuts[::2], cuts[1::2]):
        edits.append(Edit(stage="encoding", start=s, end=e, replacement=draw(st.text("PQ", max_size=3)),
                          reason="r", before=text[s:e]))
    return edits


@settings(max_examples=100, deadline=None)
@given(st.data(), _EDIT_TEXT)
def test_compose_replays(data: st.DataObject, t0: str) -> None:
    a = data.draw(_edit_lists(t0))
    t1 = apply_edits(t0, a)
    b = data.draw(_edit_lists(t1))
    t2 = apply_edits(t1, b)
    assert apply_edits(t0, compose(t0, a, t1, b, t2)) == t2


def test_everyday_trademark_and_degree_signs_are_not_suspect() -> None:
    from seedclean.encoding.suspect import is_suspect

    assert not is_suspect("Our Brand® products are rated for 25°C and above.")
    # the same symbols inside a word still are (iso-8859-2 Ž and Š read as latin-1)
    assert is_suspect("®i¾ek") and is_suspect("Microsoft®Word")


@pytest.mark.parametrize("text", [
    "Sfârșit: ştiri şi ţări, ţara şi țara, mâine",  # Romanian: cedilla and comma-below forms together
    "Gyökér és ősi szó, a Sūtra, a Śiva és a bīja szavak",  # Hungarian with transliterated names
    "ПРЕДУПРЕЖДЕНИЕ: ФАЙЛ НЕ НАЙДЕН НА ДИСКЕ",  # a Cyrillic heading in capitals
    "Опција ЗакљСлова и ВебСајт су нове",  # camel case in Serbian
    "Μορφή αρχείου· μη έγκυρη επιλογή",  # Greek ano teleia
    "유시민·전원책, 얼마나 다를까",  # Korean list separator
    "Published 2026-01-14·3 min read",  # a separator after digits
    "col·lecció i il·lusió",  # Catalan
    "mettre en œuvre, le cœur et l'œil de ma sœur",  # French ligature
    "login´e bildirmek, API´si aracılığı ile, ttys´ler",  # Turkish suffixes after an acute apostrophe
    "1 Ocak 1970´den beri, A´dan Z´ye, 0´dan 9´a",  # ...also after digits and single capitals
    "ОДРЕЂУЈЕ кључ вредност за ЊЕГОВ ЂАК",  # Serbian capitals are not UTF-8 read as cp1251
])
def test_correct_text_that_looks_odd_is_not_suspect(text: str) -> None:
    long_text = "\n".join([text] * 12)  # long: the alphabet test, not the short-text rule, decides
    assert not is_suspect(long_text)
    assert fix_text(long_text) == long_text


@pytest.mark.parametrize(("original", "true", "read_as"), [
    ("Привет, как дела у тебя сегодня вечером", "koi8-r", "cp1251"),  # case swapped
    ("предупреждение: файл не найден", "koi8-r", "cp1251"),  # lower case becomes capitals
    ("нельзя указывать пути вместе с параметром", "mac_cyrillic", "cp1251"),  # я becomes Я
    ("включить анимацию на этой странице", "iso-8859-5", "cp1251"),  # mixed case
    ("Está en el árbol de la casa", "cp1252", "mac_roman"),  # á becomes a middle dot
])
def test_case_and_middle_dot_mojibake_is_suspect_and_repaired(original: str, true: str, read_as: str) -> None:
    damaged = original.encode(true).decode(read_as)
    long_text = "\n".join(["Plain English filler line for a longer document."] * 8 + [damaged])
    assert is_suspect(long_text)
    assert fix_text(long_text).endswith(original)


def test_acute_accent_for_apostrophe_is_left_alone() -> None:
    # German and English web text write "´" for an apostrophe; as mac_roman
    # mojibake it would "restore" a "«" inside the word.
    text = "Browser-Push – so einfach geht´s, und it´s easy."
    assert not is_suspect(text, short=False)
    assert fix_text(text) == text
    # Quotation marks are repaired with their damaged neighbours...
    spanish = "Él dijo «Está en el árbol de la casa» y se marchó."
    assert fix_text(spanish.encode("cp1252").decode("mac_roman")) == spanish
    # ...and never on their own (an acute accent as an opening quote, ı kept).
    turkish = "Salt okunur kip.  ´readonly'  seçeneği  açılır (bakın)."
    assert fix_text(turkish) == turkish


def test_a_repair_must_spell_a_word_of_one_language() -> None:
    # Swedish "à jour" written together looks like cp1250 "ŕ" read as latin-1,
    # but "ŕjourförda" mixes Slovak "ŕ" with "ö": no language spells it.
    text = "Det är administratörens ansvar att hålla dessa filer àjourförda och korrekta."
    assert fix_text(text) == text


@pytest.mark.parametrize("text", [
    "Tanger-Tétouan-Al Hoceïma",  # cp1257 "ļ" would not fit the line's French "é"
    "pg_control υπάρχει αλλά δεν έχει έγκυρο CRC· προχωρήστε με προσοχή",  # Greek ano teleia
    "Опциите „-[0-7][lmh]“ не се поддържат от •този• tar",  # mac_cyrillic would bring "ХтозиХ"
])
def test_short_correct_lines_from_catalogues_are_unchanged(text: str) -> None:
    assert fix_text(text) == text


def test_utf8_read_as_cyrillic_codepages_is_still_found() -> None:
    for read_as in ("cp1251", "koi8-r"):
        damaged = "Привет, мир".encode().decode(read_as)
        assert is_suspect(damaged, short=False)
        assert fix_text(damaged) == "Привет, мир"


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("abcXYZ 1.,'\"-\n«»‘’‚“”„–—…•\xa0"), max_size=40))
def test_typographic_punctuation_alone_never_matches_a_check(text: str) -> None:
    # is_suspect answers such text from one scan; no pattern may need it.
    from seedclean.encoding.suspect import _MIXED, combined_regex

    assert combined_regex().search(text) is None and _MIXED.search(text) is None
    assert not is_suspect(text) and fix_text(text) == text
