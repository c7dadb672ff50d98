"""Search that finds Ukrainian word forms: «паспорт» finds «паспорта», «паспортів».

Every word of a card is reduced to its dictionary form (lemma) with pymorphy3's Ukrainian
dictionary and stored in `Service.search_document`; a query is reduced the same way and each of
its lemmas must occur in the document. This works the same on PostgreSQL and on SQLite, and needs
no database extension.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЄєІіЇїҐґ'ʼ’]+(?:-[0-9A-Za-zА-Яа-яЄєІіЇїҐґ'ʼ’]+)*")
_APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'"})


@lru_cache(maxsize=1)
def _analyzer():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    word = word.lower().translate(_APOSTROPHES)
    if not re.search(r"[а-яєіїґ]", word):
        return word
    return str(_analyzer().parse(word)[0].normal_form)


def words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_APOSTROPHES))


def lemmas(text: str) -> list[str]:
    return [lemma(w) for w in words(text)]


def document_for(*parts: str) -> str:
    """A space-padded string of unique lemmas (and raw lower-case words, for prefixes)."""
    tokens: list[str] = []
    seen: set[str] = set()
    for part in parts:
        for word in words(part):
            for token in (lemma(word), word.lower().translate(_APOSTROPHES)):
                if token not in seen:
                    seen.add(token)
                    tokens.append(token)
    return " " + " ".join(tokens) + " "


def query_lemmas(query: str) -> list[str]:
    return [lm for lm in dict.fromkeys(lemmas(query)) if lm][:10]


def name_rank(query: str, name: str) -> int:
    """0 when every word of the query is in the service's name (as a lemma or as typed), 1 when
    some is, 2 when the match is only in the rest of the card: name matches come first."""
    wanted = [(lemma(w), w.lower().translate(_APOSTROPHES)) for w in words(query)[:10]]
    if not wanted:
        return 2
    in_name = set(lemmas(name)) | {w.lower().translate(_APOSTROPHES) for w in words(name)}
    found = sum(1 for lm, raw in wanted if lm in in_name or raw in in_name)
    if found == len(wanted):
        return 0
    return 1 if found else 2
