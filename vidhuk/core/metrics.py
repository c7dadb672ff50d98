"""Registry of the metrics analytics will read (Decidim's `register_stat`). Empty until the
analytics app arrives; each app will register its own from its `extensions.py`.

A metric has a key, a label, a unit, the dimensions it can be split by (from `DIMENSIONS`) and a
query: ``query(centre, start, end, by)`` returns rows, each a dict with one value per dimension
named in ``by`` and the figure under ``"value"`` — counts, never personal data; the reader applies
small-cell suppression (`core/suppression.py`). A row whose value is a mean, a median or a share
also carries ``"n"``, the people (or records) behind it, which suppression weighs instead.

Dimensions have a title ("Офіс") and a way to turn their stored codes into labels: each app
registers the labels of its own codes with ``register_dimension`` (optionally only for the metrics
whose key starts with ``metric``, when two apps store different codes under one dimension, e.g.
``channel``). Sex is always ``female``/``male``/``not_stated``; yes/no questions (``idp``,
``disability``, ``pensioner``, ``veteran``) are ``yes``/``no``/``not_stated``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Centre

DIMENSIONS = frozenset(
    {"office", "service", "channel", "sex", "age_group", "category", "source", "state"}
    # The Classifier of citizens' appeals (КМУ №858, decision 0008).
    | {"receipt_form", "sign", "kind", "subject", "social_status", "topic", "result"}
    # Analytics (issue 14): voluntary demographics, time of day and week, survey questions.
    | {"idp", "disability", "pensioner", "veteran", "hour", "weekday", "question"}
)
UNITS = frozenset({"count", "minutes", "days", "percent", "score"})

MetricQuery = Callable[["Centre", dt.date, dt.date, tuple[str, ...]], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise | str
    unit: str
    dimensions: tuple[str, ...]
    query: MetricQuery


_registry: dict[str, Metric] = {}


def register_metric(metric: Metric) -> None:
    unknown = set(metric.dimensions) - DIMENSIONS
    if unknown or metric.unit not in UNITS:
        raise ValueError(f"metric {metric.key}: unknown dimension or unit {unknown or metric.unit}")
    _registry[metric.key] = metric


def unregister_metric(key: str) -> None:
    _registry.pop(key, None)


def metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda m: m.key)


# --- dimensions: titles and the labels of their codes ------------------------------------------

CodeLabel = Callable[[str], "Promise | str | None"]
BulkLabels = Callable[["Centre", list[str]], dict[str, str]]


@dataclass(frozen=True)
class _Labeller:
    metric: str  # "" for every metric, else a key prefix ("appeals.")
    label: CodeLabel | None
    labels: BulkLabels | None


TITLES: dict[str, Promise | str] = {
    "office": _("Офіс"),
    "service": _("Послуга"),
    "channel": _("Канал"),
    "sex": _("Стать"),
    "age_group": _("Вікова група"),
    "category": _("Категорія заявника"),
    "source": _("Джерело"),
    "state": _("Стан"),
    "receipt_form": _("Форма надходження"),
    "sign": _("Ознака"),
    "kind": _("Вид"),
    "subject": _("Суб’єкт"),
    "social_status": _("Соціальний стан"),
    "topic": _("Тема"),
    "result": _("Результат"),
    "idp": _("ВПО"),
    "disability": _("Інвалідність"),
    "pensioner": _("Пенсіонер"),
    "veteran": _("Ветеран"),
    "hour": _("Година"),
    "weekday": _("День тижня"),
    "question": _("Показник"),
}
_labellers: dict[str, list[_Labeller]] = {}


def register_dimension(
    name: str,
    *,
    label: CodeLabel | None = None,
    labels: BulkLabels | None = None,
    title: Promise | str | None = None,
    metric: str = "",
) -> None:
    """Say how the codes of dimension ``name`` read: ``label(code)`` gives one code's label (None
    when it does not know the code), or ``labels(centre, codes)`` all of them at once (for codes
    that are rows of a table: one query). ``metric`` limits it to metrics whose key starts so."""
    if name not in DIMENSIONS:
        raise ValueError(f"unknown dimension {name}")
    if title is not None:
        TITLES[name] = title
    if label is not None or labels is not None:
        found = _labellers.setdefault(name, [])
        found[:] = [x for x in found if (x.metric, x.label, x.labels) != (metric, label, labels)]
        found.append(_Labeller(metric, label, labels))


def unregister_dimension_labels(name: str, *, metric: str = "") -> None:
    _labellers[name] = [x for x in _labellers.get(name, []) if x.metric != metric]


def dimension_title(name: str) -> str:
    return str(TITLES.get(name, name))


def dimension_labels(
    name: str, codes: Iterable[str], *, centre: Centre, metric: str = ""
) -> dict[str, str]:
    """Each code's label: the labellers scoped to ``metric`` first (longest prefix first), then
    the general ones; a code nobody knows reads as itself, the empty code as «не зазначено»."""
    wanted = list(dict.fromkeys(codes))
    found: dict[str, str] = {}
    labellers = [x for x in _labellers.get(name, []) if metric.startswith(x.metric)]
    for labeller in sorted(labellers, key=lambda x: -len(x.metric)):
        left = [code for code in wanted if code not in found]
        if not left:
            break
        if labeller.labels is not None:
            found.update({k: v for k, v in labeller.labels(centre, left).items() if v})
        if labeller.label is not None:
            for code in left:
                text = labeller.label(code) if code not in found else None
                if text:
                    found[code] = str(text)
    return {code: found.get(code) or (code or str(_("не зазначено"))) for code in wanted}


def _choice(mapping: dict[str, Promise | str]) -> CodeLabel:
    return mapping.get


SEX_LABELS: dict[str, Promise | str] = {
    "female": _("жінки"),
    "male": _("чоловіки"),
    "not_stated": _("не зазначено"),
}
YES_NO_LABELS: dict[str, Promise | str] = {
    "yes": _("так"),
    "no": _("ні"),
    "not_stated": _("не зазначено"),
}
AGE_GROUP_LABELS: dict[str, Promise | str] = {
    "under_18": _("до 18 років"),
    "18_35": _("18–35 років"),
    "36_59": _("36–59 років"),
    "60_plus": _("60 років і більше"),
    "not_stated": _("не зазначено"),
}
WEEKDAY_LABELS: dict[str, Promise | str] = {
    "1": _("понеділок"),
    "2": _("вівторок"),
    "3": _("середа"),
    "4": _("четвер"),
    "5": _("п’ятниця"),
    "6": _("субота"),
    "7": _("неділя"),
}


def sex_code(value: str | None) -> str:
    """Any app's stored sex as the one analytics reads: only what people stated, never guessed."""
    return value if value in ("female", "male") else "not_stated"


def yes_no_code(value: bool | str | None) -> str:
    if value in (True, "yes"):
        return "yes"
    if value in (False, "no"):
        return "no"
    return "not_stated"


def _hour_label(code: str) -> str | None:
    if not code.isdecimal() or not 0 <= int(code) <= 23:
        return None
    return f"{int(code):02d}:00–{int(code) + 1:02d}:00"


def _office_labels(centre: Centre, codes: list[str]) -> dict[str, str]:
    """Offices are stored by id (as text) or by slug; one query for all."""
    from .models import Office

    found: dict[str, str] = {}
    for pk, slug, name in Office.objects.filter(centre=centre).values_list("pk", "slug", "name"):
        found[str(pk)] = found[slug] = name
    return {code: found[code] for code in codes if code in found}


register_dimension("sex", label=_choice(SEX_LABELS))
for _name in ("idp", "disability", "pensioner", "veteran"):
    register_dimension(_name, label=_choice(YES_NO_LABELS))
register_dimension("age_group", label=_choice(AGE_GROUP_LABELS))
register_dimension("weekday", label=_choice(WEEKDAY_LABELS))
register_dimension("hour", label=_hour_label)
register_dimension("office", labels=_office_labels)


def get_metric(key: str) -> Metric:
    """The metric registered under ``key`` (KeyError when none is)."""
    return _registry[key]


# --- one page, many figures: reads shared while a scope is open ---------------------------------

T = TypeVar("T")
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("metrics_memo", default=None)


@contextmanager
def metrics_scope() -> Iterator[None]:
    """While open, metrics may share what they read (``memo``): a dashboard or a report asks many
    figures of the same period, and one query can answer several. Nothing outlives the scope,
    so no figure is ever stale."""
    token = _memo.set({}) if _memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _memo.reset(token)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` earlier in the open scope (none: computed)."""
    store = _memo.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]
