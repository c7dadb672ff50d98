"""The report's sentences, written from its figures: rises, falls, no change, withheld."""

import pytest
from django.utils import translation

from vidhuk.analytics.sentences import Reading, Subject, change_sentence, figure_text

SATISFIED = Subject("Частка мешканців, задоволених часом очікування", "feminine")
WAIT = Subject("Середній час очікування в черзі", "masculine")


@pytest.mark.parametrize(
    ("subject", "unit", "current", "previous", "expected"),
    [
        pytest.param(
            SATISFIED, "percent", 74, 61,
            "Частка мешканців, задоволених часом очікування, зросла з 61\u00a0% до 74\u00a0%.",
            id="share-rose",
        ),
        pytest.param(
            WAIT, "minutes", 12.5, 18,
            "Середній час очікування в черзі знизився з 18 хв до 12,5 хв.",
            id="wait-fell",
        ),
        pytest.param(
            SATISFIED, "percent", 61.04, 60.98,
            "Частка мешканців, задоволених часом очікування, не змінилася порівняно з "
            "попереднім кварталом: 61\u00a0%.",
            id="same-as-printed",
        ),
        pytest.param(
            Subject("Кількість наданих послуг", "feminine"), "count", 12345, None,
            "Кількість наданих послуг становила 12\u00a0345.",
            id="no-previous",
        ),
    ],
)  # fmt: skip
def test_a_figure_is_compared_with_the_previous_quarter(subject, unit, current, previous, expected):
    sentence = change_sentence(
        subject=subject, unit=unit, current=Reading(current), previous=Reading(previous)
    )

    assert sentence == expected


def test_a_withheld_figure_is_never_named_nor_compared():
    sentence = change_sentence(
        subject=SATISFIED, unit="percent", current=Reading(None, withheld=True),
        previous=Reading(61),
    )  # fmt: skip

    assert sentence == (
        "Частка мешканців, задоволених часом очікування, не наводиться: за квартал цей показник "
        "стосується менше ніж 5 осіб."
    )
    assert "61" not in sentence


def test_a_withheld_previous_quarter_is_said_and_not_compared():
    sentence = change_sentence(
        subject=WAIT, unit="minutes", current=Reading(9), previous=Reading(None, withheld=True)
    )

    assert sentence == (
        "Середній час очікування в черзі становив 9 хв. "
        "За попередній квартал цей показник не наводиться (менше 5 осіб)."
    )


def test_plural_and_neuter_subjects_agree():
    rose = change_sentence(
        subject=Subject("Звернення громадян", "plural"), unit="count",
        current=Reading(7), previous=Reading(5),
    )  # fmt: skip
    fell = change_sentence(
        subject=Subject("Число талонів", "neuter"), unit="count",
        current=Reading(5), previous=Reading(7),
    )  # fmt: skip

    assert rose == "Звернення громадян зросли з 5 до 7."
    assert fell == "Число талонів знизилося з 7 до 5."


def test_figures_print_in_the_page_language():
    with translation.override("en"):
        english = figure_text(1234.5, "percent")

    assert figure_text(1234.5, "percent") == "1\u00a0234,5\u00a0%"
    assert english == "1,234.5%"
