"""The back of the card: the result of consideration in the classifier's words (Classifier №858,
п. 9), chosen with the answer, shown on the case page and written to the audit log."""

import csv
import io

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Status
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.staff_pages import BASE, _act, _appeal, _page
from vidhuk.core.models import AuditEvent

frozen = factories.frozen


def test_the_answer_records_the_classifier_result_on_the_card_and_in_the_audit_log(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.ADMINISTRATOR)
    form_page = _page(client.get(f"{BASE}{appeal.pk}/"))
    assert "Результат розгляду" in form_page
    assert "Вирішено позитивно" in form_page

    _act(
        client,
        appeal,
        "answer",
        {
            "answer-answer_text": "Пояснюємо порядок отримання послуги.",
            "answer-delivery": "email",
            "answer-result": "explained",
        },
    )

    appeal.refresh_from_db()
    assert (appeal.status, appeal.get_result_display()) == (Status.ANSWERED, "Дано роз’яснення")
    assert "Дано роз’яснення" in _page(client.get(f"{BASE}{appeal.pk}/"))
    logged = AuditEvent.objects.filter(object_id=str(appeal.pk)).values_list("changes", flat=True)
    assert [c["result"] for c in logged if "result" in c] == [["", "explained"]]


def test_a_result_not_in_the_classifier_is_refused_in_words_and_nothing_is_answered(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(
        client,
        appeal,
        "answer",
        {"answer-answer_text": "Т", "answer-delivery": "email", "answer-result": "maybe"},
    )

    appeal.refresh_from_db()
    assert "Виберіть результат зі списку." in _page(response)
    assert (appeal.status, appeal.result, appeal.answer_text) == (Status.IN_PROGRESS, "", "")


# --- the inbox and the export carry the form of receipt and the result ------------------------


def _classified_cases(centre):
    return {
        "call": _appeal(centre, channel="hotline", receipt_form="telephone"),
        "refused": _appeal(centre, status=Status.ANSWERED, answer_text="Ні.", result="refused"),
        "explained": _appeal(
            centre, status=Status.ANSWERED, answer_text="Так.", result="explained"
        ),
    }


def test_the_inbox_narrows_by_form_of_receipt_and_by_result(staff_client, frozen, centre):
    cases = _classified_cases(centre)
    client, _membership = staff_client(Role.HEAD)

    by_phone = client.get(BASE, {"receipt_form": "telephone"})
    refused = client.get(BASE, {"result": "refused"})

    assert "За допомогою засобів телефонного зв’язку" in _page(by_phone)
    assert [a.pk for a, _state in by_phone.context["rows"]] == [cases["call"].pk]
    assert [a.pk for a, _state in refused.context["rows"]] == [cases["refused"].pk]


def test_the_csv_export_carries_the_form_of_receipt_and_the_result_in_words(
    staff_client, frozen, centre
):
    cases = _classified_cases(centre)
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}export.csv")

    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    header = rows[0]
    by_index = {row[0]: row for row in rows[1:]}
    form_at, result_at = header.index("Форма надходження"), header.index("Результат розгляду")
    call, refused = (
        by_index[cases["call"].registration_index],
        by_index[cases["refused"].registration_index],
    )
    assert call[form_at] == "За допомогою засобів телефонного зв’язку"
    assert (call[result_at], refused[result_at]) == ("", "Відмовлено у задоволенні")


# --- the resolution on the back of the card (Instruction №348) --------------------------------


def test_the_head_writes_the_resolution_on_the_card_and_it_is_audited(staff_client, frozen, centre):
    appeal = _appeal(centre)
    client, _membership = staff_client(Role.HEAD)

    _act(
        client,
        appeal,
        "resolution",
        {
            "resolution-text": "Відділу благоустрою: розглянути до 10.03.2026.",
            "resolution-author": "Начальник ЦНАП Іваненко І. І.",
            "resolution-date": "2026-03-02",
        },
    )

    page = _page(client.get(f"{BASE}{appeal.pk}/"))
    assert "Відділу благоустрою: розглянути до 10.03.2026." in page
    assert "Начальник ЦНАП Іваненко І. І., 02.03.2026" in page
    logged = AuditEvent.objects.filter(object_id=str(appeal.pk)).values_list("changes", flat=True)
    assert [c["resolution_date"] for c in logged if "resolution_date" in c] == [["", "2026-03-02"]]


def test_a_resolution_dated_before_the_appeal_arrived_is_refused_in_words(
    staff_client, frozen, centre
):
    appeal = _appeal(centre)
    client, _membership = staff_client(Role.HEAD)

    response = _act(
        client,
        appeal,
        "resolution",
        {
            "resolution-text": "Розглянути.",
            "resolution-author": "Іваненко І. І.",
            "resolution-date": "2026-02-20",
        },
    )

    appeal.refresh_from_db()
    assert "Резолюцію не можна накласти раніше, ніж надійшло звернення." in _page(response)
    assert (appeal.resolution_text, appeal.resolution_date) == ("", None)
