"""The back of the card on the case page (issue 17): co-executors beside the executor and the
appeal's questions by Classifier №858, part II — edited on the case page, refused in words,
audited, found by the inbox's filters (with the resolution date) and carried by the CSV; the
quarterly analysis counts every question as the classifier's reports do."""

import csv
import datetime as dt
import io

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import Kind, Status
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.staff_pages import BASE, KYIV, _act, _appeal, _page
from vidhuk.core.models import AuditEvent

frozen = factories.frozen
executor = factories.executor
head = factories.head


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def _column(rows, title):
    index = rows[0].index(title)
    return [row[index] for row in rows[1:]]


# --- co-executors ---------------------------------------------------------------------------------


def test_the_head_names_co_executors_who_then_show_on_the_card_and_in_the_audit_log(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    first = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    second = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    client, _membership = staff_client(Role.HEAD)
    assert "Призначити співвиконавців" in _page(client.get(f"{BASE}{appeal.pk}/"))

    response = _act(
        client, appeal, "co-executors", {"co-executors-co_executors": [first.pk, second.pk]}
    )

    assert response.status_code == 302
    page = _page(client.get(f"{BASE}{appeal.pk}/"))
    assert "Співвиконавці" in page
    assert first.get_full_name() in page
    assert second.get_full_name() in page
    assert [link.user for link in appeal.co_executor_links.all()] == [first, second]
    logged = AuditEvent.objects.filter(object_id=str(appeal.pk)).values_list("changes", flat=True)
    assert [c["co_executors"][0] for c in logged if "co_executors" in c] == [""]


def test_co_executors_keep_the_order_given_and_saving_the_same_again_logs_nothing(
    frozen, centre, head
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    first, second = (MembershipFactory(centre=centre).user for _ in range(2))

    services.appeal_set_co_executors(appeal=appeal, actor=head, co_executors=[second, first])
    services.appeal_set_co_executors(appeal=appeal, actor=head, co_executors=[second, first])

    assert [link.user for link in appeal.co_executor_links.all()] == [second, first]
    logged = AuditEvent.objects.filter(object_id=str(appeal.pk)).values_list("changes", flat=True)
    assert len([c for c in logged if "co_executors" in c]) == 1


def test_someone_from_another_centre_is_refused_as_co_executor_and_nothing_changes(
    staff_client, frozen, centre, other_centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    stranger = MembershipFactory(centre=other_centre, role=Role.ADMINISTRATOR).user
    client, _membership = staff_client(Role.HEAD)

    response = _act(client, appeal, "co-executors", {"co-executors-co_executors": [stranger.pk]})

    assert response.status_code == 200
    assert "Виберіть працівників зі списку." in _page(response)
    assert appeal.co_executor_links.count() == 0


def test_the_executor_is_not_their_own_co_executor(staff_client, frozen, centre, executor):
    appeal = _appeal(centre, status=Status.IN_PROGRESS, executor=executor)
    client, _membership = staff_client(Role.HEAD)

    response = _act(client, appeal, "co-executors", {"co-executors-co_executors": [executor.pk]})

    assert "Виконавець уже відповідає за звернення" in _page(response)
    assert appeal.co_executor_links.count() == 0


def test_a_co_executor_finds_the_case_under_their_name_in_the_inbox(
    staff_client, frozen, centre, executor
):
    helper = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    shared = _appeal(centre, status=Status.IN_PROGRESS, executor=executor)
    _appeal(centre, status=Status.IN_PROGRESS, executor=executor)
    client, _membership = staff_client(Role.HEAD)
    _act(client, shared, "co-executors", {"co-executors-co_executors": [helper.pk]})

    response = client.get(BASE, {"executor": helper.pk})

    assert [a.pk for a, _state in response.context["rows"]] == [shared.pk]
    rows = _csv(client.get(f"{BASE}export.csv", {"executor": helper.pk}))
    assert _column(rows, "Співвиконавці") == [helper.last_name]


# --- questions by the classifier ----------------------------------------------------------------


def test_the_executor_records_the_main_and_additional_questions_of_an_appeal(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(
        client,
        appeal,
        "questions",
        {"questions-main_code": "9", "questions-additional_codes": ["6", "10"]},
    )

    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.topic_code, appeal.additional_topic_codes) == ("9", ["6", "10"])
    page = _page(client.get(f"{BASE}{appeal.pk}/"))
    assert "Основне: Комунальне господарство" in page
    assert "Житлова політика" in page
    rows = _csv(client.get(f"{BASE}export.csv"))
    assert _column(rows, "Основне питання (класифікатор)") == ["Комунальне господарство"]
    assert _column(rows, "Додаткові питання (класифікатор)") == [
        "Соціальний захист; Житлова політика"
    ]
    assert [a.pk for a, _s in client.get(BASE, {"question": "10"}).context["rows"]] == [appeal.pk]
    assert list(client.get(BASE, {"question": "1"}).context["rows"]) == []


def test_the_main_question_repeated_among_the_additional_ones_is_refused_in_words(
    staff_client, frozen, centre
):
    appeal = _appeal(centre, status=Status.IN_PROGRESS)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(
        client,
        appeal,
        "questions",
        {"questions-main_code": "9", "questions-additional_codes": ["9"]},
    )

    assert "Основне питання не повторюють серед додаткових." in _page(response)
    appeal.refresh_from_db()
    assert (appeal.topic_code, appeal.additional_topic_codes) == ("", [])


def test_a_code_not_in_the_classifier_is_refused_and_nothing_changes(staff_client, frozen, centre):
    appeal = _appeal(centre, status=Status.IN_PROGRESS, topic_code="2")
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = _act(client, appeal, "questions", {"questions-main_code": "99"})

    assert "Виберіть питання зі списку класифікатора." in _page(response)
    appeal.refresh_from_db()
    assert appeal.topic_code == "2"


def test_feedback_has_no_classifier_questions(staff_client, frozen, centre):
    thanks = _appeal(centre, kind=Kind.THANKS, is_anonymous=True, full_name="", due_at=None)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    assert "Питання за класифікатором" not in _page(client.get(f"{BASE}{thanks.pk}/"))


def test_the_quarterly_analysis_counts_every_question_main_and_additional(
    staff_client, frozen, centre
):
    received = dt.datetime(2025, 11, 5, 10, 0, tzinfo=KYIV)
    _appeal(centre, received_at=received, topic_code="9", additional_topic_codes=["6"])
    _appeal(centre, received_at=received, topic_code="6")
    _appeal(centre, received_at=received)
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}reports/quarterly/", {"year": "2025", "quarter": "4"})

    [table] = [
        t for t in response.context["all_tables"] if t.title.startswith("Питання за тематикою")
    ]
    rows = {row.label: row.current for row in table.rows}
    assert rows["Соціальний захист"] == 2
    assert rows["Комунальне господарство"] == 1
    assert rows["Не зазначено"] == 1
    assert sum(rows.values()) == 4  # three appeals raise four questions


# --- the resolution date ------------------------------------------------------------------------


def test_the_inbox_filters_by_the_resolution_date_and_the_csv_carries_it(
    staff_client, frozen, centre
):
    early = _appeal(centre, resolution_text="Р", resolution_date=dt.date(2026, 2, 20))
    late = _appeal(centre, resolution_text="Р", resolution_date=dt.date(2026, 3, 1))
    _appeal(centre)
    client, _membership = staff_client(Role.HEAD)

    between = client.get(BASE, {"resolution_from": "2026-02-25", "resolution_to": "2026-03-02"})
    wrong_way = client.get(BASE, {"resolution_from": "2026-03-02", "resolution_to": "2026-02-01"})

    assert [a.pk for a, _state in between.context["rows"]] == [late.pk]
    assert "Кінець періоду не може бути раніше за початок." in _page(wrong_way)
    rows = _csv(client.get(f"{BASE}export.csv", {"resolution_to": "2026-02-28"}))
    assert _column(rows, "Дата резолюції") == ["2026-02-20"]
    assert early.pk != late.pk
