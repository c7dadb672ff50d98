"""Every read of appeals, information requests and feedback, scoped to one centre."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import phonenumbers
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vidhuk.accounts.models import Membership, User
from vidhuk.core.modelfields import CodeListField
from vidhuk.core.models import AuditEvent, Centre
from vidhuk.core.names import fold_look_alikes

from .choices import CLASSIFIER_TOPICS, KIND_GROUP, OPEN_STATUSES, Status
from .deadlines import deadline_state
from .models import (
    Appeal,
    AppealAttachment,
    AppealCoExecutor,
    AppealEvent,
    AppealsSettings,
    HotlineCall,
    SuggestionBoxOpening,
)
from .tokens import token_hash

DUE_SOON_DAYS = 3
_PHONE_LIKE = re.compile(r"\+?[\d\s()\-]{9,20}")


@dataclass(frozen=True)
class InboxFilters:
    """What the staff inbox can narrow by. Empty values do not filter."""

    channel: str = ""
    kind: str = ""
    kind_group: str = ""
    status: str = ""
    executor_id: int | None = None
    office_id: int | None = None
    service_id: int | None = None
    topic: str = ""
    receipt_form: str = ""
    result: str = ""
    question_code: str = ""  # the main or an additional question's classifier section
    due_soon: bool = False
    overdue: bool = False
    query: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    resolution_from: dt.date | None = None
    resolution_to: dt.date | None = None
    order: str = "-received"  # "-received", "received" or "due" (benefit holders first)
    # Who searches decides what the text search reads (Art. 10 of Law 393/96-ВР): names, e-mail
    # and the text of every case for those who manage personal data or assign cases ("all"),
    # of the searcher's own and unassigned cases for an executor ("own", with searcher_id),
    # the registration index only for everyone else ("index") — a name typed into the search
    # must not tell a reader that this person wrote to the centre.
    search_scope: str = "all"
    searcher_id: int | None = None


def _kinds_of_group(group: str) -> list[str]:
    return [kind for kind, g in KIND_GROUP.items() if g == group]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def appeal_list_for_staff(
    *, centre: Centre, filters: InboxFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Appeal]:
    """One inbox across channels, ready to paginate. Due soon: open and due within
    DUE_SOON_DAYS days; overdue: open and past its deadline."""
    filters = filters or InboxFilters()
    now = now or timezone.now()
    appeals = Appeal.objects.filter(centre=centre).select_related("executor", "office", "service")
    exact = {
        "channel": filters.channel,
        "kind": filters.kind,
        "status": filters.status,
        "office_id": filters.office_id,
        "service_id": filters.service_id,
        "topic": filters.topic,
        "receipt_form": filters.receipt_form,
        "result": filters.result,
    }
    appeals = appeals.filter(**{name: value for name, value in exact.items() if value})
    if filters.kind_group:
        appeals = appeals.filter(kind__in=_kinds_of_group(filters.kind_group))
    if filters.executor_id:
        appeals = appeals.filter(_works_on(filters.executor_id))
    if filters.question_code:
        code = filters.question_code
        appeals = appeals.filter(
            Q(topic_code=code) | Q(additional_topic_codes__contains=CodeListField.needle(code))
        )
    if filters.resolution_from:
        appeals = appeals.filter(resolution_date__gte=filters.resolution_from)
    if filters.resolution_to:
        appeals = appeals.filter(resolution_date__lte=filters.resolution_to)
    if filters.overdue:
        appeals = appeals.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if filters.due_soon:
        appeals = appeals.filter(
            status__in=OPEN_STATUSES,
            due_at__gte=now,
            due_at__lte=now + dt.timedelta(days=DUE_SOON_DAYS),
        )
    if filters.received_from:
        appeals = appeals.filter(received_at__gte=_start_of(filters.received_from))
    if filters.received_to:
        appeals = appeals.filter(
            received_at__lt=_start_of(filters.received_to + dt.timedelta(days=1))
        )
    query = filters.query.strip()
    if query:
        folded = fold_look_alikes(query)
        personal = (
            Q(full_name__icontains=query)
            | Q(full_name__icontains=folded)
            | Q(text__icontains=query)
            | Q(email__iexact=query)
        )
        phone = _phone_of(query)
        if phone:
            personal |= Q(phone=phone)
        if filters.search_scope == "own":
            own = _works_on(filters.searcher_id) if filters.searcher_id else Q(pk__in=[])
            personal &= Q(executor_id__isnull=True) | own
        elif filters.search_scope != "all":
            personal = Q(pk__in=[])
        appeals = appeals.filter(Q(registration_index__iexact=query) | personal)
    if filters.order == "due":
        return appeals.order_by("-is_benefit_holder", "due_at", "received_at", "pk")
    if filters.order == "received":
        return appeals.order_by("received_at", "pk")
    return appeals.order_by("-received_at", "-pk")


def _works_on(user_id: int) -> Q:
    """The cases a member works on: as their executor or one of the co-executors."""
    return Q(executor_id=user_id) | Q(
        Exists(AppealCoExecutor.objects.filter(appeal_id=OuterRef("pk"), user_id=user_id))
    )


def _phone_of(query: str) -> str:
    """A phone number typed in any usual way (0501234567, +380…, 050 123 45 67) as stored (E.164);
    "" when the query is not one."""
    if not _PHONE_LIKE.fullmatch(query):
        return ""
    try:
        parsed = phonenumbers.parse(query, "UA")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def appeal_due_state(*, appeal: Appeal, now: dt.datetime | None = None) -> str:
    """ "ok", "due_soon", "overdue" for an open case with a deadline; "" otherwise."""
    if appeal.due_at is None or appeal.status not in OPEN_STATUSES:
        return ""
    return deadline_state(
        deadline=appeal.due_at, now=now or timezone.now(), soon_days=DUE_SOON_DAYS
    )


def appeal_get_for_staff(*, centre: Centre, pk: int) -> Appeal:
    """A case with its events, attachments and the hotline call it came from; 404 when it is not
    the centre's."""
    try:
        return (
            Appeal.objects.select_related(
                "centre", "executor", "office", "service", "box_opening", "hotline_call"
            )
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=AppealEvent.objects.select_related("actor").order_by("at", "pk"),
                ),
                "attachments",
                Prefetch(
                    "co_executor_links",
                    queryset=AppealCoExecutor.objects.select_related("user").order_by(
                        "position", "pk"
                    ),
                ),
            )
            .get(centre=centre, pk=pk)
        )
    except Appeal.DoesNotExist:
        raise Http404("No such appeal") from None


def appeal_attachment_get(*, appeal: Appeal, pk: int) -> AppealAttachment:
    """One file of the case (404 for another case's file)."""
    attachment = AppealAttachment.objects.filter(appeal=appeal, pk=pk).first()
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


def appeal_audit_history(*, appeal: Appeal) -> QuerySet[AuditEvent]:
    """The audit log of one case: who viewed and changed it, newest first."""
    return (
        AuditEvent.objects.filter(
            centre_id=appeal.centre_id, object_type="appeals.appeal", object_id=str(appeal.pk)
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


def appeal_get_by_tracker_token(*, centre: Centre, token: str) -> Appeal | None:
    """The case behind a private tracker link, or None for anything unknown.

    Only the SHA-256 of the token is stored and looked up, so the comparison never runs over the
    secret itself and numbers are never accepted in its place.
    """
    if not token or len(token) > 100:
        return None
    return (
        Appeal.objects.select_related("centre")
        .filter(centre=centre, tracker_token_hash=token_hash(token))
        .first()
    )


def appeal_get_by_index_and_contact(
    *, centre: Centre, registration_index: str, email: str = "", phone: str = ""
) -> Appeal | None:
    """The case with this registration index whose applicant gave this e-mail (any case) or
    phone (E.164, as stored), or None — the same None for "no such case" and "no match". A case
    without an e-mail or phone (anonymous ones among them) is never found this way."""
    if not registration_index or not (email or phone):
        return None
    contact = Q(email__iexact=email) if email else Q(phone=phone)
    return (
        Appeal.objects.select_related("centre")
        .filter(contact, centre=centre, registration_index__iexact=registration_index)
        .first()
    )


def appeal_public_events(*, appeal: Appeal) -> list[AppealEvent]:
    """The stages the applicant sees on the tracker; internal notes never."""
    return list(appeal.events.filter(is_public=True).order_by("at", "pk"))


def appeal_count_for_centre(*, centre: Centre) -> int:
    """Every item the centre holds, of any kind and state."""
    return Appeal.objects.filter(centre=centre).count()


def appeal_count_new(*, centre: Centre) -> int:
    return Appeal.objects.filter(centre=centre, status=Status.REGISTERED).count()


def appeal_count_overdue(*, centre: Centre, now: dt.datetime | None = None) -> int:
    return Appeal.objects.filter(
        centre=centre, status__in=OPEN_STATUSES, due_at__lt=now or timezone.now()
    ).count()


def appeal_count_answered_this_month(*, centre: Centre, now: dt.datetime | None = None) -> int:
    today = timezone.localtime(now or timezone.now()).date()
    return Appeal.objects.filter(
        centre=centre, answered_at__gte=_start_of(today.replace(day=1))
    ).count()


CSV_COLUMNS: list[tuple[str, str]] = [
    ("registration_index", "Реєстраційний індекс"),
    ("received_at", "Дата надходження"),
    ("kind", "Вид"),
    ("channel", "Канал"),
    ("status", "Стан"),
    ("topic", "Тема"),
    ("office__name", "Офіс"),
    ("service__name", "Послуга"),
    ("executor__last_name", "Виконавець"),
    ("co_executor_names", "Співвиконавці"),
    ("resolution_date", "Дата резолюції"),
    ("due_at", "Строк"),
    ("answered_at", "Дата відповіді"),
    ("closed_at", "Знято з контролю"),
    ("sign", "Ознака"),
    ("subject", "Суб’єкт"),
    ("receipt_form", "Форма надходження"),
    ("result", "Результат розгляду"),
    ("topic_code", "Основне питання (класифікатор)"),
    ("additional_topic_codes", "Додаткові питання (класифікатор)"),
]
# Personal data: names and contacts, and the special categories of a person (benefit category,
# social status, sex, age) which next to a registration index identify the writer.
CSV_PERSONAL_COLUMNS: list[tuple[str, str]] = [
    ("applicant_category", "Категорія заявника"),
    ("social_status", "Соціальний стан"),
    ("sex", "Стать"),
    ("age_group", "Вікова група"),
    ("full_name", "ПІБ"),
    ("address", "Місце проживання"),
    ("email", "Електронна пошта"),
    ("phone", "Телефон"),
]


def appeal_csv_rows(
    *,
    centre: Centre,
    filters: InboxFilters | None = None,
    include_personal_data: bool = False,
    chunk_size: int = 2000,
) -> Iterator[tuple[Any, ...]]:
    """Rows for a streamed CSV export of the filtered inbox, oldest first (a register reads by
    date), choices in words as staff see them on the page, read in chunks so memory stays flat.
    Personal columns only when asked (the view audits it)."""
    columns = CSV_COLUMNS + (CSV_PERSONAL_COLUMNS if include_personal_data else [])
    appeals = (
        appeal_list_for_staff(centre=centre, filters=filters)
        .select_related(None)
        .annotate(
            co_executor_names=ArraySubquery(
                AppealCoExecutor.objects.filter(appeal_id=OuterRef("pk"))
                .order_by("position", "pk")
                .values("user__last_name")
            )
        )
        .order_by("received_at", "pk")
    )
    labels = [_choice_labels(name) for name, _label in columns]
    rows = appeals.values_list(*(name for name, _label in columns)).iterator(chunk_size=chunk_size)
    for row in rows:
        yield tuple(_csv_cell(words, value) for words, value in zip(labels, row, strict=True))


def _csv_cell(words: dict[Any, str], value: Any) -> Any:
    """A choice in words; a list (co-executors, additional questions) as one cell."""
    if isinstance(value, list):
        return "; ".join(str(words.get(item, item)) for item in value if item)
    return words.get(value, value) if words else value


def _choice_labels(name: str) -> dict[Any, str]:
    """The labels of a choice column of `Appeal` ("" codes stay empty); {} for other columns."""
    if name == "additional_topic_codes":
        return {code: str(label) for code, label in CLASSIFIER_TOPICS.items()}
    if "__" in name or name == "co_executor_names":
        return {}
    choices = getattr(Appeal._meta.get_field(name), "flatchoices", None) or []
    return {code: str(label) for code, label in choices if code}


def appeal_csv_header(*, include_personal_data: bool = False) -> list[str]:
    columns = CSV_COLUMNS + (CSV_PERSONAL_COLUMNS if include_personal_data else [])
    return [label for _name, label in columns]


def hotline_call_list(
    *,
    centre: Centre,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    with_case: bool | None = None,
) -> QuerySet[HotlineCall]:
    calls = HotlineCall.objects.filter(centre=centre).select_related(
        "operator", "office", "service", "appeal"
    )
    if date_from:
        calls = calls.filter(started_at__gte=_start_of(date_from))
    if date_to:
        calls = calls.filter(started_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    if with_case is not None:
        calls = calls.filter(appeal__isnull=not with_case)
    return calls.order_by("-started_at", "-pk")


def hotline_call_get_for_staff(*, centre: Centre, pk: int) -> HotlineCall:
    try:
        return HotlineCall.objects.select_related("operator", "appeal").get(centre=centre, pk=pk)
    except HotlineCall.DoesNotExist:
        raise Http404("No such call") from None


def box_opening_list(*, centre: Centre) -> QuerySet[SuggestionBoxOpening]:
    return (
        SuggestionBoxOpening.objects.filter(centre=centre)
        .select_related("office", "actor")
        .annotate(entry_count=Count("entries"))
        .order_by("-opened_on", "-pk")
    )


def box_opening_get_for_staff(*, centre: Centre, pk: int) -> SuggestionBoxOpening:
    try:
        return (
            SuggestionBoxOpening.objects.select_related("office", "actor")
            .prefetch_related(Prefetch("entries", queryset=Appeal.objects.order_by("pk")))
            .get(centre=centre, pk=pk)
        )
    except SuggestionBoxOpening.DoesNotExist:
        raise Http404("No such box opening") from None


def appeal_executor_choices(*, centre: Centre) -> QuerySet[User]:
    """Who can be given a case: active members of the centre."""
    return User.objects.filter(
        memberships__centre=centre, memberships__is_active=True, is_active=True
    ).order_by("last_name", "first_name")


SETTINGS_RELATION = ("appeals_settings",)


def appeals_settings_for(*, centre: Centre) -> AppealsSettings:
    """The centre's settings; the defaults (unsaved) when it has none yet. No query when the
    centre was read with them (``centre_get_public(with_related=SETTINGS_RELATION)``)."""
    relation = Centre.appeals_settings.related
    found: AppealsSettings | None
    if relation.is_cached(centre):
        found = cast(AppealsSettings | None, relation.get_cached_value(centre))
    else:
        found = AppealsSettings.objects.filter(centre=centre).first()
    return found if found is not None else AppealsSettings(centre=centre)


@dataclass
class DigestEntry:
    centre: Centre
    executor: User
    overdue: list[Appeal] = field(default_factory=list)
    due_soon: list[Appeal] = field(default_factory=list)


def appeal_digest_entries(*, now: dt.datetime | None = None) -> list[DigestEntry]:
    """Per executor and centre (with the digest on), their open cases that are overdue or due
    within DUE_SOON_DAYS days. Executors who left the centre are skipped."""
    now = now or timezone.now()
    disabled = AppealsSettings.objects.filter(digest_enabled=False).values("centre_id")
    active_members = Membership.objects.filter(is_active=True).values_list("centre_id", "user_id")
    members = set(active_members)
    cases = (
        Appeal.objects.filter(
            status__in=OPEN_STATUSES,
            executor__isnull=False,
            due_at__lte=now + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(centre_id__in=disabled)
        .select_related("centre", "executor")
        .order_by("centre_id", "executor_id", "due_at", "pk")
    )
    entries: dict[tuple[int, int], DigestEntry] = {}
    for appeal in cases:
        assert appeal.executor is not None  # noqa: S101 — filtered above
        if (appeal.centre_id, appeal.executor.pk) not in members:
            continue
        key = (appeal.centre_id, appeal.executor.pk)
        entry = entries.setdefault(key, DigestEntry(centre=appeal.centre, executor=appeal.executor))
        (entry.overdue if appeal.due_at and appeal.due_at < now else entry.due_soon).append(appeal)
    return list(entries.values())
