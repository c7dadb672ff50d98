"""What other apps read of appeals to quote them as evidence (decisions, issue 12) and to tell
their writers what came of them: plain facts, never the text, and contacts only of who asked to
be told. Scoped to the centre like every selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from vidhuk.core.models import Centre

from .choices import Channel, Kind, Topic
from .models import Appeal, HotlineCall

# What a rule counts as a complaint about the service: formal complaints and quality remarks.
COMPLAINT_KINDS = (Kind.COMPLAINT, Kind.QUALITY_REMARK)


@dataclass(frozen=True)
class AppealFacts:
    pk: int
    registration_index: str
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    received_on: dt.date
    office_id: int | None
    service_id: int | None
    topic: str
    topic_label: str
    is_box_entry: bool


def _facts(appeal: Appeal) -> AppealFacts:
    return AppealFacts(
        pk=appeal.pk,
        registration_index=appeal.registration_index,
        kind=appeal.kind,
        kind_label=str(appeal.get_kind_display()),
        channel=appeal.channel,
        channel_label=str(appeal.get_channel_display()),
        received_on=timezone.localdate(appeal.received_at),
        office_id=appeal.office_id,
        service_id=appeal.service_id,
        topic=appeal.topic,
        topic_label=str(appeal.get_topic_display()) if appeal.topic else "",
        is_box_entry=appeal.channel == Channel.BOX,
    )


def appeal_facts(*, centre: Centre, pk: int) -> AppealFacts | None:
    """An appeal or feedback item of any channel (a suggestion-box entry included)."""
    appeal = Appeal.objects.filter(centre=centre, pk=pk).first()
    return None if appeal is None else _facts(appeal)


def appeal_facts_many(*, centre: Centre, pks: list[int]) -> list[AppealFacts]:
    return [_facts(a) for a in Appeal.objects.filter(centre=centre, pk__in=pks).order_by("pk")]


@dataclass(frozen=True)
class HotlineCallFacts:
    pk: int
    started_on: dt.date
    office_id: int | None
    service_id: int | None
    topic: str
    topic_label: str


def hotline_call_facts(*, centre: Centre, pk: int) -> HotlineCallFacts | None:
    call = HotlineCall.objects.filter(centre=centre, pk=pk).first()
    if call is None:
        return None
    return HotlineCallFacts(
        pk=call.pk,
        started_on=timezone.localdate(call.started_at),
        office_id=call.office_id,
        service_id=call.service_id,
        topic=call.topic,
        topic_label=str(call.get_topic_display()) if call.topic else "",
    )


@dataclass(frozen=True)
class NoticeContact:
    """Who asked to be told of the decisions on their appeal, and where: e-mail first, else a
    postal address for a printed letter."""

    pk: int
    registration_index: str
    full_name: str
    email: str
    address: str


def appeal_notice_contacts(*, centre: Centre, pks: list[int]) -> list[NoticeContact]:
    """Of these appeals, the writers who ticked «tell me» and left an e-mail or an address;
    anonymous and anonymised items never. One query."""
    appeals: QuerySet[Appeal] = (
        Appeal.objects.filter(
            centre=centre,
            pk__in=pks,
            wants_decision_updates=True,
            is_anonymous=False,
            anonymised_at__isnull=True,
        )
        .exclude(email="", address="")
        .only("pk", "registration_index", "full_name", "email", "address")
        .order_by("pk")
    )
    return [
        NoticeContact(
            pk=a.pk,
            registration_index=a.registration_index,
            full_name=a.full_name,
            email=a.email,
            address=a.address,
        )
        for a in appeals
    ]


@dataclass(frozen=True)
class ComplaintGroup:
    """Complaints received in a period about one office, one service or one topic."""

    by: str  # "office", "service" or "topic"
    key: str  # the office's or service's id, or the topic's code
    label: str
    count: int
    pks: list[int]


def complaint_groups(
    *, centre: Centre, start: dt.datetime, end: dt.datetime, at_least: int
) -> list[ComplaintGroup]:
    """Complaints and quality remarks received in [start, end), grouped by office, by service
    and by topic, where a group has at least ``at_least`` of them. Three small queries and one
    for the ids of the groups found."""
    complaints = Appeal.objects.filter(
        centre=centre, kind__in=COMPLAINT_KINDS, received_at__gte=start, received_at__lt=end
    ).order_by()
    groups: list[ComplaintGroup] = []
    for by, field, label_field in (
        ("office", "office_id", "office__name"),
        ("service", "service_id", "service__name"),
        ("topic", "topic", None),
    ):
        values = [field, label_field] if label_field else [field]
        rows = (
            complaints.exclude(**{f"{field}__isnull": True})
            .exclude(**({"topic": ""} if by == "topic" else {}))
            .values(*values)
            .annotate(n=Count("id"))
            .filter(n__gte=at_least)
            .order_by(field)
        )
        for row in rows:
            key = row[field]
            label = row[label_field] if label_field else str(Topic(key).label)
            pks = list(complaints.filter(**{field: key}).values_list("pk", flat=True))
            groups.append(
                ComplaintGroup(by=by, key=str(key), label=label, count=row["n"], pks=sorted(pks))
            )
    return groups


def appeal_facts_all(*, centre: Centre, limit: int = 200) -> list[AppealFacts]:
    """The centre's items, oldest first (the decisions demo quotes them as evidence)."""
    return [_facts(a) for a in Appeal.objects.filter(centre=centre).order_by("received_at")[:limit]]
