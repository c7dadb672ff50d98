"""What the quarterly report is made of (issue 14, point 4): its sections in order, the figures
each one speaks of in sentences (``Headline``) and the tables it shows (``Breakdown``), all read
from the metrics registry (core/metrics.py). A metric no app has registered is left out of the
report, so a centre without the queue gets a report without waiting times, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Headline:
    """A figure spoken of in a sentence: the metric's total, or one row of it (``row``:
    dimension and code, e.g. the refusals of services provided)."""

    metric: str
    subject: Promise
    gender: str
    row: tuple[str, str] | None = None


@dataclass(frozen=True)
class Breakdown:
    """A table of the report: the metric split by one dimension, this quarter and the last."""

    metric: str
    by: str
    caption: Promise


@dataclass(frozen=True)
class SectionSpec:
    code: str
    title: Promise
    headlines: tuple[Headline, ...] = ()
    tables: tuple[Breakdown, ...] = ()


PROVIDED = "services_provided"

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "services",
        _("Надані послуги"),
        headlines=(
            Headline(PROVIDED, _("Кількість звернень по послуги"), "feminine"),
            Headline(
                PROVIDED, _("Кількість наданих послуг"), "feminine", row=("result", "provided")
            ),
            Headline(PROVIDED, _("Кількість консультацій"), "feminine", ("result", "consultation")),
            Headline(PROVIDED, _("Кількість відмов"), "feminine", row=("result", "refused")),
        ),
        tables=(
            Breakdown(PROVIDED, "service", _("Послуги за видами")),
            Breakdown(PROVIDED, "office", _("Послуги за офісами")),
            Breakdown(PROVIDED, "channel", _("Послуги за способом звернення")),
            Breakdown(PROVIDED, "result", _("Результат звернень по послуги")),
        ),
    ),
    SectionSpec(
        "appeals",
        _("Звернення громадян"),
        headlines=(
            Headline("appeals.received", _("Кількість звернень громадян"), "feminine"),
            Headline(
                "appeals.answered_late",
                _("Кількість звернень, розглянутих з порушенням строку"),
                "feminine",
            ),
        ),
        tables=(
            Breakdown("appeals.received", "result", _("Як розглянуто звернення")),
            Breakdown("appeals.received", "topic", _("Звернення за темами")),
        ),
    ),
    SectionSpec(
        "feedback",
        _("Що казали мешканці"),
        headlines=(
            Headline(
                "survey_responses", _("Кількість відвідувачів, які оцінили центр"), "feminine"
            ),
            Headline(
                "survey_satisfaction",
                _("Частка мешканців, задоволених обслуговуванням"),
                "feminine",
            ),
            Headline(
                "survey_indicators",
                _("Частка мешканців, задоволених швидкістю обслуговування"),
                "feminine",
                row=("question", "rate_speed"),
            ),
            Headline("survey_loyalty_index", _("Індекс лояльності"), "masculine"),
            Headline("mystery_score", _("Оцінка таємного відвідувача"), "feminine"),
        ),
        tables=(
            Breakdown(
                "appeals.received",
                "channel",
                _("Звернення за каналами: гаряча лінія, скринька, пошта, онлайн"),
            ),
            Breakdown(
                "survey_indicators", "question", _("Задоволеність за показниками опитування")
            ),
        ),
    ),
    SectionSpec(
        "waiting",
        _("Час очікування"),
        headlines=(
            Headline("queue_wait_minutes", _("Середній час очікування в черзі"), "masculine"),
            Headline("queue_service_minutes", _("Середній час обслуговування"), "masculine"),
            Headline("queue_tickets", _("Кількість талонів електронної черги"), "feminine"),
            Headline("bookings", _("Кількість попередніх записів"), "feminine"),
            Headline("booking_no_shows", _("Кількість записаних, які не прийшли"), "feminine"),
        ),
        tables=(Breakdown("queue_wait_minutes", "office", _("Час очікування за офісами")),),
    ),
    SectionSpec(
        "decisions",
        _("Ухвалені рішення та їх виконання"),
        headlines=(
            Headline("decisions.findings", _("Кількість висновків за відгуками"), "feminine"),
            Headline(
                "decisions.findings_decided_in_term",
                _("Частка висновків, вирішених у строк"),
                "feminine",
            ),
            Headline("decisions.overdue", _("Кількість прострочених рішень"), "feminine"),
        ),
    ),
    SectionSpec("plans", _("Плани на наступний квартал")),
)


def section_titles() -> dict[str, str]:
    return {section.code: str(section.title) for section in SECTIONS}
