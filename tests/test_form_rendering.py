"""The GOV.UK form renderer built in Python gives the HTML of the templates (decision 0010).

Every form class of the project (found by walking the `forms` modules) is rendered unbound,
bound with nothing typed (required errors) and bound with markup typed into every field (invalid
choices, escaping), once through the template renderer `GovukTemplateFormRenderer` and once
through `GovukFormRenderer`: the whole form (`{{ form }}`), each field group
(`{{ form.x.as_field_group }}`), each widget alone (`{{ form.x }}`) and through `govuk_widget`.
The HTML must be the same once runs of whitespace are made one space.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
import time_machine
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.forms.renderers import BaseRenderer

import vidhuk
from vidhuk.accounts.models import Membership
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appointments.schedule import Slot
from vidhuk.catalog.models import Service
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core import formrendering
from vidhuk.core.formrendering import GovukFormRenderer, GovukTemplateFormRenderer
from vidhuk.core.models import Centre, Office
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory
from vidhuk.surveys.models import QuestionnaireVersion
from vidhuk.surveys.services.questionnaires import questionnaire_install_defaults

TEMPLATES = GovukTemplateFormRenderer()
PYTHON = GovukFormRenderer()
TYPED = '<b>«Я» & "ми"</b>'


def _form_classes() -> dict[str, type[BaseForm] | type[BaseFormSet]]:
    """Every form and formset class defined in (or made by a factory in) a `forms` module."""
    found: dict[str, type[BaseForm] | type[BaseFormSet]] = {}
    for module_info in pkgutil.walk_packages(vidhuk.__path__, "vidhuk."):
        name = module_info.name
        if "forms" not in name or ".tests" in name or "templatetags" in name:
            continue
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if not inspect.isclass(value):
                continue
            is_form = issubclass(value, BaseForm) and value.__module__ == name
            # formset_factory's classes say they come from Django; a base formset has no form.
            is_formset = issubclass(value, BaseFormSet) and hasattr(value, "form")
            if is_form or (is_formset and value.__module__ in (name, "django.forms.formsets")):
                found[f"{name}.{attribute}"] = value
    return found


FORM_CLASSES = _form_classes()

# The forms residents meet: each must be compared, never skipped for want of arguments.
PUBLIC_FORMS = [
    "vidhuk.surveys.forms.public.SurveyForm",
    "vidhuk.surveys.forms.public.VisitCodeForm",
    "vidhuk.appeals.forms.public.AppealForm",
    "vidhuk.appeals.forms.public_start.GroupChoiceForm",
    "vidhuk.appeals.forms.public_start.KindChoiceForm",
    "vidhuk.appeals.forms.public_start.IdentityForm",
    "vidhuk.appeals.forms.public_track.TrackByIndexForm",
    "vidhuk.appeals.forms.public_track.FindCaseForm",
    "vidhuk.appointments.forms.ServiceChoiceForm",
    "vidhuk.appointments.forms.OfficeChoiceForm",
    "vidhuk.appointments.forms.DayChoiceForm",
    "vidhuk.appointments.forms.TimeChoiceForm",
    "vidhuk.appointments.forms.ContactForm",
    "vidhuk.catalog.forms.CatalogSearchForm",
    "vidhuk.communications.forms.events.RegistrationForm",
    "vidhuk.communications.forms.subscriptions.SubscribeForm",
    "vidhuk.queue.forms.KioskForm",
]


SAMPLE_ARGUMENTS = {
    "centre",
    "offices",
    "services",
    "default_office",
    "office",
    "version",
    "versions",
    "executors",
    "owners",
    "kind",
    "group",
    "is_anonymous",
    "retention_days",
    "days",
    "slots",
    "today",
    "choices",
    "columns",
    "data",
}


def required_arguments(form_class: Any) -> list[str]:
    """The arguments without a default of the class's `__init__` and of its parents' that it
    passes on through `**kwargs`."""
    names: dict[str, None] = {}
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass) or not klass.__module__.startswith("vidhuk."):
            continue
        for p in inspect.signature(klass.__init__).parameters.values():
            if p.default is p.empty and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD):
                names[p.name] = None
    names.pop("self", None)
    return list(names)


# The classes this test can build: their arguments are among the samples below.
COMPARED = sorted(
    path for path, cls in FORM_CLASSES.items() if set(required_arguments(cls)) <= SAMPLE_ARGUMENTS
)


@pytest.fixture(scope="module")
def arguments(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """Sample values for the keyword arguments form classes take, by argument name (made once
    for the module, rolled back at its end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        centre = cast(Centre, CentreFactory(slug="verbivka"))
        office = OfficeFactory(centre=centre)
        OfficeFactory(centre=centre)
        category = CategoryFactory(centre=centre)
        ServiceFactory(centre=centre, category=category)
        ServiceFactory(centre=centre, category=category)
        MembershipFactory(centre=centre)
        version = next(
            q
            for q in questionnaire_install_defaults(centre=centre, actor=None)
            if q.slug == "visitor-survey"
        ).versions.get()
        start = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
        today = dt.date(2026, 3, 2)
        yield {
            "centre": centre,
            "offices": Office.objects.filter(centre=centre),
            "services": Service.objects.filter(centre=centre),
            "default_office": office,
            "office": office,
            "version": version,
            "versions": QuestionnaireVersion.objects.filter(questionnaire__centre=centre),
            "executors": get_user_model().objects.filter(memberships__centre=centre),
            "owners": Membership.objects.filter(centre=centre),
            "kind": "complaint",
            "group": "appeal",
            "is_anonymous": False,
            "retention_days": 1825,
            "days": [(today, 3), (today + dt.timedelta(days=1), 0)],
            "slots": [
                Slot(starts_at=start, ends_at=start, window_ids=(1,)),
                Slot(starts_at=start + dt.timedelta(minutes=15), ends_at=start, window_ids=(1,)),
            ],
            "today": today,
            "choices": {},
            "columns": ["Назва", "Дата"],
            "data": None,
        }
        transaction.set_rollback(True)


def _build(form_class: Any, data: dict[str, Any] | None, arguments: dict[str, Any]) -> Any:
    kwargs = {name: arguments[name] for name in required_arguments(form_class) if name != "data"}
    if "data" in required_arguments(form_class):
        return form_class(data, **kwargs)
    return form_class(data=data, **kwargs)


def _typed_data(form: BaseForm) -> dict[str, Any]:
    """Markup typed into every field (of the first two forms of a formset)."""
    if isinstance(form, BaseFormSet):
        data = {f"{form.prefix}-TOTAL_FORMS": "2", f"{form.prefix}-INITIAL_FORMS": "0"}
        for each in form.forms[:2]:
            data.update(_typed_data(each))
        return data
    data = {}
    for bound_field in form:
        widget = bound_field.field.widget
        if isinstance(widget, forms.MultiWidget):
            for index in range(len(widget.widgets)):
                data[f"{bound_field.html_name}_{index}"] = TYPED
        else:
            data[bound_field.html_name] = TYPED
    return data


def _renderings(form: Any, renderer: BaseRenderer) -> dict[str, str]:
    """Everything a page can print of `form`, rendered by `renderer`."""
    form.renderer = form.form_renderer = renderer
    forms_ = form.forms if isinstance(form, BaseFormSet) else [form]
    for each in forms_:
        each.renderer = renderer
    out = {"form": str(form)}
    for each in forms_:
        for bound_field in each:
            out[f"{each.prefix}-{bound_field.name} group"] = str(bound_field.as_field_group())
            out[f"{each.prefix}-{bound_field.name} widget"] = str(bound_field)
            out[f"{each.prefix}-{bound_field.name} govuk_widget"] = str(
                formrendering.render_widget(bound_field, "govuk-!-width-one-half")
            )
    return out


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def _difference(expected: str, got: str) -> str | None:
    """Where two HTML strings part, with some context (None when equal)."""
    if expected == got:
        return None
    at = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b), 0)
    at = at or min(len(expected), len(got))
    return f"templates: …{expected[at - 150 : at + 150]}…\npython:    …{got[at - 150 : at + 150]}…"


def _compare(form: Any, state: str) -> None:
    form.is_valid()
    by_templates = _renderings(form, TEMPLATES)
    by_python = _renderings(form, PYTHON)
    differences = {
        f"{state}: {name}": _difference(_normalised(html), _normalised(by_python[name]))
        for name, html in by_templates.items()
    }
    assert {name: diff for name, diff in differences.items() if diff} == {}


STATES: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "unbound": lambda cls, arguments: _build(cls, None, arguments),
    "bound empty": lambda cls, arguments: _build(cls, {}, arguments),
    "bound with markup": lambda cls, arguments: _build(
        cls, _typed_data(_build(cls, None, arguments)), arguments
    ),
}


def test_every_public_form_and_most_staff_forms_are_compared():
    assert set(PUBLIC_FORMS) <= set(COMPARED)
    assert len(COMPARED) >= 100, len(COMPARED)


@pytest.mark.parametrize("class_path", COMPARED)
@time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False)
def test_the_python_renderer_gives_the_templates_html(class_path, arguments, db):
    forms_by_state = {
        state: build(FORM_CLASSES[class_path], arguments) for state, build in STATES.items()
    }

    for state, form in forms_by_state.items():
        _compare(form, state)
