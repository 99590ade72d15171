"""Hold the multilingual word lists and patterns that mark interface text.

The lists are general web vocabulary (menus, widgets, legal footers) in the
languages seedclean meets most often; they name no site.  Words are matched on
casefolded tokens, phrases on the casefolded line.

>>> ui_share(["share", "facebook"])
1.0
>>> reason_hint("© 2024 Example Ltd. All rights reserved.")
'copyright'
"""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import functools
import re

__all__ = ["COMMENTS_COUNT", "COMMENTS_MARKER", "REASON_PATTERNS", "RELATED_MARKER", "any_hint",
           "reason_hint", "ui_share", "ui_words"]

# The heading that opens a comment section ("5 Comments", "Leave a Reply", "Комментарии").
COMMENTS_MARKER = re.compile(
    r"^\s*(\d+\s+(comments?|responses?|replies|thoughts)\b.*|leave a (reply|comment)|"
    r"(post a |add a |write a |show )?comments?\s*(\(\d+\))?:?|join the discussion|"
    r"discussion about this post|(\d+\s+)?(kommentare?|комментари[йия]|commentaires?|comentarios?|"
    r"commenti|komentarze|komentar)\s*(\(\d+\))?:?)\s*$", re.IGNORECASE)

# A counted comment heading naming the post, of any length ("6 thoughts on <title>",
# "12 responses to <title>", "3 Kommentare zu <Titel>").
COMMENTS_COUNT = re.compile(
    r"^\s*\d+\s+(comments?|responses?|replies|thoughts|reactions|kommentare?|commentaires?|"
    r"réflexions?|comentarios?|commenti|комментари[йия])\s+(on|to|about|zu|sur|à|en|a|su|к)\s+\S",
    re.IGNORECASE)

# Interface words: navigation, account, widgets, legal.  en, de, fr, es, it, pt, nl, pl, ru, uk,
# tr, id, plus a few CJK forms.  Matched against single casefolded tokens.
_UI = """
home menu search login log in signin sign up register subscribe subscription newsletter account
profile logout share tweet like follow print email e-mail copy link comment comments reply
next previous prev back top more read related tags tag category categories archive archives
contact about privacy terms cookie cookies policy settings imprint sitemap faq help support
advertise advertising careers jobs rss feed download app apps store facebook twitter instagram
youtube telegram linkedin pinterest whatsapp tiktok vk reddit skip content main navigation
toggle close open cart checkout language english en ru de fr es views loading copyright
rights reserved disclaimer subscribe login
startseite suche anmelden abmelden registrieren teilen drucken kontakt impressum datenschutz
weiterlesen mehr zurück nächste vorherige kommentare kategorien schlagwörter
accueil recherche connexion inscription partager imprimer commentaires suivant précédent
retour lire suite mentions légales confidentialité
inicio buscar búsqueda iniciar sesión registrarse compartir imprimir comentarios siguiente
anterior volver leer más contacto privacidad
cerca accedi registrati condividi stampa commenti successivo precedente indietro contatti
início pesquisar entrar compartilhar imprimir comentários próximo voltar contato
zoeken inloggen delen afdrukken reacties volgende vorige terug
szukaj zaloguj udostępnij drukuj komentarze następny poprzedni wróć kontakt
главная поиск войти вход регистрация подписаться поделиться печать версия для печати
комментарии далее назад читать также контакты меню рубрики теги архив новости все
головна пошук увійти поділитися друк коментарі назад
ara giriş kaydol paylaş yazdır yorumlar geri
beranda cari masuk daftar bagikan cetak komentar berikutnya sebelumnya kembali
"""

# Phrases that decide the reason of a removed line; first match wins.  Patterns are written in
# lower case and searched in the casefolded line (much faster than re.IGNORECASE).
REASON_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern))
    for reason, pattern in (
        ("copyright", r"©|\(c\)\s*\d{4}|copyright|all rights reserved|alle rechte vorbehalten|"
                      r"tous droits réservés|todos los derechos|все права защищены|права защищены|"
                      r"use of (the )?materials|hyperlink to the source|\breprint(ing)? (of|without|only)\b|"
                      r"гиперссылк|перепечатк"),
        ("cookie notice", r"\bcookies?\b|файлы cookie|datenschutzerklärung|gdpr"),
        ("view counter", r"^\s*(views?|просмотр\w*|aufrufe|vues|visitas|visualizaç\w+)\s*[:\-]?\s*\d|"
                         r"^\s*\d[\d\s.,k]*\s*(views?|просмотр\w*|reads?|aufrufe)\s*$"),
        ("go back link", r"^\s*(go back|back to\b|return to\b|zurück|retour|volver|назад|вернуться)"),
        ("share widget", r"\bshare\b|\btweet\b|\bprint\b|copy link|поделиться|teilen|partager|"
                         r"compartir|condividi|скопирован|follow us|подпис"),
        ("contact", r"\b(tel|ph|phone|fax|тел|телефон)\b\.?[^\n]{0,6}[+(\d]|\w@[\w-]+\.\w|"
                    r"\+\d[\d\s()\-]{7,}|"
                    r"\d[^\n]{0,40}\b(str|street|ave|avenue|blvd|suite|floor|bldg|building|ул|офис|этаж)\b"),
        ("footer", r"^\s*(0|6|12|16|18)\+\s*$"),
    )
)


# For the slow patterns, literals of which every match holds one (a cheap test first).
_NEEDS: dict[str, tuple[str, ...]] = {
    "copyright": ("©", "(c)", "copyright", "all rights reserved", "alle rechte vorbehalten",
                  "tous droits réservés", "todos los derechos", "права защищены", "use of",
                  "hyperlink to the source", "reprint", "гиперссылк", "перепечатк"),
    "cookie notice": ("cookie", "datenschutzerklärung", "gdpr"),
    "share widget": ("share", "tweet", "print", "copy link", "поделиться", "teilen", "partager",
                     "compartir", "condividi", "скопирован", "follow us", "подпис"),
    "contact": ("@", "+", "tel", "ph", "fax", "тел", "str", "ave", "blvd", "suite", "floor", "bldg",
                "building", "ул", "офис", "этаж"),
}



def _literals_pattern(literals: list[str]) -> re.Pattern[str]:
    """Return a pattern found in a text iff one of ``literals`` is in it (grouped by first character).

    >>> bool(_literals_pattern(["share", "shop", "@"]).search("a shop"))
    True
    """
    by_first: dict[str, list[str]] = {}
    for lit in literals:
        by_first.setdefault(lit[0], []).append(re.escape(lit[1:]))
    return re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in by_first.items()))


# For the patterns anchored at the start (``^\s*``): the first characters they allow (digits apart).
_STARTS: dict[str, str] = {
    "view counter": "vпa",  # views, просмотры, aufrufe, vues, visitas, visualizações; or a number
    "go back link": "gbrzvнв",  # go back, back to, return to, zurück, retour, volver, назад, вернуться
    "footer": "",  # an age mark: a number
}
_ANY_NEED = _literals_pattern([s for needs in _NEEDS.values() for s in needs])


def any_hint(line: str) -> bool:
    """Return True when some reason pattern matches ``line``.

    >>> any_hint("All Rights Reserved"), any_hint("The river rose.")
    (True, False)
    """
    return reason_hint(line) is not None

# The heading of a teaser block of other pages ("Related articles", "Most read", "Читайте также").
RELATED_MARKER = re.compile(
    r"^\s*(related( articles| posts| stories| content| news| reading)?|read (more|next|also)|"
    r"you (may|might) (also )?like|more (from|on|in|stories|articles|news)\b[^.!?]*|"
    r"recommended( for you| articles| stories)?|most (popular|read|viewed)|trending( now)?|"
    r"popular (posts|articles|stories)|see also|further reading|читайте также|"
    r"похожие (статьи|новости|материалы)|другие новости|weitere artikel|"
    r"das könnte sie auch interessieren|à lire aussi|lire aussi|te puede interesar|leia também)"
    r"\s*:?\s*$", re.IGNORECASE)


@functools.cache
def ui_words() -> frozenset[str]:
    """Return the set of interface words (casefolded single tokens)."""
    return frozenset(_UI.split())


def ui_share(tokens: list[str]) -> float:
    """Return the share of ``tokens`` that are interface words (0.0 for no tokens)."""
    if not tokens:
        return 0.0
    return sum(map(ui_words().__contains__, tokens)) / len(tokens)


@functools.lru_cache(maxsize=1 << 14)  # pure function: the cache only saves repeated work
def reason_hint(line: str) -> str | None:
    """Return the specific reason a boilerplate line matches, or ``None``.

    >>> reason_hint("Tel. +44 20 7946 0000")
    'contact'
    >>> reason_hint("The council met on Tuesday.") is None
    True
    """
    low = line.casefold()
    some = _ANY_NEED.search(low) is not None  # most lines hold none of the literals at all
    head = low.lstrip()[:1]  # str.lstrip and \s agree on whitespace
    for reason, pattern in REASON_PATTERNS:
        needs = _NEEDS.get(reason)
        if needs is not None and not (some and any(s in low for s in needs)):
            continue  # none of the pattern's literals is in the line: it cannot match
        starts = _STARTS.get(reason)
        if starts is not None and not (head in starts or head.isdigit()):
            continue  # an anchored pattern: the line does not start as it must
        if pattern.search(low):
            return reason
    return None
