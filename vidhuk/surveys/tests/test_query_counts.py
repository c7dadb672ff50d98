"""The offline (XLSForm) pages run a bounded number of queries that does not grow with the
questionnaires, versions and imported files they list (3 rows and 30 rows cost the same)."""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.surveys.choices import BatchKind, Moderation, VersionStatus
from vidhuk.surveys.models import Answer, Questionnaire, ResponseBatch
from vidhuk.surveys.services import questionnaire_install_defaults

from .factories import QuestionnaireFactory, ResponseFactory, VersionFactory
from .test_results_views import answer


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _questionnaires(centre, n):
    """n questionnaires, each with a published version and a newer draft."""
    for _ in range(n):
        questionnaire = QuestionnaireFactory(centre=centre)
        VersionFactory(questionnaire=questionnaire, number=1)
        VersionFactory(
            questionnaire=questionnaire, number=2, status=VersionStatus.DRAFT, published_at=None
        )


def test_the_offline_page_does_not_grow_with_questionnaires(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/surveys/offline/"
    _questionnaires(centre, 3)
    few = _queries(client, url)
    _questionnaires(centre, 27)
    many = _queries(client, url)

    # 7 today: sign-in checks, the page count, one page of questionnaires and their versions (one
    # prefetch).
    assert many == few
    assert many <= 8


def _imports(centre, n):
    """n imported files, each of its own questionnaire and person, with two responses."""
    for i in range(n):
        version = VersionFactory(questionnaire=QuestionnaireFactory(centre=centre))
        batch = ResponseBatch.objects.create(
            centre=centre, kind=BatchKind.IMPORT, version=version, created_by=UserFactory(),
            received_on=dt.date(2026, 3, 2), source_name=f"kobo-{i}.xlsx",
        )  # fmt: skip
        for _ in range(2):
            ResponseFactory(version=version, batch=batch)


def test_the_imported_files_do_not_grow_with_files(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    url = f"/staff/{centre.slug}/surveys/offline/batches/"
    _imports(centre, 3)
    few = _queries(client, url)
    _imports(centre, 27)
    many = _queries(client, url)

    # 6 today: sign-in checks, the page count, one page of files joined to version,
    # questionnaire and who imported, with the number of responses (one annotated query).
    assert many == few
    assert many <= 7


def test_the_public_results_do_not_grow_with_responses_or_comments(client, centre, settings):
    settings.VIDHUK_PAGE_CACHE_SECONDS = 0  # what rendering the page costs, not a page hit
    questionnaire_install_defaults(centre=centre, actor=None)
    standard = Questionnaire.objects.get(centre=centre, slug="visitor-survey")
    standard.results_public = True
    standard.save()
    url = f"/{centre.slug}/survey/{standard.slug}/results/"

    def comments(n):
        """n responses, each with a comment a moderator let through."""
        for i in range(n):
            response = answer(standard, overall="good", recommend=9, improve=f"Побажання {i}")
            Answer.objects.filter(response=response, question__code="improve").update(
                moderation=Moderation.PUBLISHED, public_text=f"Побажання {i}"
            )

    comments(15)  # enough for every figure to be shown
    cache.clear()  # the report computed on this request, not read from the results' cache
    few = _queries(client, url)
    comments(30)
    cache.clear()
    many = _queries(client, url)
    cached = _queries(client, url)

    # Computed, 14 today: the centre, the questionnaire, the data version, the report's
    # grouped counts (a query per question, not per answer), a page of published comments and
    # their count. Cached, 5 today (docs/decisions/0004): the centre, the questionnaire, the
    # data version, the comments.
    assert many == few
    assert many <= 15
    assert cached <= 6
