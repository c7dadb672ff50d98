"""Demo answers to the standard visitor questionnaire, so the results pages have something to show.

Half a year of responses across the demo centre's offices, on the web and on paper, with the
optional demographic block answered by most and «не бажаю зазначати» by some. Stored through
the surveys service like real answers (validated, anonymous: only the day). Loaded once, when
the questionnaire has fewer than ``MIN_RESPONSES`` responses.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.utils import timezone

from vidhuk.core.models import Centre, Office
from vidhuk.core.seeds import SeedResult, SeedRun
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import QuestionnaireVersion
from vidhuk.surveys.selectors.moderation import comments_for_moderation
from vidhuk.surveys.selectors.questionnaires import version_get_published
from vidhuk.surveys.services import questionnaire_install_defaults, response_submit
from vidhuk.surveys.services.moderation import comment_publish
from vidhuk.surveys.services.questionnaires import questionnaire_update

SLUG = "visitor-survey"
MIN_RESPONSES = 50
COUNT = 420
DAYS = 180

COMMENTS = [
    "Більше місць для сидіння в зоні очікування.",
    "Дякую адміністраторці за терпіння та пояснення!",
    "Хотілося б працювати в суботу довше.",
    "Термінал черги часто не друкує талон.",
    "Влітку в приміщенні дуже спекотно.",
    "Все швидко й зрозуміло, дякую.",
    "Зробіть, будь ласка, пандус до старостату.",
    "Онлайн-запис зручний, але мало вільних годин.",
]


def seed_survey_responses(*, centre: Centre, count: int = COUNT) -> int:
    """Add ``count`` demo responses unless the questionnaire has answers; returns how many."""
    version = version_get_published(centre=centre, slug=SLUG)
    if version.responses.count() >= MIN_RESPONSES:
        return 0
    offices = list(Office.objects.filter(centre=centre).order_by("position", "pk"))
    rng = random.Random(f"{centre.slug}-{SLUG}")  # noqa: S311 — demo data, not security
    today = timezone.localdate()
    for _number in range(count):
        office = rng.choices(offices, weights=[6, 2, 1][: len(offices)] or None)[0]
        response_submit(
            version=version,
            channel=rng.choices([Channel.WEB, Channel.PAPER], weights=[3, 1])[0],
            answers=_answers(rng, office_index=offices.index(office)),
            submission_key=uuid.UUID(int=rng.getrandbits(128)).hex,
            office=office,
            submitted_on=today - dt.timedelta(days=rng.randrange(DAYS)),
        )
    _publish_results(centre=centre, version=version)
    return count


def _publish_results(*, centre: Centre, version: QuestionnaireVersion) -> None:
    """The demo centre publishes its results, with three comments a moderator approved, so the
    portal's results page can be seen (suppressed as any centre's would be)."""
    questionnaire = version.questionnaire
    questionnaire_update(questionnaire=questionnaire, data={"results_public": True}, actor=None)
    for comment in comments_for_moderation(centre=centre, questionnaire=questionnaire)[:3]:
        comment_publish(
            centre=centre,
            questionnaire=questionnaire,
            answer_id=comment.pk,
            public_text=comment.text,
            actor=None,
        )


def _answers(rng: random.Random, *, office_index: int) -> dict[str, Any]:
    # The remote workplace and the starosta office rate a little lower: something to see.
    mood = rng.gauss(4.2 - 0.4 * office_index, 0.8)

    def rating() -> int:
        return max(1, min(5, round(mood + rng.gauss(0, 0.6))))

    overall = "excellent" if mood >= 4.5 else "good" if mood >= 3.5 else "acceptable"
    if mood < 2.3:
        overall = "terrible"
    answers: dict[str, Any] = {
        "purpose": rng.choice(["consultation", "submit_documents", "collect_result", "other"]),
        "wait_time": rng.choices(
            ["under_5", "5_15", "15_30", "30_60", "over_60"], weights=[4, 5, 3, 1, 1]
        )[0],
        "resolved": rng.choices(["fully", "partly", "no", "in_progress"], weights=[7, 2, 1, 2])[0],
        **{
            code: rating()
            for code in (
                "rate_information",
                "rate_politeness",
                "rate_competence",
                "rate_speed",
                "rate_comfort",
                "rate_accessibility",
                "rate_hours",
            )
        },
        "overall": overall,
        "recommend": max(0, min(10, round(mood * 2 + rng.gauss(0, 1.2)))),
        "learned_from": rng.sample(
            ["community_website", "social_networks", "family_friends", "starosta", "notice_boards"],
            k=rng.randint(1, 2),
        ),
    }
    if rng.random() < 0.2:
        answers["improve"] = rng.choice(COMMENTS)
    if rng.random() < 0.8:
        answers |= {
            "sex": rng.choices(["female", "male", "prefer_not_to_say"], weights=[6, 4, 1])[0],
            "age_group": rng.choices(
                ["under_18", "18_35", "36_59", "60_plus", "prefer_not_to_say"],
                weights=[1, 5, 6, 4, 1],
            )[0],
            "idp": rng.choices(["yes", "no", "prefer_not_to_say"], weights=[2, 8, 1])[0],
            "disability": rng.choices(["yes", "no", "prefer_not_to_say"], weights=[1, 9, 1])[0],
            "pensioner": rng.choices(["yes", "no", "prefer_not_to_say"], weights=[3, 7, 1])[0],
            "residence": rng.choices(
                ["centre_town", "starosta_village", "prefer_not_to_say"], weights=[6, 4, 1]
            )[0],
        }
    return answers


def seed(run: SeedRun) -> SeedResult:
    """The surveys' demo seed (registered in vidhuk/surveys/extensions.py): the default
    questionnaires, then visitors' answers."""
    questionnaire_install_defaults(centre=run.centre, actor=None)
    added = seed_survey_responses(centre=run.centre)
    return SeedResult(summary=f"відповідей на анкету: {added}")
