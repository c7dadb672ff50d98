"""Staff entry of paper forms in batches: start a batch, type the printed numbers, Enter saves;
errors at the field with nothing saved; a double submit saves one; removal by the one who
entered; tenancy and capabilities."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import BatchKind, Channel, QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import Answer, Response, ResponseBatch
from vidhuk.surveys.services import (
    questionnaire_install_defaults,
    version_new_draft,
    version_publish,
)
from vidhuk.surveys.services.batches import (
    paper_batch_start,
    paper_entry_remove,
    paper_entry_submit,
)
from vidhuk.surveys.tests import factories

every_type = factories.every_type
frozen = factories.frozen

BASE = "/staff/verbivka/surveys/batches/"


@pytest.fixture
def standard(centre):
    questionnaire = next(
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    return questionnaire.versions.get()


@pytest.fixture
def office(centre):
    return OfficeFactory(centre=centre, name="Головний офіс")


@pytest.fixture
def operator(staff_client):
    return staff_client(Role.HOTLINE_OPERATOR)


@pytest.fixture
def batch(every_type, office, operator, frozen):
    _client, membership = operator
    return paper_batch_start(
        centre=every_type.questionnaire.centre,
        version=every_type,
        received_on=dt.date(2026, 2, 27),
        office=office,
        label="Скринька, виїмка 27.02",
        actor=membership.user,
    )


def entry(**answers):
    return {"submission_key": str(uuid.uuid4()), **answers}


def stored(response: Response) -> dict:
    result: dict = {}
    for answer in response.answers.select_related("question").order_by("id"):
        code = answer.question.code
        if answer.row:
            result.setdefault(code, {})[answer.row] = answer.choice
        elif answer.number is not None:
            result[code] = answer.number
        elif answer.text:
            result[code] = answer.text
        else:
            result.setdefault(code, []).append(answer.choice)
    return {code: v[0] if isinstance(v, list) and len(v) == 1 else v for code, v in result.items()}


# --- starting a batch ---------------------------------------------------------------------------


def test_starting_a_batch_opens_the_entry_page(operator, every_type, office, frozen):
    client, membership = operator

    response = client.post(
        BASE + "new/",
        {
            "version": every_type.pk,
            "received_on": "2026-02-27",
            "office": office.pk,
            "label": "Пошта за день",
        },
    )

    batch = ResponseBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{batch.pk}/enter/"
    assert (batch.kind, batch.version, batch.office, batch.label) == (
        BatchKind.PAPER,
        every_type,
        office,
        "Пошта за день",
    )
    assert (batch.received_on, batch.created_by) == (dt.date(2026, 2, 27), membership.user)
    assert AuditEvent.objects.filter(object_type="surveys.responsebatch", action="create").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received_on": "2026-03-03"}, "Дата надходження не може бути в майбутньому."),
        ({"received_on": "02.13.2026"}, "Вкажіть дату, наприклад 02.03.2026."),
        ({"received_on": "2024-01-01"}, "Дата надходження — не раніше ніж рік тому."),
        ({"version": ""}, "Виберіть анкету."),
        ({"label": "x" * 256}, "Опис задовгий: не більше 255 символів."),
    ],
    ids=["future", "not-a-date", "too-old", "no-version", "long-label"],
)
def test_a_wrong_batch_is_not_started(operator, every_type, frozen, data, message):
    client, _membership = operator
    form = {"version": every_type.pk, "received_on": "2026-03-02", "office": "", "label": ""}

    response = client.post(BASE + "new/", {**form, **data})

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert ResponseBatch.objects.count() == 0


def test_a_draft_or_a_checklist_takes_no_paper(operator, centre, frozen):
    draft = factories.VersionFactory(
        questionnaire__centre=centre, status=VersionStatus.DRAFT, published_at=None
    )
    checklist = factories.VersionFactory(
        questionnaire__centre=centre, questionnaire__kind=QuestionnaireKind.MYSTERY_SHOPPER
    )
    client, _membership = operator

    page = client.get(BASE + "new/").content.decode()
    refused = client.post(BASE + "new/", {"version": draft.pk, "received_on": "2026-03-02"})

    assert f'value="{draft.pk}"' not in page
    assert f'value="{checklist.pk}"' not in page
    assert "Виберіть анкету зі списку." in refused.content.decode()
    for version in (draft, checklist):
        with pytest.raises(ValidationError) as refusal:
            paper_batch_start(
                centre=centre,
                version=version,
                received_on=dt.date(2026, 3, 2),
                office=None,
                label="",
                actor=None,
            )
        assert "але не чернетку" in str(refusal.value)
    assert ResponseBatch.objects.count() == 0


# --- paper lags behind a new version --------------------------------------------------------------


def publish_next_version(version, actor):
    """A typo fixed: the next version is published through the builder, retiring ``version``."""
    draft = version_new_draft(questionnaire=version.questionnaire, actor=actor)
    return version_publish(version=draft, actor=actor)


def test_forms_printed_from_a_retired_version_are_entered_under_that_version(
    operator, every_type, office, frozen
):
    client, membership = operator
    newer = publish_next_version(every_type, membership.user)
    every_type.refresh_from_db()

    page = client.get(BASE + "new/").content.decode()
    started = client.post(
        BASE + "new/",
        {"version": every_type.pk, "received_on": "2026-02-27", "office": office.pk},
    )
    entering = client.get(started["Location"]).content.decode()
    saved = client.post(started["Location"], entry(q_purpose="1", q_speed="4"))

    assert every_type.status == VersionStatus.RETIRED
    # Both versions are offered; the published one is chosen unless staff pick the old one.
    assert f'<option value="{newer.pk}" selected>' in page
    assert (
        f'<option value="{every_type.pk}">{every_type.questionnaire.title_uk} — версія 1 — '
        "знята з використання, для паперових анкет, заповнених раніше</option>"
    ) in page
    assert "Версія 1 знята з використання" in entering
    assert saved.status_code == 302
    response = Response.objects.get()
    assert (response.version, response.batch.version) == (every_type, every_type)
    assert stored(response) == {"purpose": "a", "speed": 4}


def test_an_open_batch_keeps_taking_forms_after_a_new_version_is_published(
    operator, batch, every_type
):
    client, membership = operator
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="5"))
    publish_next_version(every_type, membership.user)

    saved = client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="2"))
    detail = client.get(f"{BASE}{batch.pk}/").content.decode()

    assert saved.status_code == 302, saved.content.decode()[-2000:]
    assert saved["Location"] == f"{BASE}{batch.pk}/enter/?saved=1"
    assert sorted(Response.objects.values_list("version", flat=True)) == [every_type.pk] * 2
    assert 'id="batch-count">2<' in detail
    assert "Знята з використання" in detail


# --- entering forms -----------------------------------------------------------------------------


def test_the_entry_page_mirrors_the_paper_with_focus_on_the_first_field(operator, batch):
    client, _membership = operator

    html = client.get(f"{BASE}{batch.pk}/enter/").content.decode()

    assert "Внесено 0 анкет у цьому пакеті." in html
    assert "1. Питання" in html
    assert "1 Варіант a · 2 Варіант b" in html
    assert html.count("autofocus") == 1
    assert (
        'name="q_purpose" autofocus' in html
        or "autofocus" in html.split('name="q_purpose"')[1][:200]
    )
    assert 'name="q_rooms__hall"' in html
    assert 'inputmode="numeric"' in html


def test_a_paper_form_is_stored_from_the_printed_numbers(operator, batch, office):
    client, _membership = operator

    response = client.post(
        f"{BASE}{batch.pk}/enter/",
        entry(
            q_purpose="2",
            q_sources="1 3",
            q_speed="4",
            q_recommend="0",
            q_resolved="2",
            q_why_not="Довго чекали на довідку.",
            q_rooms__hall="1",
            q_rooms__toilet="2",
        ),
    )
    page = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{batch.pk}/enter/?saved=1"
    saved = Response.objects.get()
    assert (saved.channel, saved.batch, saved.office) == (Channel.PAPER, batch, office)
    assert saved.submitted_on == dt.date(2026, 2, 27)
    assert stored(saved) == {
        "purpose": "b",
        "sources": ["x", "z"],
        "speed": 4,
        "recommend": 0,
        "resolved": "no",
        "why_not": "Довго чекали на довідку.",
        "rooms": {"hall": "clean", "toilet": "dirty"},
    }
    html = page.content.decode()
    assert "Внесено 1 анкету в цьому пакеті." in html
    assert "Анкету збережено." in html
    assert 'value="2"' not in html  # a fresh blank form


def test_an_answer_the_skip_logic_hides_is_not_stored(operator, batch):
    client, _membership = operator

    client.post(
        f"{BASE}{batch.pk}/enter/", entry(q_speed="5", q_resolved="1", q_why_not="Усе добре.")
    )

    assert stored(Response.objects.get()) == {"speed": 5, "resolved": "yes"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"q_purpose": "3"}, "q_purpose", "Введіть номер варіанта від 1 до 2, як надруковано"),
        ({"q_purpose": "a"}, "q_purpose", "Введіть номер варіанта від 1 до 2, як надруковано"),
        ({"q_speed": "6"}, "q_speed", "Введіть число від 1 до 5."),
        ({"q_speed": "0"}, "q_speed", "Введіть число від 1 до 5."),
        ({"q_recommend": "11"}, "q_recommend", "Введіть число від 0 до 10."),
        ({"q_sources": "1 4"}, "q_sources", "Введіть номери варіантів від 1 до 3 через пробіл"),
        ({"q_sources": "1 1"}, "q_sources", "Номер 1 введено двічі"),
        ({"q_rooms__toilet": "3"}, "q_rooms__toilet", "Введіть номер варіанта від 1 до 2"),
    ],
    ids=["no-such-option", "letter", "rating-high", "rating-zero", "scale", "multiple",
         "twice", "matrix"],
)  # fmt: skip
def test_a_wrong_answer_is_shown_at_its_field_and_nothing_is_saved(
    operator, batch, data, field, message
):
    client, _membership = operator

    response = client.post(f"{BASE}{batch.pk}/enter/", entry(**{"q_speed": "4", **data}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Анкету не збережено" in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_a_required_question_left_empty_on_paper_stays_empty(operator, batch):
    """Staff cannot make up an answer the respondent did not give: the form is still entered."""
    client, _membership = operator

    response = client.post(f"{BASE}{batch.pk}/enter/", entry(q_purpose="1", q_resolved="2"))

    assert response.status_code == 302, response.content.decode()[-3000:]
    stored = Response.objects.get()
    assert sorted(stored.answers.values_list("question__code", "choice")) == [
        ("purpose", "a"),
        ("resolved", "no"),
    ]


def test_a_blank_form_is_not_a_response(operator, batch):
    client, _membership = operator
    batch.version.questions.update(is_required=False)

    response = client.post(f"{BASE}{batch.pk}/enter/", entry())

    assert "Анкета порожня: введіть хоча б одну відповідь." in response.content.decode()
    assert Response.objects.count() == 0


def test_a_double_submit_saves_one_form(operator, batch):
    client, _membership = operator
    data = entry(q_speed="3")

    first = client.post(f"{BASE}{batch.pk}/enter/", data)
    second = client.post(f"{BASE}{batch.pk}/enter/", data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Response.objects.count() == 1


def test_the_standard_questionnaire_entered_by_numbers(staff_client, standard, frozen):
    client, membership = staff_client(Role.ADMINISTRATOR)
    started = client.post(
        BASE + "new/", {"version": standard.pk, "received_on": "2026-03-02", "label": "Скринька"}
    )

    client.post(
        started["Location"],
        entry(
            q_purpose="2",
            q_overall="1",
            q_recommend="10",
            q_rate_speed="5",
            q_learned_from="1 3",
            q_improve="Більше стільців.",
            q_sex="1",
        ),
    )

    saved = Response.objects.get()
    assert stored(saved) == {
        "purpose": "submit_documents",
        "overall": "excellent",
        "recommend": 10,
        "rate_speed": 5,
        "learned_from": ["community_website", "family_friends"],
        "improve": "Більше стільців.",
        "sex": "female",
    }
    assert saved.batch.created_by == membership.user


# --- batch list and detail ----------------------------------------------------------------------


def test_finishing_a_batch_shows_the_count(operator, batch):
    client, _membership = operator
    for speed in ("1", "2"):
        client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed=speed))

    response = client.post(f"{BASE}{batch.pk}/finish/", follow=True)

    html = response.content.decode()
    assert "Пакет завершено: внесено 2 анкети." in html
    assert 'id="batch-count">2<' in html
    assert AuditEvent.objects.filter(
        object_type="surveys.responsebatch", action="update", changes__entries=2
    ).exists()


def test_the_detail_lists_forms_as_typed(operator, batch):
    client, _membership = operator
    client.post(
        f"{BASE}{batch.pk}/enter/",
        entry(q_purpose="2", q_sources="1 3", q_speed="4", q_rooms__hall="1"),
    )

    html = client.get(f"{BASE}{batch.pk}/").content.decode()

    assert "1) 2 · 2) 1 3 · 3) 4 · 7) 1:1" in html
    assert "Скринька, виїмка 27.02" in html
    assert "Вилучити" in html


def test_the_batch_list_counts_forms_and_names_who_entered(
    operator, batch, django_assert_max_num_queries
):
    client, membership = operator
    membership.user.first_name, membership.user.last_name = "Олена", "Коваль"
    membership.user.save()
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="4"))
    for index in range(60):
        ResponseBatch.objects.create(
            centre=batch.centre,
            kind=BatchKind.PAPER,
            version=batch.version,
            received_on=dt.date(2026, 2, 1),
            label=f"Пакет {index}",
        )

    with django_assert_max_num_queries(12):
        response = client.get(BASE)

    html = response.content.decode()
    assert "Скринька, виїмка 27.02" in html
    assert "Коваль Олена" in html
    assert "?page=2" in html


def test_the_detail_is_paginated_with_a_bounded_number_of_queries(
    operator, batch, django_assert_max_num_queries
):
    client, membership = operator
    for _index in range(55):
        paper_entry_submit(
            batch=batch,
            answers={"speed": "3", "sources": ["x", "y"]},
            submission_key=uuid.uuid4().hex,
            actor=membership.user,
        )

    with django_assert_max_num_queries(16):
        response = client.get(f"{BASE}{batch.pk}/")

    html = response.content.decode()
    assert "?page=2" in html
    assert html.count("3) 3") == 50


# --- removing a mistaken entry ------------------------------------------------------------------


def test_the_one_who_entered_removes_a_mistaken_form(operator, batch):
    client, _membership = operator
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="4"))
    mistaken = Response.objects.get()

    confirm = client.get(f"{BASE}{batch.pk}/entries/{mistaken.pk}/remove/")
    removed = client.post(f"{BASE}{batch.pk}/entries/{mistaken.pk}/remove/")

    assert "Вилучити анкету з пакета?" in confirm.content.decode()
    assert removed.status_code == 302
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    event = AuditEvent.objects.get(object_type="surveys.response", action="delete")
    assert event.changes == {"batch": batch.pk, "channel": "paper"}


def test_a_colleague_can_neither_enter_nor_remove(staff_client, operator, batch):
    client, _membership = operator
    client.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="4"))
    form = Response.objects.get()
    colleague, _colleague_membership = staff_client(Role.HEAD)

    assert colleague.get(f"{BASE}{batch.pk}/").status_code == 200
    assert colleague.get(f"{BASE}{batch.pk}/enter/").status_code == 403
    assert colleague.post(f"{BASE}{batch.pk}/enter/", entry(q_speed="1")).status_code == 403
    assert colleague.post(f"{BASE}{batch.pk}/entries/{form.pk}/remove/").status_code == 403
    assert colleague.post(f"{BASE}{batch.pk}/finish/").status_code == 403
    assert Response.objects.count() == 1
    assert "Вилучити" not in colleague.get(f"{BASE}{batch.pk}/").content.decode()


def test_a_form_is_removed_only_from_its_own_batch(operator, batch, every_type, frozen):
    client, membership = operator
    other = paper_batch_start(
        centre=batch.centre,
        version=every_type,
        received_on=dt.date(2026, 3, 1),
        office=None,
        label="Інший",
        actor=membership.user,
    )
    client.post(f"{BASE}{other.pk}/enter/", entry(q_speed="4"))
    form = Response.objects.get()

    response = client.post(f"{BASE}{batch.pk}/entries/{form.pk}/remove/")

    assert response.status_code == 404
    assert Response.objects.count() == 1
    with pytest.raises(ValidationError):
        paper_entry_remove(batch=batch, response=form, actor=membership.user)


def test_the_service_refuses_entry_by_someone_else(batch, staff_client):
    _client, stranger = staff_client(Role.HEAD)

    with pytest.raises(PermissionDenied):
        paper_entry_submit(
            batch=batch, answers={"speed": "4"}, submission_key="k", actor=stranger.user
        )
    assert Response.objects.count() == 0


# --- tenancy and capability ---------------------------------------------------------------------


def test_another_centres_batch_is_not_found(staff_client, other_centre, frozen):
    version = factories.VersionFactory(questionnaire__centre=other_centre)
    foreign = ResponseBatch.objects.create(
        centre=other_centre, kind=BatchKind.PAPER, version=version, received_on=dt.date(2026, 3, 1)
    )
    client, _membership = staff_client(Role.HEAD)

    for suffix in ("", "enter/", "finish/"):
        assert client.get(f"{BASE}{foreign.pk}/{suffix}").status_code == 404
        assert client.post(f"{BASE}{foreign.pk}/{suffix}").status_code == 404


def test_an_import_batch_is_not_a_paper_batch(operator, every_type, frozen):
    client, _membership = operator
    imported = ResponseBatch.objects.create(
        centre=every_type.questionnaire.centre,
        kind=BatchKind.IMPORT,
        version=every_type,
        received_on=dt.date(2026, 3, 1),
    )

    assert client.get(f"{BASE}{imported.pk}/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "new/"])
def test_a_member_without_entry_rights_is_refused(staff_client, batch, suffix):
    client, _membership = staff_client(Role.ANALYST)

    assert client.get(BASE + suffix).status_code == 403
    assert client.post(BASE + "new/", {"version": batch.version_id}).status_code == 403
    assert ResponseBatch.objects.count() == 1
