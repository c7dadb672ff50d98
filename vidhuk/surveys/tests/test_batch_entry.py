"""Entering paper forms into a batch: type the printed numbers, Enter saves; errors at the
field with nothing saved; a double submit saves one."""

from __future__ import annotations

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.tests import factories, paper_batches
from vidhuk.surveys.tests.paper_batches import BASE, entry, stored

every_type = factories.every_type
frozen = factories.frozen
standard = factories.standard
office = paper_batches.office
operator = paper_batches.operator
batch = paper_batches.batch


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
