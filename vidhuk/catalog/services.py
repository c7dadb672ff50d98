"""Writes to the service catalog. Every write is validated, atomic and audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office, Window
from vidhuk.core.pagecache import public_pages_changed
from vidhuk.core.services import audit_record, snapshot

from .models import Category, LifeSituation, Service
from .search import document_for

# Fields a staff form or an import may set directly on a service.
SERVICE_FIELDS = (
    "code",
    "name",
    "category",
    "provider_name",
    "provider_address",
    "provider_hours",
    "provider_phone",
    "provider_email",
    "provider_website",
    "legal_basis",
    "documents",
    "requirements",
    "is_free",
    "fee_amount",
    "fee_details",
    "fee_legal_basis",
    "max_term_days",
    "term_text",
    "result",
    "delivery_methods",
    "refusal_grounds",
    "appeal_procedure",
    "online_url",
    "keywords",
    "is_published",
)

_LATIN = "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia _ _"
_CYRILLIC = {
    cyr: ("" if lat == "_" else lat)
    for cyr, lat in zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ'", _LATIN.split(" "), strict=True)
}


def transliterate(text: str) -> str:
    """Ukrainian national transliteration (КМУ №55, 2010), simplified for URLs."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text.lower())


def _unique_slug(*, centre: Centre, name: str, code: str, exclude_pk: int | None) -> str:
    base = slugify(transliterate(name))[:100].strip("-") or slugify(code) or "service"
    slug, n = base, 2
    taken = Service.objects.filter(centre=centre, slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _refresh_search_document(service: Service, situations: Iterable[LifeSituation]) -> None:
    service.search_document = document_for(
        service.name,
        service.keywords,
        service.category.name if service.category else "",
        " ".join(s.name for s in situations),
        service.result,
        service.provider_name,
        service.code,
    )


def _set_relations(
    service: Service,
    life_situations: Iterable[LifeSituation] | None,
    offices: Iterable[Office] | None,
) -> None:
    for item in list(life_situations or []) + list(offices or []):
        if item.centre_id != service.centre_id:
            raise ValueError("Related rows must belong to the same centre.")
    if life_situations is not None:
        service.life_situations.set(life_situations)
    if offices is not None:
        service.offices.set(offices)


@transaction.atomic
def service_create(
    *,
    centre: Centre,
    data: dict[str, Any],
    life_situations: Iterable[LifeSituation] = (),
    offices: Iterable[Office] = (),
    actor: Any,
    audit: bool = True,
) -> Service:
    life_situations, offices = list(life_situations), list(offices)
    service = Service(centre=centre, **{k: v for k, v in data.items() if k in SERVICE_FIELDS})
    service.slug = _unique_slug(
        centre=centre, name=service.name, code=service.code, exclude_pk=None
    )
    _refresh_search_document(service, life_situations)
    service.full_clean()
    service.save()
    _set_relations(service, life_situations, offices)
    public_pages_changed(centre)
    if audit:
        audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=service)
    return service


@transaction.atomic
def service_update(
    *,
    service: Service,
    data: dict[str, Any],
    life_situations: Iterable[LifeSituation] | None = None,
    offices: Iterable[Office] | None = None,
    actor: Any,
    audit: bool = True,
) -> dict[str, Any]:
    """Change a card; the page address stays stable so printed links keep working."""
    fields = [k for k in data if k in SERVICE_FIELDS]
    stored = Service.objects.get(pk=service.pk)  # the instance may already carry form values
    before = snapshot(stored, fields)
    before_situations = sorted(s.name for s in stored.life_situations.all())
    before_offices = sorted(o.name for o in stored.offices.all())
    for name in fields:
        setattr(service, name, data[name])
    situations = (
        list(life_situations) if life_situations is not None else service.life_situations.all()
    )
    _refresh_search_document(service, situations)
    service.full_clean()
    service.save()
    _set_relations(
        service,
        list(life_situations) if life_situations is not None else None,
        list(offices) if offices is not None else None,
    )
    public_pages_changed(service.centre)
    changes = {
        name: [_plain(before[name]), _plain(getattr(service, name))]
        for name in fields
        if before[name] != getattr(service, name)
    }
    after_situations = sorted(s.name for s in service.life_situations.all())
    after_offices = sorted(o.name for o in service.offices.all())
    if after_situations != before_situations:
        changes["life_situations"] = [before_situations, after_situations]
    if after_offices != before_offices:
        changes["offices"] = [before_offices, after_offices]
    if changes and audit:
        audit_record(
            actor=actor,
            centre=service.centre,
            action=AuditAction.UPDATE,
            obj=service,
            changes=changes,
        )
    return changes


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


@transaction.atomic
def category_get_or_create(
    *, centre: Centre, name: str, actor: Any, audit: bool = True
) -> Category:
    category, created = Category.objects.get_or_create(centre=centre, name=name.strip())
    public_pages_changed(centre)
    if created and audit:
        audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=category)
    return category


@transaction.atomic
def category_rename(*, category: Category, name: str, actor: Any) -> Category:
    old = category.name
    category.name = name.strip()
    category.full_clean()
    category.save()
    public_pages_changed(category.centre)
    audit_record(
        actor=actor,
        centre=category.centre,
        action=AuditAction.UPDATE,
        obj=category,
        changes={"name": [old, category.name]},
    )
    return category


@transaction.atomic
def life_situation_get_or_create(
    *, centre: Centre, name: str, actor: Any, audit: bool = True
) -> LifeSituation:
    situation, created = LifeSituation.objects.get_or_create(centre=centre, name=name.strip())
    public_pages_changed(centre)
    if created and audit:
        audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=situation)
    return situation


@transaction.atomic
def window_services_set(*, centre: Centre, window: Window, services: Iterable[Service]) -> None:
    """Set the services a window (desk) handles; a window with none handles every service.
    Only the centre's own window and services. Audited with the window by whoever saves it
    (``core.services.window_save``)."""
    chosen = list(services)
    if window.centre_id != centre.pk or any(s.centre_id != centre.pk for s in chosen):
        raise ValidationError(_("Офіс і послуги мають належати до цього центру."))
    window.services.set(chosen)
    public_pages_changed(centre)
