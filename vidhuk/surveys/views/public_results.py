"""The published results of a visitor questionnaire on the centre's portal.

Only when the centre ticked ``results_public``; otherwise 404. Aggregates only, with the same
suppression as the back office plus groups (offices, services, months) under 5 responses
shown without figures, and more groups with them where the total would give them away
(``results_report_public``); comments only as a moderator approved and edited them
(``public_text``).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vidhuk.core.pagecache import public_page
from vidhuk.core.selectors import centre_get_public
from vidhuk.core.suppression import THRESHOLD

from ..charts import report_figures
from ..language import english_active
from ..models import Questionnaire
from ..results.public import results_report_public
from ..results.types import NO_FILTERS
from ..selectors.moderation import comments_public
from ..selectors.questionnaires import questionnaire_get_results_public
from ..tasks import results_report_for_page

COMMENTS_PAGE_SIZE = 20


@require_GET
# New answers reach the report in the background (``results_report_for_page``): a minute more
# of the page cache does not change what a resident sees; moderation and the settings bump it.
@public_page(seconds=60)
def results(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    try:
        questionnaire = questionnaire_get_results_public(centre=centre, slug=slug)
    except Questionnaire.DoesNotExist:
        raise Http404("No published results") from None
    report = results_report_public(
        results_report_for_page(centre=centre, questionnaire=questionnaire, filters=NO_FILTERS)
    )
    comments = Paginator(
        comments_public(centre=centre, questionnaire=questionnaire), COMMENTS_PAGE_SIZE
    )
    return render(
        request,
        "surveys/public/results.html",
        {
            "centre": centre,
            "questionnaire": questionnaire,
            "report": report,
            "figures": report_figures(report, prefix="public"),
            "comments": comments.get_page(request.GET.get("page")),
            "threshold": THRESHOLD,
            # Names and comments stay Ukrainian on English pages: marked lang="uk".
            "current_language_en": english_active(),
        },
    )
