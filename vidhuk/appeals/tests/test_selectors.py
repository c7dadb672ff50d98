"""Reads of appeals: the inbox, counts, the tracker, the CSV rows, lists of calls and boxes."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from vidhuk.appeals import selectors, services
from vidhuk.appeals.choices import Channel, Kind, KindGroup, Status
from vidhuk.appeals.selectors import InboxFilters
from vidhuk.appeals.services import Applicant
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory, HotlineCallFactory
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


def indexes(appeals):
    return [a.registration_index for a in appeals]


def test_inbox_shows_only_the_centres_items_newest_first(centre, other_centre):
    older = AppealFactory(centre=centre, received_at=NOW - dt.timedelta(days=2))
    newer = AppealFactory(centre=centre, received_at=NOW - dt.timedelta(days=1))
    AppealFactory(centre=other_centre)

    result = selectors.appeal_list_for_staff(centre=centre)

    assert indexes(result) == indexes([newer, older])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (InboxFilters(channel=Channel.HOTLINE), ["hotline"]),
        (InboxFilters(kind=Kind.THANKS), ["thanks"]),
        (InboxFilters(kind_group=KindGroup.FEEDBACK), ["thanks"]),
        (InboxFilters(status=Status.ANSWERED), ["answered"]),
        (InboxFilters(topic="accessibility"), ["hotline"]),
        (InboxFilters(query="пандус"), ["web"]),
        (InboxFilters(query="Ш-1/2026"), ["web"]),
        (InboxFilters(overdue=True), ["overdue"]),
        (InboxFilters(due_soon=True), ["soon"]),
        (
            InboxFilters(received_from=dt.date(2026, 2, 20), received_to=dt.date(2026, 2, 20)),
            ["answered"],
        ),
    ],
    ids=[
        "channel",
        "kind",
        "kind-group",
        "status",
        "topic",
        "text",
        "index",
        "overdue",
        "due-soon",
        "date-range",
    ],
)
def test_inbox_filters(centre, frozen, filters, expected):
    AppealFactory(
        centre=centre,
        registration_index="Ш-1/2026",
        text="Немає пандуса",
        full_name="web",
        due_at=NOW + dt.timedelta(days=10),
    )
    AppealFactory(
        centre=centre,
        channel=Channel.HOTLINE,
        topic="accessibility",
        full_name="hotline",
        text="—",
        due_at=NOW + dt.timedelta(days=10),
    )
    AppealFactory(centre=centre, kind=Kind.THANKS, full_name="thanks", text="—", due_at=None)
    AppealFactory(
        centre=centre,
        status=Status.ANSWERED,
        full_name="answered",
        text="—",
        received_at=dt.datetime(2026, 2, 20, 23, 30, tzinfo=KYIV),
        due_at=NOW - dt.timedelta(days=1),
    )
    AppealFactory(
        centre=centre,
        full_name="overdue",
        text="—",
        due_at=NOW - dt.timedelta(hours=1),
        received_at=NOW - dt.timedelta(days=20),
    )
    AppealFactory(
        centre=centre,
        full_name="soon",
        text="—",
        due_at=NOW + dt.timedelta(days=2),
        received_at=NOW - dt.timedelta(days=13),
    )

    result = selectors.appeal_list_for_staff(centre=centre, filters=filters, now=NOW)

    assert sorted(a.full_name for a in result) == sorted(expected)


def test_inbox_filters_by_executor_office_and_service(centre, executor):
    office = OfficeFactory(centre=centre)
    service = ServiceFactory(centre=centre)
    wanted = AppealFactory(centre=centre, executor=executor, office=office, service=service)
    AppealFactory(centre=centre)

    result = selectors.appeal_list_for_staff(
        centre=centre,
        filters=InboxFilters(executor_id=executor.pk, office_id=office.pk, service_id=service.pk),
    )

    assert list(result) == [wanted]


def test_inbox_by_due_puts_benefit_holders_first(centre):
    plain = AppealFactory(centre=centre, due_at=NOW + dt.timedelta(days=1))
    benefit = AppealFactory(
        centre=centre, is_benefit_holder=True, due_at=NOW + dt.timedelta(days=9)
    )

    result = selectors.appeal_list_for_staff(centre=centre, filters=InboxFilters(order="due"))

    assert list(result) == [benefit, plain]


def test_inbox_page_runs_a_bounded_number_of_queries(
    centre, executor, django_assert_max_num_queries
):
    AppealFactory.create_batch(
        30, centre=centre, executor=executor, office=OfficeFactory(centre=centre)
    )

    with django_assert_max_num_queries(1):
        rows = list(selectors.appeal_list_for_staff(centre=centre)[:25])
        names = [(a.executor.get_full_name(), a.office.name if a.office else "") for a in rows]

    assert len(names) == 25


def test_counts_for_the_back_office_home(centre, frozen):
    AppealFactory(centre=centre)  # new
    AppealFactory(centre=centre, status=Status.IN_PROGRESS, due_at=NOW - dt.timedelta(hours=1))
    AppealFactory(centre=centre, status=Status.ANSWERED, answered_at=NOW - dt.timedelta(days=1))
    AppealFactory(
        centre=centre,
        status=Status.ANSWERED,
        answered_at=dt.datetime(2026, 2, 28, 23, 0, tzinfo=KYIV),
    )

    assert selectors.appeal_count_new(centre=centre) == 1
    assert selectors.appeal_count_overdue(centre=centre) == 1
    assert selectors.appeal_count_answered_this_month(centre=centre) == 1


def test_key_figures_are_registered_for_the_home_page(centre):
    from vidhuk.core.keyfigures import figures

    keys = {figure.key for figure in figures()}

    assert {"appeals_new", "appeals_overdue", "appeals_answered_this_month"} <= keys


def test_tracker_finds_the_case_by_its_token_only(centre, other_centre):
    result = services.appeal_submit(
        centre=centre,
        kind=Kind.THANKS,
        text="Дякую!",
        submission_key=uuid.uuid4(),
        applicant=Applicant(is_anonymous=True),
    )

    found = selectors.appeal_get_by_tracker_token(centre=centre, token=result.tracker_token)

    assert found == result.appeal
    assert (
        selectors.appeal_get_by_tracker_token(centre=other_centre, token=result.tracker_token)
        is None
    )
    assert (
        selectors.appeal_get_by_tracker_token(centre=centre, token=result.tracker_token[:-1] + "x")
        is None
    )
    assert selectors.appeal_get_by_tracker_token(centre=centre, token=str(result.appeal.pk)) is None
    assert selectors.appeal_get_by_tracker_token(centre=centre, token="") is None


def test_tracker_shows_public_stages_and_never_notes(centre, head):
    appeal = AppealFactory(centre=centre)
    services.appeal_take_into_work(appeal=appeal, actor=head)
    services.appeal_add_note(appeal=appeal, actor=head, note="Таємне")

    events = selectors.appeal_public_events(appeal=appeal)

    assert [e.stage for e in events] == ["in_progress"]


def test_case_detail_of_another_centre_is_404(centre, other_centre):
    from django.http import Http404

    appeal = AppealFactory(centre=other_centre)

    with pytest.raises(Http404):
        selectors.appeal_get_for_staff(centre=centre, pk=appeal.pk)


def test_case_detail_with_events_in_few_queries(centre, head, django_assert_max_num_queries):
    appeal = AppealFactory(centre=centre)
    services.appeal_add_note(appeal=appeal, actor=head, note="Перша")
    services.appeal_add_note(appeal=appeal, actor=head, note="Друга")

    with django_assert_max_num_queries(4):
        found = selectors.appeal_get_for_staff(centre=centre, pk=appeal.pk)
        notes = [(e.internal_note, e.actor.get_full_name()) for e in found.events.all()]
        files = list(found.attachments.all())
        co_executors = [link.user.get_full_name() for link in found.co_executor_links.all()]

    assert [n for n, _who in notes] == ["Перша", "Друга"]
    assert files == []
    assert co_executors == []


def test_csv_rows_are_in_words_without_personal_data_by_default(centre):
    AppealFactory(centre=centre, registration_index="Ш-1/2026", received_at=NOW)

    rows = list(selectors.appeal_csv_rows(centre=centre))

    assert len(selectors.appeal_csv_header()) == len(rows[0])
    assert rows[0][:5] == ("Ш-1/2026", NOW, "Скарга", "Вебформа", "Зареєстровано")
    assert "Шевченко Марія Петрівна" not in rows[0]


def test_csv_rows_run_by_date_oldest_first_whatever_the_inbox_order(centre):
    for index, days_ago in (("Ш-2/2026", 1), ("Ш-1/2026", 3), ("Ш-3/2026", 0)):
        AppealFactory(
            centre=centre, registration_index=index, received_at=NOW - dt.timedelta(days=days_ago)
        )

    rows = list(
        selectors.appeal_csv_rows(centre=centre, filters=selectors.InboxFilters(order="-received"))
    )

    assert [row[0] for row in rows] == ["Ш-1/2026", "Ш-2/2026", "Ш-3/2026"]


def test_csv_rows_with_personal_data_when_asked(centre):
    AppealFactory(centre=centre)

    [row] = list(selectors.appeal_csv_rows(centre=centre, include_personal_data=True))

    assert row[-4:] == (
        "Шевченко Марія Петрівна",
        "м. Вербівка, вул. Садова, 5",
        "maria@example.com",
        "+380671234567",
    )


def test_hotline_calls_with_and_without_cases(centre, other_centre):
    consultation = HotlineCallFactory(centre=centre)
    with_case = HotlineCallFactory(centre=centre, appeal=AppealFactory(centre=centre))
    HotlineCallFactory(centre=other_centre)

    assert set(selectors.hotline_call_list(centre=centre)) == {consultation, with_case}
    assert list(selectors.hotline_call_list(centre=centre, with_case=False)) == [consultation]


def test_box_openings_count_their_entries(centre, head):
    office = OfficeFactory(centre=centre)
    services.box_opening_create(
        centre=centre,
        actor=head,
        office=office,
        opened_on=dt.date(2026, 3, 2),
        opened_by="Коваленко О.",
        entries=[
            services.BoxEntry(
                kind=Kind.THANKS, text="Дякую", applicant=Applicant(is_anonymous=True)
            ),
            services.BoxEntry(
                kind=Kind.QUESTION, text="Чи є ксерокс?", applicant=Applicant(is_anonymous=True)
            ),
        ],
    )

    [opening] = selectors.box_opening_list(centre=centre)

    assert opening.entry_count == 2


def test_executor_choices_are_active_members_of_the_centre(centre, executor, head):
    assert set(selectors.appeal_executor_choices(centre=centre)) == {executor, head}


def test_due_state_of_a_case(centre):
    soon = AppealFactory(centre=centre, due_at=NOW + dt.timedelta(days=1))
    late = AppealFactory(centre=centre, due_at=NOW - dt.timedelta(days=1))
    done = AppealFactory(centre=centre, status=Status.CLOSED, due_at=NOW - dt.timedelta(days=1))

    states = [selectors.appeal_due_state(appeal=a, now=NOW) for a in (soon, late, done)]

    assert states == ["due_soon", "overdue", ""]


def test_digest_groups_open_due_cases_by_executor(centre, executor, head):
    late = AppealFactory(centre=centre, executor=executor, due_at=NOW - dt.timedelta(days=1))
    soon = AppealFactory(centre=centre, executor=executor, due_at=NOW + dt.timedelta(days=2))
    AppealFactory(centre=centre, executor=executor, due_at=NOW + dt.timedelta(days=20))
    AppealFactory(
        centre=centre, executor=head, status=Status.ANSWERED, due_at=NOW - dt.timedelta(days=1)
    )

    [entry] = selectors.appeal_digest_entries(now=NOW)

    assert (entry.executor, entry.overdue, entry.due_soon) == (executor, [late], [soon])
