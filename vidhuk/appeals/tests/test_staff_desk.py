"""The appeals back office as a desk (issue 9, points 6 and 8): the inbox remembers its filters,
finds phones and names however they were typed, the case page keeps its actions in view and its
audit in words; the hotline takes «4 хв»; a long text is refused in words, never cut."""

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Kind, Sex, Status, Topic
from vidhuk.appeals.models import Appeal, HotlineCall
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.public_form import form_url, send
from vidhuk.core.names import normalise_person_name

frozen = factories.frozen

KYIV = ZoneInfo("Europe/Kyiv")
BASE = "/staff/verbivka/appeals/"
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def head(frozen, staff_client):
    client, _membership = staff_client(Role.HEAD)
    return client


def _appeal(centre, **fields):
    return AppealFactory(**{"centre": centre, "received_at": NOW - dt.timedelta(days=1), **fields})


def _indexes(response) -> list[str]:
    return [appeal.registration_index for appeal, _due in response.context["rows"]]


# --- the inbox ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["0501234567", "+380501234567", "050 123 45 67", "(050) 123-45-67", "380501234567"],
)
def test_inbox_search_finds_a_phone_typed_in_any_usual_way(head, centre, typed):
    _appeal(centre, registration_index="Ш-1/2026", phone="+380501234567")
    _appeal(centre, registration_index="Ш-2/2026", phone="+380671112233")

    response = head.get(BASE, {"q": typed})

    assert _indexes(response) == ["Ш-1/2026"]


def test_a_name_typed_with_latin_look_alikes_is_stored_in_cyrillic_and_found(head, centre):
    # «Пeтренко Oлена» with a Latin «e» and «O», as a copy from a scanned letter gives it.
    assert normalise_person_name("Пeтренко  Oлена") == "Петренко Олена"
    _appeal(centre, registration_index="Ш-1/2026", full_name="Петренко Олена")

    by_cyrillic = head.get(BASE, {"q": "Петренко"})
    by_mixed = head.get(BASE, {"q": "Пeтренко"})

    assert (_indexes(by_cyrillic), _indexes(by_mixed)) == (["Ш-1/2026"], ["Ш-1/2026"])


def test_a_word_still_mixing_alphabets_is_refused_with_a_message(client, centre, frozen):
    cache.clear()

    response = send(client, full_name="Шевченкоw Марія")

    page = response.content.decode()
    assert response.status_code == 200
    assert "змішано латинські й українські літери" in page
    assert not Appeal.objects.exists()


def test_the_kind_filter_lists_each_kind_once(head):
    response = head.get(BASE)

    labels = [
        label
        for _value, label in _flat(response.context["form"].fields["kind"].choices)
        if label != "Усі види"
    ]
    assert labels.count("Запит на публічну інформацію") == 1
    assert len(labels) == len(set(labels))


def _flat(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label


def test_the_inbox_reopens_with_the_members_last_filters_until_they_are_cleared(head, centre):
    _appeal(centre, registration_index="Ш-1/2026", topic=Topic.HOUSING)
    _appeal(centre, registration_index="Ш-2/2026", topic=Topic.ADMIN_SERVICES)

    filtered = head.get(BASE, {"topic": Topic.HOUSING})
    back = head.get(BASE)
    reopened = head.get(back["Location"])
    cleared = head.get(BASE, {"clear": "1"})
    after_clearing = head.get(BASE)

    assert _indexes(filtered) == ["Ш-1/2026"]
    assert (back.status_code, back["Location"]) == (302, f"{BASE}?topic=housing")
    assert _indexes(reopened) == ["Ш-1/2026"]
    assert b'<details class="govuk-details vd-filters" open>' in reopened.content
    assert cleared["Location"] == BASE
    assert after_clearing.status_code == 200
    assert sorted(_indexes(after_clearing)) == ["Ш-1/2026", "Ш-2/2026"]
    assert b'<details class="govuk-details vd-filters">' in after_clearing.content


def test_another_member_does_not_get_my_filters(head, centre, staff_client):
    head.get(BASE, {"topic": Topic.HOUSING})
    other, _membership = staff_client(Role.COMMUNICATIONS)

    assert other.get(BASE).status_code == 200


# --- the case page --------------------------------------------------------------------------------


def test_the_case_actions_are_in_view_and_the_audit_reads_in_words(head, centre):
    appeal = _appeal(centre, kind=Kind.COMPLAINT, status=Status.REGISTERED)

    head.post(f"{BASE}{appeal.pk}/act/take/", {})
    page = head.get(f"{BASE}{appeal.pk}/").content.decode()

    actions = page[page.index(">Дії</h2>") : page.index(">Хід розгляду</h2>")]
    assert "<details" not in actions
    assert 'id="vd-action-answer"' in actions
    assert "Стан: Зареєстровано → Розглядається" in page
    assert "in_progress" not in page


def test_the_audit_log_reads_in_words(head, centre):
    appeal = _appeal(centre, kind=Kind.COMPLAINT, status=Status.REGISTERED)
    head.post(f"{BASE}{appeal.pk}/act/take/", {})

    page = head.get("/staff/verbivka/audit/").content.decode()

    assert "<strong>Стан</strong>: Зареєстровано → Розглядається" in page


# --- the hotline ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("4", 240), ("4:30", 270), ("4 хв", 240), ("4 хв 30 с", 270), ("4хв30с", 270), ("30 с", 30)],
)
def test_the_hotline_takes_a_duration_as_operators_type_it(frozen, staff_client, typed, seconds):
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)

    response = operator.post(
        f"{BASE}hotline/new/",
        {
            "started_at": "2026-03-02T11:50",
            "duration": typed,
            "question": "Які документи потрібні для субсидії?",
        },
    )

    assert response.status_code == 302
    assert HotlineCall.objects.get().duration_seconds == seconds


# --- long texts, labels and apostrophes -----------------------------------------------------------


def test_a_text_over_the_limit_is_refused_in_words_and_kept_whole(client, centre, frozen):
    cache.clear()
    text = "Скарга 😀. " * 2500 + "Кінець."  # 25,007 characters; each emoji is one

    form_page = client.get(form_url(Kind.COMPLAINT)).content.decode()
    response = send(client, text=text)

    page = response.content.decode()
    assert "До 20\u00a0000 символів." in form_page
    assert 'maxlength="20000"' not in form_page
    assert "Текст задовгий: 25007 символів, можна до 20000." in page
    assert response.context["form"]["text"].value() == text
    assert not Appeal.objects.exists()


def test_sex_options_read_the_same_in_appeals_and_surveys():
    block = json.loads((REPO / "vidhuk/surveys/data/demographic_block.json").read_text("utf-8"))
    [sex] = [question for question in block["questions"] if question["code"] == "sex"]

    appeals = [str(label) for _value, label in Sex.choices]
    assert appeals == [option["label_uk"] for option in sex["options"]]
    assert appeals == ["Жінка", "Чоловік", "Не бажаю відповідати"]


UKRAINIAN_APOSTROPHE_ELSEWHERE = re.compile(r"[а-яіїєґА-ЯІЇЄҐ]['ʼ][а-яіїєґА-ЯІЇЄҐ]")
# Tests that feed the ASCII apostrophe on purpose (it must not be HTML-escaped in plain text).
APOSTROPHE_ON_PURPOSE = {
    "vidhuk/appointments/tests/test_mail_plain_text.py",
    "vidhuk/core/tests/test_mail.py",
    "vidhuk/appeals/tests/test_staff_desk.py",
}


def test_ukrainian_strings_use_one_apostrophe():
    offenders = []
    for path in sorted((REPO / "vidhuk").rglob("*")):
        relative = str(path.relative_to(REPO))
        if (
            path.suffix not in {".py", ".html", ".txt", ".json"}
            or relative in APOSTROPHE_ON_PURPOSE
        ):
            continue
        if "/demo/data/" in relative:
            continue  # a centre's own content, typed as it was
        if UKRAINIAN_APOSTROPHE_ELSEWHERE.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)

    assert offenders == []
