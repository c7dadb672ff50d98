"""The offline (XLSForm) pages run a bounded number of queries that does not grow with the
questionnaires, versions and imported files they list (3 rows and 30 rows cost the same)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.surveys.choices import BatchKind, VersionStatus
from vidhuk.surveys.models import ResponseBatch

from .factories import QuestionnaireFactory, ResponseFactory, VersionFactory


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
