"""Results after new responses: the last report is shown, marked with its time, while one
background task computes the new one (the database task queue, as in production)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vidhuk.accounts.choices import Role
from vidhuk.surveys.results.cache import results_refresh_claim
from vidhuk.surveys.results.types import ResultFilters
from vidhuk.surveys.tasks import results_report_refresh

from . import test_results_views
from .test_results_views import answer, many, url

# The results views' fixtures: the standard questionnaire with 12 responses.
standard = test_results_views.standard
answered = test_results_views.answered

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STALE_NOTICE = "Відтоді надійшли нові відповіді"


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_QUEUE


def _run_queued() -> None:
    """What `manage.py db_worker` does with each stored task: call it with its stored arguments."""
    for stored in DBTaskResult.objects.order_by("enqueued_at"):
        stored.task.call(*stored.args_kwargs["args"], **stored.args_kwargs["kwargs"])
        stored.delete()


def test_new_responses_show_the_last_report_and_queue_one_recompute(
    staff_client, centre, answered, queued
):
    client, _membership = staff_client(Role.HEAD)
    first = client.get(url(centre, answered, "results/"))
    answer(answered, overall="terrible", recommend=0)

    stale = client.get(url(centre, answered, "results/"))
    again = client.get(url(centre, answered, "results/"))

    assert first.context["report"].total.responses == 12
    assert (stale.context["report"].total.responses, stale.context["report"].is_stale) == (12, True)
    assert STALE_NOTICE in stale.content.decode()
    assert STALE_NOTICE not in first.content.decode()
    assert again.context["report"].is_stale
    # Two readers of the stale report: one recompute queued, with JSON arguments only.
    assert DBTaskResult.objects.count() == 1

    _run_queued()
    current = client.get(url(centre, answered, "results/"))

    assert (current.context["report"].total.responses, current.context["report"].is_stale) == (
        13,
        False,
    )
    assert STALE_NOTICE not in current.content.decode()


def test_a_filtered_report_is_recomputed_with_its_filters_and_language(
    staff_client, centre, answered, queued
):
    client, _membership = staff_client(Role.HEAD)
    april = "/en" + url(centre, answered, "results/?date_from=2026-04-01&date_to=2026-04-30")
    client.get(april)
    many(answered, 2, overall="good", recommend=9, on=dt.date(2026, 4, 10))
    assert client.get(april).context["report"].is_stale

    _run_queued()
    current = client.get(april)

    assert "Survey results" in current.content.decode()
    assert current.context["report"].total.responses == 6
    assert not current.context["report"].is_stale


def test_without_a_queue_the_page_is_current_at_once(staff_client, centre, answered):
    # The immediate backend (development, `make run`) computes the new report in the request.
    client, _membership = staff_client(Role.HEAD)
    client.get(url(centre, answered, "results/"))
    answer(answered, overall="terrible", recommend=0)

    response = client.get(url(centre, answered, "results/"))

    assert (response.context["report"].total.responses, response.context["report"].is_stale) == (
        13,
        False,
    )


def test_the_public_results_page_shows_the_last_report_too(client, centre, answered, queued):
    """The public page comes from the page cache for up to a minute (ADR 0009): a new answer
    shows as «new answers since» on the first view after that minute, which queues one
    recompute."""
    answered.results_public = True
    answered.save(update_fields=["results_public"])
    page = f"/{centre.slug}/survey/{answered.slug}/results/"
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        client.get(page)
        answer(answered, overall="terrible", recommend=0)
        within_the_minute = client.get(page)
    with time_machine.travel(now + dt.timedelta(seconds=61), tick=False):
        response = client.get(page)

    assert within_the_minute["X-Page-Cache"] == "hit"
    assert response.status_code == 200
    assert STALE_NOTICE in response.content.decode()
    assert DBTaskResult.objects.count() == 1


def test_the_refresh_task_releases_its_claim_and_skips_a_deleted_questionnaire(centre, answered):
    filters = ResultFilters(version_id=answered.versions.get().pk)
    assert results_refresh_claim(centre=centre, questionnaire=answered, filters=filters)

    counted = results_report_refresh.call(centre.pk, answered.pk, filters.as_json(), "uk")

    assert counted == 12
    assert results_refresh_claim(centre=centre, questionnaire=answered, filters=filters)
    assert results_report_refresh.call(centre.pk, 900001, {}, "uk") is None
