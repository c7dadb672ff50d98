"""Sentences of the quarterly report written from its figures (issue 14, point 4): «Частка
мешканців, задоволених часом очікування, зросла з 61 % до 74 %».

Ukrainian verbs agree with their subject, so each figure the report speaks of names its subject
with its grammatical gender (``Subject``); the sentence is chosen by that gender through
``pgettext`` and comes out in the active language (English on /en/ pages). A figure is compared
as it is shown: two values that print the same are «не змінилася», whatever their decimals. A
withheld figure (about fewer than 5 people) is never compared and never named.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

GENDERS = ("masculine", "feminine", "neuter", "plural")


@dataclass(frozen=True)
class Subject:
    """What a sentence is about, as it starts a sentence, and its grammatical gender."""

    text: str
    gender: str = "feminine"


@dataclass(frozen=True)
class Reading:
    """One figure as the report holds it: ``value`` None with ``withheld`` False is «no data»."""

    value: float | int | None
    withheld: bool = False


def _is_english() -> bool:
    return (translation.get_language() or "uk").startswith("en")


def _digits(value: float | int) -> str:
    """12 345,5 in Ukrainian (a no-break space between thousands, a decimal comma); 12,345.5 in
    English. Whole numbers lose their decimals; others keep one."""
    rounded = round(float(value), 1)
    text = f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"
    if _is_english():
        return text
    return text.replace(",", "\u00a0").replace(".", ",")


def figure_text(value: float | int, unit: str) -> str:
    """A figure with its unit as the report prints it: «74 %», «12,5 хв», «1 234»."""
    digits = _digits(value)
    if unit == "percent":
        return f"{digits}%" if _is_english() else f"{digits}\u00a0%"
    if unit == "minutes":
        return _("%(value)s хв") % {"value": digits}
    if unit == "days":
        return _("%(value)s дн.") % {"value": digits}
    return digits


def _rose(gender: str) -> str:
    return {
        "masculine": pgettext("masculine", "%(subject)s зріс з %(previous)s до %(current)s."),
        "feminine": pgettext("feminine", "%(subject)s зросла з %(previous)s до %(current)s."),
        "neuter": pgettext("neuter", "%(subject)s зросло з %(previous)s до %(current)s."),
        "plural": pgettext("plural", "%(subject)s зросли з %(previous)s до %(current)s."),
    }[gender]


def _fell(gender: str) -> str:
    return {
        "masculine": pgettext("masculine", "%(subject)s знизився з %(previous)s до %(current)s."),
        "feminine": pgettext("feminine", "%(subject)s знизилася з %(previous)s до %(current)s."),
        "neuter": pgettext("neuter", "%(subject)s знизилося з %(previous)s до %(current)s."),
        "plural": pgettext("plural", "%(subject)s знизилися з %(previous)s до %(current)s."),
    }[gender]


def _same(gender: str) -> str:
    return {
        "masculine": pgettext(
            "masculine", "%(subject)s не змінився порівняно з попереднім кварталом: %(current)s."
        ),
        "feminine": pgettext(
            "feminine", "%(subject)s не змінилася порівняно з попереднім кварталом: %(current)s."
        ),
        "neuter": pgettext(
            "neuter", "%(subject)s не змінилося порівняно з попереднім кварталом: %(current)s."
        ),
        "plural": pgettext(
            "plural", "%(subject)s не змінилися порівняно з попереднім кварталом: %(current)s."
        ),
    }[gender]


def _was(gender: str) -> str:
    return {
        "masculine": pgettext("masculine", "%(subject)s становив %(current)s."),
        "feminine": pgettext("feminine", "%(subject)s становила %(current)s."),
        "neuter": pgettext("neuter", "%(subject)s становило %(current)s."),
        "plural": pgettext("plural", "%(subject)s становили %(current)s."),
    }[gender]


def _closed(text: str) -> str:
    """A Ukrainian subject with a participial phrase («Частка мешканців, задоволених часом
    очікування») closes the phrase with a comma before its verb; English needs none."""
    return f"{text}," if "," in text and not _is_english() else text


def change_sentence(*, subject: Subject, unit: str, current: Reading, previous: Reading) -> str:
    """One sentence about a figure this quarter against the previous quarter."""
    if subject.gender not in GENDERS:
        raise ValueError(f"unknown gender {subject.gender}")
    words = {"subject": _closed(subject.text)}
    if current.withheld:
        return (
            _("%(subject)s не наводиться: за квартал цей показник стосується менше ніж 5 осіб.")
            % words
        )
    if current.value is None:
        return _("%(subject)s: даних за квартал немає.") % words
    words["current"] = figure_text(current.value, unit)
    if previous.value is None:
        sentence = _was(subject.gender) % words
        if previous.withheld:
            sentence += " " + _("За попередній квартал цей показник не наводиться (менше 5 осіб).")
        return sentence
    words["previous"] = figure_text(previous.value, unit)
    if words["previous"] == words["current"]:
        return _same(subject.gender) % words
    if current.value > previous.value:
        return _rose(subject.gender) % words
    return _fell(subject.gender) % words


def largest_sentence(*, caption: str, label: str, value: float | int, unit: str) -> str:
    """«Найбільше — послуга «Реєстрація місця проживання»: 412.» for a breakdown's top row."""
    return _("%(caption)s: найбільше — «%(label)s» (%(value)s).") % {
        "caption": caption,
        "label": label,
        "value": figure_text(value, unit),
    }
