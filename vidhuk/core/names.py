"""People's names typed with a Latin letter inside a Cyrillic word («Пeтренко» with a Latin «e»)
look right but are not found by a search typed on a Ukrainian keyboard. Such a word has its Latin
look-alikes replaced by the Cyrillic letters they look like; a word still mixing the two alphabets
is refused with a message, never stored silently."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .text import strip_bidi_controls

_LATIN_LOOK_ALIKES = str.maketrans("AaBCcEeHIiKMOoPpTXxYy", "АаВСсЕеНІіКМОоРрТХхУу")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\S+")


def _fold_word(word: str) -> str:
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LATIN_LOOK_ALIKES)
    return word


def fold_look_alikes(value: str) -> str:
    """`value` with Latin look-alikes inside Cyrillic words made Cyrillic (for search too)."""
    return _WORD.sub(lambda match: _fold_word(match.group()), unicodedata.normalize("NFC", value))


def normalise_person_name(value: str) -> str:
    """A name as stored: bidirectional controls dropped (vidhuk.core.text), look-alikes folded;
    a word that still mixes alphabets is refused."""
    folded = " ".join(fold_look_alikes(strip_bidi_controls(value)).split())
    mixed = [w for w in folded.split() if _CYRILLIC.search(w) and _LATIN.search(w)]
    if mixed:
        raise ValidationError(
            _(
                "У слові «%(word)s» змішано латинські й українські літери. "
                "Наберіть його однією розкладкою клавіатури."
            )
            % {"word": mixed[0]},
            code="mixed_alphabets",
        )
    return folded


class PersonNameField(forms.CharField):
    """A person's name: look-alike letters folded, a word mixing alphabets refused."""

    def clean(self, value: Any) -> str:
        cleaned = super().clean(value)
        return normalise_person_name(cleaned) if cleaned else cleaned
