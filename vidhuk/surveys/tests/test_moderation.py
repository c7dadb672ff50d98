"""Moderation of free-text comments: nothing is public before a moderator decides."""

# ruff: noqa: F811 — the `standard` fixture is imported from test_results_views

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import Moderation
from vidhuk.surveys.models import Answer, Questionnaire
from vidhuk.surveys.selectors.moderation import comment_counts
from vidhuk.surveys.services import questionnaire_install_defaults
from vidhuk.surveys.services.moderation import (
    comment_publish,
    comments_reject_bulk,
)
from vidhuk.surveys.tests.test_results_views import answer, standard  # noqa: F401

RAW = "Адміністратор Іван Петренко (067 123 45 67) нагрубив"
CLEARED = "Адміністратор нагрубив"


@pytest.fixture
def comment(standard):
    response = answer(standard, overall="terrible", improve=RAW)
    return Answer.objects.get(response=response, question__code="improve")


def queue_url(centre, questionnaire, tail=""):
    return f"/staff/{centre.slug}/surveys/{questionnaire.pk}/comments/{tail}"


def decide(client, comment, decision, text=""):
    questionnaire = comment.question.version.questionnaire
    return client.post(
        queue_url(questionnaire.centre, questionnaire, f"{comment.pk}/"),
        {
            f"c{comment.pk}-decision": decision,
            f"c{comment.pk}-public_text": text,
            "status": "pending",
        },
    )


def public_page(client):
    return client.get("/verbivka/survey/visitor-survey/results/").content.decode()


def test_a_new_comment_is_pending_and_never_public(client, standard, comment):
    standard.results_public = True
    standard.save()

    assert comment.moderation == Moderation.PENDING
    assert "нагрубив" not in public_page(client)


def test_the_queue_lists_pending_comments_and_records_the_reading(
    staff_client,
    centre,
    standard,
    comment,
):
    client, membership = staff_client(Role.COMMUNICATIONS)

    response = client.get(queue_url(centre, standard))

    assert response.status_code == 200
    assert RAW in response.content.decode()
    event = AuditEvent.objects.get(action="view", actor=membership.user)
    assert event.changes["comments"] == [comment.pk]


def test_publishing_shows_the_edited_text_only(
    client,
    staff_client,
    centre,
    standard,
    comment,
):
    standard.results_public = True
    standard.save()
    moderator, _membership = staff_client(Role.COMMUNICATIONS)

    response = decide(moderator, comment, "publish", CLEARED)

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.moderation, comment.public_text, comment.text) == (
        Moderation.PUBLISHED,
        CLEARED,
        RAW,
    )
    html = public_page(client)
    assert CLEARED in html
    assert "Петренко" not in html
    assert AuditEvent.objects.filter(object_type="surveys.answer", object_id=str(comment.pk)).get()


def test_publishing_without_a_text_is_refused_with_an_error(
    staff_client,
    centre,
    standard,
    comment,
):
    moderator, _membership = staff_client(Role.COMMUNICATIONS)

    response = decide(moderator, comment, "publish", "   ")

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Напишіть текст, який можна оприлюднити" in html
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PENDING


def test_a_rejected_comment_is_never_public(client, staff_client, centre, standard, comment):
    standard.results_public = True
    standard.save()
    moderator, _membership = staff_client(Role.HEAD)

    decide(moderator, comment, "reject", CLEARED)

    comment.refresh_from_db()
    assert (comment.moderation, comment.public_text) == (Moderation.REJECTED, "")
    assert CLEARED not in public_page(client)


def test_bulk_reject_refuses_every_ticked_comment_once(staff_client, centre, standard):
    comments = [
        Answer.objects.get(response=answer(standard, improve=f"спам {n}"), question__code="improve")
        for n in range(3)
    ]
    moderator, _membership = staff_client(Role.HEAD)
    data = {"comments": [comments[0].pk, comments[2].pk], "status": "pending"}

    first = moderator.post(queue_url(centre, standard, "reject/"), data)
    second = moderator.post(queue_url(centre, standard, "reject/"), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert [Answer.objects.get(pk=c.pk).moderation for c in comments] == [
        Moderation.REJECTED,
        Moderation.PENDING,
        Moderation.REJECTED,
    ]
    assert AuditEvent.objects.filter(object_type="surveys.answer").count() == 1


def test_bulk_reject_with_a_foreign_comment_changes_nothing(
    staff_client,
    centre,
    other_centre,
    standard,
    comment,
):
    from vidhuk.surveys.services import questionnaire_install_defaults

    foreign = next(
        q
        for q in questionnaire_install_defaults(centre=other_centre, actor=None)
        if q.slug == "visitor-survey"
    )
    foreign_comment = Answer.objects.get(
        response=answer(foreign, improve="чуже"), question__code="improve"
    )
    moderator, _membership = staff_client(Role.HEAD)

    response = moderator.post(
        queue_url(centre, standard, "reject/"), {"comments": [comment.pk, foreign_comment.pk]}
    )

    assert response.status_code == 400
    assert "Деяких позначених коментарів немає в цій анкеті" in response.content.decode()
    assert set(
        Answer.objects.filter(pk__in=[comment.pk, foreign_comment.pk]).values_list(
            "moderation", flat=True
        )
    ) == {Moderation.PENDING}


def test_bulk_reject_with_nothing_ticked_explains(staff_client, centre, standard, comment):
    moderator, _membership = staff_client(Role.HEAD)

    response = moderator.post(queue_url(centre, standard, "reject/"), {"status": "pending"})

    assert response.status_code == 400
    assert "Позначте коментарі, які не треба оприлюднювати." in response.content.decode()


def test_moderation_needs_the_capability(staff_client, centre, standard, comment):
    analyst, _membership = staff_client(Role.ANALYST)

    assert analyst.get(queue_url(centre, standard)).status_code == 403
    assert decide(analyst, comment, "publish", CLEARED).status_code == 403
    comment.refresh_from_db()
    assert (comment.moderation, comment.public_text) == (Moderation.PENDING, "")


def test_another_centres_comment_is_not_found(staff_client, centre, standard, comment):
    from vidhuk.core.tests.factories import CentreFactory
    from vidhuk.surveys.services import questionnaire_install_defaults

    elsewhere = CentreFactory(slug="inshe")
    foreign = next(
        q
        for q in questionnaire_install_defaults(centre=elsewhere, actor=None)
        if q.slug == "visitor-survey"
    )
    moderator, _membership = staff_client(Role.HEAD)

    assert decide(moderator, comment, "publish", CLEARED).status_code == 302
    response = moderator.post(
        queue_url(centre, foreign, f"{comment.pk}/"),
        {f"c{comment.pk}-decision": "reject"},
    )
    assert response.status_code == 404


def test_the_queue_is_paginated_with_a_bounded_number_of_queries(
    staff_client,
    centre,
    standard,
    django_assert_max_num_queries,
):
    for n in range(25):
        answer(standard, improve=f"коментар {n}")
    moderator, _membership = staff_client(Role.HEAD)

    with django_assert_max_num_queries(15):
        response = moderator.get(queue_url(centre, standard))

    assert len(response.context["items"]) == 20
    assert response.context["page"].paginator.count == 25


def test_comment_publish_refuses_an_answer_of_another_questionnaire(centre, standard, comment):
    from vidhuk.surveys.tests.factories import QuestionnaireFactory

    other = QuestionnaireFactory(centre=centre)

    with pytest.raises(Answer.DoesNotExist):
        comment_publish(
            centre=centre, questionnaire=other, answer_id=comment.pk, public_text="x", actor=None
        )
    assert (
        comments_reject_bulk(
            centre=centre, questionnaire=standard, answer_ids=[comment.pk], actor=None
        )
        == 1
    )


def test_a_comment_published_or_refused_changes_the_cached_public_page_at_once(
    client, staff_client, centre, standard, comment
):
    standard.results_public = True
    standard.save()
    moderator, _membership = staff_client(Role.COMMUNICATIONS)
    public_page(client)
    assert client.get("/verbivka/survey/visitor-survey/results/")["X-Page-Cache"] == "hit"

    decide(moderator, comment, "publish", CLEARED)
    published = public_page(client)
    comments_reject_bulk(centre=centre, questionnaire=standard, answer_ids=[comment.pk], actor=None)
    refused = public_page(client)

    assert CLEARED in published
    assert CLEARED not in refused


def test_the_counts_by_state_are_of_this_centres_questionnaire_only(
    centre, other_centre, standard, comment
):
    second = answer(standard, overall="good", improve="Дякую, все добре")
    comment_publish(
        centre=centre,
        questionnaire=standard,
        answer_id=Answer.objects.get(response=second, question__code="improve").pk,
        public_text="Дякую, все добре",
        actor=None,
    )
    elsewhere = next(
        q
        for q in questionnaire_install_defaults(centre=other_centre, actor=None)
        if q.slug == "visitor-survey"
    )
    answer(Questionnaire.objects.get(pk=elsewhere.pk), overall="good", improve="Чужий коментар")

    assert comment_counts(centre=centre, questionnaire=standard) == {
        Moderation.PENDING: 1,
        Moderation.PUBLISHED: 1,
        Moderation.REJECTED: 0,
    }
    assert set(comment_counts(centre=other_centre, questionnaire=standard).values()) == {0}
