"""Template helpers for GOV.UK Frontend form markup (see vidhuk.core.formrendering)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from vidhuk.core import formrendering

if TYPE_CHECKING:
    from django.forms import BaseForm, BaseFormSet
    from django.forms.boundfield import BoundField
    from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def govuk_field_group(field: BoundField) -> formrendering.FieldGroup:
    """`{% govuk_field_group field as group %}`: layout facts for one field."""
    return formrendering.field_group(field)


@register.filter
def govuk_widget(field: BoundField, extra_classes: str = "") -> SafeString:
    """`{{ form.name|govuk_widget:"govuk-input--width-10" }}`: the widget alone, GOV.UK-classed."""
    return formrendering.render_widget(field, extra_classes)


@register.simple_tag
def govuk_error_summary_items(form: BaseForm | BaseFormSet | None) -> list[dict[str, str]]:
    """`{% govuk_error_summary_items form as items %}`: errors with the ids they link to."""
    return formrendering.error_summary_items(form)


@register.filter
def govuk_non_field_errors_id(form: BaseForm) -> str:
    return formrendering.non_field_errors_id(form)


@register.filter
def govuk_non_form_errors_id(formset: BaseFormSet) -> str:
    return formrendering.non_form_errors_id(formset)
