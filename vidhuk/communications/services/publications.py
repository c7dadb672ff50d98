"""Writes of publications (issue 13, point 1): making and editing one, its workflow
draft → review → scheduled → published → unpublished, and firing what publishing sets off
(the feed, subscribers' mail, social posts, the press list) exactly once per action.

Every service is keyword-only and audited; the scheduler's ``publications_publish_due`` is safe
to run from two places at once (``manage.py communications_publish_due`` every minute, and the
daily job as a safety net)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.catalog.services import transliterate
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.uploads import IMAGE_KINDS, CheckedUpload, upload_check

from ..firing import firing_actions
from ..models import Publication, PublicationFiring, PublicationState, Topic
from ..models.publications import IMAGE_ALT_REQUIRED
from ..richtext import sanitise
from ..selectors.publications import visible_q

logger = logging.getLogger(__name__)

State = PublicationState
# Where each state may go next. Publishing always passes through review.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.REVIEW}),
    State.REVIEW: frozenset({State.DRAFT, State.SCHEDULED, State.PUBLISHED}),
    State.SCHEDULED: frozenset({State.REVIEW, State.PUBLISHED}),
    State.PUBLISHED: frozenset({State.UNPUBLISHED}),
    State.UNPUBLISHED: frozenset({State.PUBLISHED, State.DRAFT}),
}
# A scheduler that missed its minute (server down) still fires what went out this recently;
# an action registered later never fires for old publications.
FIRING_WINDOW = dt.timedelta(days=3)
IMAGE_MAX_BYTES = 8 * 1024 * 1024
EDITABLE_TEXT = ("title", "title_en", "lead", "lead_en", "body", "body_en", "image_alt")


@dataclass
class PublicationIntake:
    """What the staff form gives: the editable fields of a publication."""

    kind: str
    title: str
    lead: str = ""
    body: str = ""
    title_en: str = ""
    lead_en: str = ""
    body_en: str = ""
    image_alt: str = ""
    embargo_until: dt.datetime | None = None
    effective_on: dt.date | None = None
    topics: Iterable[Topic] = ()
    services: Iterable[Service] = ()
    offices: Iterable[Office] = ()
    image: Any = None  # an uploaded file, checked here by the one upload check
    remove_image: bool = False


@dataclass(frozen=True)
class PublishDueReport:
    published: int
    fired: int

    def __str__(self) -> str:
        return f"{self.published} published, {self.fired} actions fired"


def _unique_slug(*, centre: Centre, title: str) -> str:
    base = slugify(transliterate(title))[:100].strip("-") or "novyna"
    existing = set(
        Publication.objects.filter(centre=centre, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_scope(*, centre: Centre, intake: PublicationIntake) -> None:
    """Topics, services and offices must be the centre's own (a forged form cannot tag
    another centre's)."""
    for items in (intake.topics, intake.services, intake.offices):
        if any(item.centre_id != centre.pk for item in items):
            raise ValidationError(_("Виберіть зі списку вашого центру."))


def _apply(publication: Publication, intake: PublicationIntake) -> CheckedUpload | None:
    """Set the fields from the intake; the new image, checked, is returned to be stored once
    everything else is valid (a refused form leaves no file behind)."""
    publication.kind = intake.kind
    publication.title = intake.title.strip()
    publication.title_en = intake.title_en.strip()
    publication.lead = intake.lead.strip()
    publication.lead_en = intake.lead_en.strip()
    publication.body = sanitise(intake.body)
    publication.body_en = sanitise(intake.body_en)
    publication.image_alt = intake.image_alt.strip()
    publication.embargo_until = intake.embargo_until
    publication.effective_on = intake.effective_on
    if intake.remove_image:
        publication.image = ""
    if intake.image is None:
        return None
    try:
        checked = upload_check(intake.image, kinds=IMAGE_KINDS, max_bytes=IMAGE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    if not publication.image_alt:
        raise ValidationError({"image_alt": IMAGE_ALT_REQUIRED})
    return checked


def _store_image(publication: Publication, checked: CheckedUpload | None) -> None:
    if checked is not None:
        extension = "png" if checked.kind == "png" else "jpg"
        publication.image.save(f"image.{extension}", ContentFile(checked.content), save=False)


def _save_relations(publication: Publication, intake: PublicationIntake) -> None:
    publication.topics.set(list(intake.topics))
    publication.services.set(list(intake.services))
    publication.offices.set(list(intake.offices))


@transaction.atomic
def publication_create(
    *,
    centre: Centre,
    actor: Any,
    intake: PublicationIntake,
    submission_key: UUID | None = None,
) -> Publication:
    """A new publication, always a draft. The same ``submission_key`` twice gives back the
    first one (a double submit), marked ``is_new = False``."""
    if submission_key is not None:
        existing = Publication.objects.filter(centre=centre, submission_key=submission_key).first()
        if existing is not None:
            existing.is_new = False  # type: ignore[attr-defined]
            return existing
    _check_scope(centre=centre, intake=intake)
    publication = Publication(
        centre=centre,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        state=State.DRAFT,
        submission_key=submission_key,
        slug=_unique_slug(centre=centre, title=intake.title),
    )
    checked = _apply(publication, intake)
    publication.full_clean()
    _store_image(publication, checked)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:
        existing = Publication.objects.filter(submission_key=submission_key).first()
        if submission_key is None or existing is None:
            raise
        existing.is_new = False  # type: ignore[attr-defined]
        return existing
    _save_relations(publication, intake)
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=publication)
    publication.is_new = True  # type: ignore[attr-defined]
    return publication


@transaction.atomic
def publication_update(
    *, publication: Publication, actor: Any, intake: PublicationIntake
) -> Publication:
    """Edit the texts, image and tags; the address (slug) stays, so links keep working."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    _check_scope(centre=locked.centre, intake=intake)
    before = {name: getattr(locked, name) for name in EDITABLE_TEXT}
    checked = _apply(locked, intake)
    locked.full_clean()
    _store_image(locked, checked)
    locked.save()
    _save_relations(locked, intake)
    changed = sorted(name for name in EDITABLE_TEXT if getattr(locked, name) != before[name])
    audit_record(
        actor=actor,
        centre=locked.centre,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"fields": changed},
    )
    return locked


def _move(
    *, publication: Publication, actor: Any, to: str, now: dt.datetime, **values: Any
) -> Publication:
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if to not in TRANSITIONS[locked.state]:
        raise ValidationError(
            _("Публікацію в стані «%(state)s» не можна перевести в «%(to)s».")
            % {"state": locked.get_state_display(), "to": State(to).label}
        )
    before = locked.state
    locked.state = to
    if to == State.PUBLISHED and locked.published_at is None:
        locked.published_at = now  # published again later, it keeps its first date
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        centre=locked.centre,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"state": [before, to], **{k: str(v) for k, v in values.items()}},
    )
    return locked


@transaction.atomic
def publication_submit(*, publication: Publication, actor: Any, now: dt.datetime) -> Publication:
    """A draft goes to review."""
    return _move(publication=publication, actor=actor, to=State.REVIEW, now=now)


@transaction.atomic
def publication_return(*, publication: Publication, actor: Any, now: dt.datetime) -> Publication:
    """Back to a draft (from review, or an unpublished item to rework)."""
    return _move(publication=publication, actor=actor, to=State.DRAFT, now=now)


@transaction.atomic
def publication_schedule(
    *, publication: Publication, actor: Any, publish_at: dt.datetime, now: dt.datetime
) -> Publication:
    """A reviewed publication goes out at ``publish_at`` (the scheduler publishes it)."""
    if publish_at <= now:
        raise ValidationError({"publish_at": _("Вкажіть час у майбутньому або опублікуйте зараз.")})
    return _move(
        publication=publication, actor=actor, to=State.SCHEDULED, now=now, publish_at=publish_at
    )


@transaction.atomic
def publication_unschedule(
    *, publication: Publication, actor: Any, now: dt.datetime
) -> Publication:
    """A scheduled publication goes back to review; it will not go out on its own."""
    if publication.state != State.SCHEDULED:
        raise ValidationError(_("Публікація не запланована."))
    return _move(publication=publication, actor=actor, to=State.REVIEW, now=now, publish_at=None)


@transaction.atomic
def publication_publish(*, publication: Publication, actor: Any, now: dt.datetime) -> Publication:
    """Publish now. A press release under embargo is published but stays invisible — in the
    list, the feed, the mail — until ``embargo_until``; its actions fire then."""
    locked = _move(publication=publication, actor=actor, to=State.PUBLISHED, now=now)
    publication_fire(publication=locked, now=now)
    return locked


@transaction.atomic
def publication_unpublish(*, publication: Publication, actor: Any, now: dt.datetime) -> Publication:
    """Take it off the site and the feed. What already went out (mail, posts) is not undone,
    and publishing it again sends nothing twice."""
    return _move(publication=publication, actor=actor, to=State.UNPUBLISHED, now=now)


def publication_fire(*, publication: Publication, now: dt.datetime) -> list[str]:
    """Run each registered action not yet done for a visible publication, once: the action's
    ``PublicationFiring`` row is inserted first (unique per publication and action), so a second
    scheduler waits on it and then skips; a failing action rolls its row back and is tried
    again by the next run. Returns the actions run now."""
    if not Publication.objects.filter(visible_q(now=now), pk=publication.pk).exists():
        return []
    fired = []
    for entry in firing_actions():
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        PublicationFiring.objects.create(
                            publication=publication, action=entry.action
                        )
                except IntegrityError:
                    continue  # done before, or by the other scheduler just now
                entry.func(publication)
        except Exception:
            logger.exception(
                "Publication %s: action %s failed; it will be tried again",
                publication.pk,
                entry.action,
            )
            continue
        fired.append(entry.action)
    return fired


def _publish_scheduled(*, pk: int, now: dt.datetime) -> bool:
    """Publish one scheduled publication whose time has come; False when another scheduler
    holds or already published it."""
    with transaction.atomic():
        locked = (
            Publication.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, state=State.SCHEDULED, publish_at__lte=now)
            .first()
        )
        if locked is None:
            return False
        locked.state = State.PUBLISHED
        locked.published_at = locked.published_at or locked.publish_at
        locked.save(update_fields=["state", "published_at", "updated_at"])
        audit_record(
            actor=None,
            centre=locked.centre,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"state": [State.SCHEDULED, State.PUBLISHED], "by": "scheduler"},
        )
    return True


def publications_publish_due(*, now: dt.datetime) -> PublishDueReport:
    """Publish every scheduled publication whose time has come, then fire what has not fired
    for every publication that became visible recently (its embargo just ended, or an action
    failed last time). Safe to run from two schedulers at once: each action fires once."""
    due = Publication.objects.filter(state=State.SCHEDULED, publish_at__lte=now)
    published = sum(_publish_scheduled(pk=pk, now=now) for pk in due.values_list("pk", flat=True))
    actions = [entry.action for entry in firing_actions()]
    since = now - FIRING_WINDOW
    pending = (
        Publication.objects.filter(visible_q(now=now))
        .filter(Q(published_at__gte=since) | Q(embargo_until__gte=since))
        .annotate(done=Count("firings", filter=Q(firings__action__in=actions)))
        .filter(done__lt=len(actions))
        .order_by("pk")
    )
    fired = sum(len(publication_fire(publication=p, now=now)) for p in pending)
    return PublishDueReport(published=published, fired=fired)


@transaction.atomic
def topic_create(*, centre: Centre, actor: Any, name: str, name_en: str = "") -> Topic:
    """A topic publications, events and subscriptions can be tagged with; its address (slug)
    is made from the name, and a name the centre already has is refused."""
    name = name.strip()
    if Topic.objects.filter(centre=centre, name__iexact=name).exists():
        raise ValidationError({"name": _("Така тема вже є.")})
    base = slugify(transliterate(name))[:50].strip("-") or "tema"
    taken = set(
        Topic.objects.filter(centre=centre, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    position = Topic.objects.filter(centre=centre).count()
    topic = Topic(centre=centre, name=name, name_en=name_en.strip(), slug=slug, position=position)
    topic.full_clean()
    topic.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=topic)
    return topic
