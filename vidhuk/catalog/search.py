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
