"""The channel analysis (issue 13, point 9) for the back office: over a period, each channel's
reach recorded in the communication plan, the subscribers per topic, and where visitors say they
learned about the centre — the same figures the registered metrics give analytics. Staff see them
raw; public readers of the metrics suppress groups under five (core/suppression.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vidhuk.core.models import Centre
from vidhuk.surveys.selectors.answer_counts import QuestionTally, choice_counts_by_question_code

from ..metrics import LEARNED_FROM_CODE, plan_reach, subscribers_by_topic


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    share: float | None = None  # percent of the respondents, for the survey's answers


@dataclass(frozen=True)
class ChannelAnalysis:
    start: dt.date
    end: dt.date
    reach: list[Figure]
    subscribers: list[Figure]
    subscribers_total: int
    learned_from: QuestionTally | None
    learned_from_figures: list[Figure]


def channel_analysis(*, centre: Centre, start: dt.date, end: dt.date) -> ChannelAnalysis:
    reach = [
        Figure(label=str(row["channel"]), value=int(row["value"] or 0))
        for row in plan_reach(centre, start, end, ("channel",))
    ]
    subscribers = [
        Figure(label=str(row["topic"]), value=int(row["value"]))
        for row in subscribers_by_topic(centre, start, end, ("topic",))
    ]
    (total,) = subscribers_by_topic(centre, start, end, ())
    tally = choice_counts_by_question_code(
        centre=centre, code=LEARNED_FROM_CODE, start=start, end=end
    )
    figures = []
    if tally is not None:
        figures = [
            Figure(
                label=choice.label,
                value=choice.count,
                share=round(100 * choice.count / tally.respondents, 1)
                if tally.respondents
                else None,
            )
            for choice in tally.choices
        ]
    return ChannelAnalysis(
        start=start,
        end=end,
        reach=reach,
        subscribers=subscribers,
        subscribers_total=int(total["value"]),
        learned_from=tally,
        learned_from_figures=figures,
    )
