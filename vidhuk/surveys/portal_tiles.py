"""The surveys' tile and results links on the portal's home page (registered by extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre
from vidhuk.core.portal import (
    PersonalDataKind,
    PortalLinks,
    Reads,
    Tile,
    register_links,
    register_personal_data,
    register_tile,
)
from vidhuk.core.readtogether import Rows

from .selectors.questionnaires import (
    questionnaires_with_public_results,
    visitor_survey_pick,
    visitor_survey_slugs,
)


def _survey_url(centre: Centre, reads: Reads) -> str | None:
    slug = visitor_survey_pick([row["questionnaire__slug"] for row in reads.values["published"]])
    return reverse("surveys:survey", args=[centre.slug, slug]) if slug else None


def _results_links(centre: Centre, reads: Reads) -> list[tuple[str, str]]:
    english = (get_language() or "").startswith("en")
    return [
        (
            _("Результати опитування: %(title)s")
            % {"title": (q.title_en if english and q.title_en else q.title_uk)},
            reverse("surveys:results", args=[centre.slug, q.slug]),
        )
        for q in reads.values["public"]
    ]


def register() -> None:
    register_tile(
        Tile(
            key="surveys",
            order=60,
            label=gettext_lazy("Оцінити обслуговування"),
            description=gettext_lazy("Анонімне опитування на кілька хвилин."),
            url=_survey_url,
            reads=lambda centre, now: {"published": Rows(visitor_survey_slugs(centre=centre))},
        )
    )
    register_links(
        PortalLinks(
            key="surveys_results",
            order=60,
            links=_results_links,
            reads=lambda centre, now: {
                "public": Rows(questionnaires_with_public_results(centre=centre))
            },
        )
    )
    register_personal_data(
        PersonalDataKind(
            key="surveys",
            order=40,
            title=gettext_lazy("Опитування про якість обслуговування"),
            what=gettext_lazy(
                "Відповіді без імені, адреси, облікового запису, cookie й часу — лише дата; за "
                "бажанням — стать, вікова група. Код візиту з талона видаляємо, щойно ви "
                "відповіли."
            ),
            purpose=gettext_lazy(
                "Оцінити обслуговування. Результати показуємо лише узагальнено: групи, менші "
                "за 5 відповідей, приховано."
            ),
            retention=lambda centre: _(
                "Відповіді анонімні й зберігаються для статистики; пов’язати їх з вами неможливо."
            ),
        )
    )
