"""GOV.UK Frontend markup for every Django form.

`settings.FORM_RENDERER` points at `GovukFormRenderer`, so `{{ form }}`,
`{{ field.as_field_group }}` and `{{ formset }}` produce GOV.UK form groups:
label or fieldset legend, hint (from `help_text`), error message, and the
widget with GOV.UK's classes.

Widgets are still rendered by Django's own widget templates, so whatever a
widget or field sets (`type`, `required`, `maxlength`, `autocomplete`,
`inputmode`, `aria-describedby`, ...) reaches the HTML unchanged; only the
GOV.UK class is added to any class the widget already has.

A form can show one field's label as the page's <h1> (GOV.UK's "one question
per page" pattern) by naming it in `govuk_page_heading_field`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms import BaseFormSet
from django.forms.boundfield import BoundWidget
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

if TYPE_CHECKING:
    from django.forms import BaseForm
    from django.forms.boundfield import BoundField
    from django.utils.safestring import SafeString


class GovukFormRenderer(TemplatesSetting):
    """Renders forms, fields and formsets with GOV.UK Frontend markup."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
    formset_template_name = "forms/govuk_formset.html"


# The kinds of form group the field template knows how to lay out.
KIND_HIDDEN = "hidden"
KIND_CHOICES = "choices"  # RadioSelect, CheckboxSelectMultiple: fieldset + items
KIND_CHECKBOX = "checkbox"  # CheckboxInput: one GOV.UK checkbox item
KIND_FIELDSET = "fieldset"  # other multi-part widgets (MultiWidget, SelectDateWidget)
KIND_SINGLE = "single"  # one control with a <label>


def merge_classes(*class_lists: str | None) -> str:
    """Join CSS class lists, dropping blanks and repeats, keeping order."""
    names: dict[str, None] = {}
    for class_list in class_lists:
        for name in (class_list or "").split():
            names[name] = None
    return " ".join(names)


def _control_class(widget: forms.Widget) -> str | None:
    """GOV.UK's class for a single control, or None when it has none."""
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea"
    if isinstance(widget, forms.Select):  # also SelectMultiple, NullBooleanSelect
        return "govuk-select"
    if isinstance(widget, forms.FileInput):  # also ClearableFileInput
        return "govuk-file-upload"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    if isinstance(widget, Input):  # text, email, number, date, password, ...
        return "govuk-input"
    return None


def widget_css_class(widget: forms.Widget, *, has_errors: bool) -> str | None:
    """Class list for `widget`: GOV.UK's class, its error variant, then the widget's own.

    A MultiWidget passes the same attributes to each part, so it takes the
    class of its first part (SplitDateTimeWidget: inputs; SelectDateWidget: selects).
    """
    control = widget
    if isinstance(widget, forms.MultiWidget) and widget.widgets:
        control = widget.widgets[0]
    elif isinstance(widget, forms.SelectDateWidget):
        control = forms.Select()
    govuk_class = _control_class(control)
    if govuk_class is None:
        return widget.attrs.get("class")
    error_class = None
    if has_errors and govuk_class != "govuk-checkboxes__input":
        error_class = f"{govuk_class}--error"
    return merge_classes(govuk_class, error_class, widget.attrs.get("class"))


def field_kind(bound_field: BoundField) -> str:
    widget = bound_field.field.widget
    if bound_field.is_hidden:
        return KIND_HIDDEN
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect
        return KIND_CHOICES
    if isinstance(widget, forms.CheckboxInput):
        return KIND_CHECKBOX
    if bound_field.use_fieldset:
        return KIND_FIELDSET
    return KIND_SINGLE


def render_widget(bound_field: BoundField, extra_classes: str = "") -> SafeString:
    """The field's widget, through Django's widget template, with GOV.UK classes added."""
    css_class = widget_css_class(bound_field.field.widget, has_errors=bool(bound_field.errors))
    css_class = merge_classes(css_class, extra_classes)
    attrs: dict[str, str | bool] = {"class": css_class} if css_class else {}
    return bound_field.as_widget(attrs=attrs)


def choice_items(bound_field: BoundField) -> list[BoundWidget]:
    """Options of a RadioSelect/CheckboxSelectMultiple, each input classed for GOV.UK.

    Mirrors `BoundField.subwidgets`, which takes no extra attributes. The
    widget's own class goes on the GOV.UK container instead (for example
    `govuk-radios--inline`), so it is not repeated on every input.
    """
    widget = bound_field.field.widget
    is_radio = not isinstance(widget, forms.CheckboxSelectMultiple)
    id_ = widget.attrs.get("id") or bound_field.auto_id
    attrs: dict[str, Any] = {"id": id_} if id_ else {}
    attrs = bound_field.build_widget_attrs(attrs)
    attrs["class"] = "govuk-radios__input" if is_radio else "govuk-checkboxes__input"
    return [
        BoundWidget(widget, option, bound_field.form.renderer)
        for option in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
    ]


def error_target_id(bound_field: BoundField) -> str:
    """The id an error summary link should point at: the field's first control."""
    if field_kind(bound_field) == KIND_CHOICES:
        id_ = bound_field.field.widget.attrs.get("id") or bound_field.auto_id
        return f"{id_}_0" if id_ else ""
    return bound_field.id_for_label or bound_field.auto_id or ""


def non_field_errors_id(form: BaseForm) -> str:
    """Id of the block holding a form's non-field errors (unique per formset form)."""
    return f"{form.prefix}-non-field-errors" if form.prefix else "non-field-errors"


def non_form_errors_id(formset: BaseFormSet) -> str:
    return f"{formset.prefix}-non-form-errors"


@dataclass
class FieldGroup:
    """What `forms/govuk_field.html` needs to lay one field out."""

    bound_field: BoundField
    kind: str
    is_radio: bool = False
    is_optional: bool = False
    is_page_heading: bool = False
    hint_id: str = ""
    error_id: str = ""
    container_classes: str = ""
    items: list[BoundWidget] = field(default_factory=list)

    @property
    def widget_html(self) -> SafeString:
        return render_widget(self.bound_field)


def field_group(bound_field: BoundField) -> FieldGroup:
    form = bound_field.form
    kind = field_kind(bound_field)
    widget = bound_field.field.widget
    group = FieldGroup(
        bound_field=bound_field,
        kind=kind,
        # A required checkbox ("I agree") is not "optional" either way.
        is_optional=not bound_field.field.required and kind != KIND_CHECKBOX,
        is_page_heading=getattr(form, "govuk_page_heading_field", None) == bound_field.name,
        hint_id=f"{bound_field.auto_id}_helptext" if bound_field.auto_id else "",
        error_id=f"{bound_field.auto_id}_error" if bound_field.auto_id else "",
    )
    if kind == KIND_CHOICES:
        group.is_radio = not isinstance(widget, forms.CheckboxSelectMultiple)
        base = "govuk-radios" if group.is_radio else "govuk-checkboxes"
        group.container_classes = merge_classes(base, widget.attrs.get("class"))
        group.items = choice_items(bound_field)
    return group


def error_summary_items(form_or_formset: BaseForm | BaseFormSet | None) -> list[dict[str, str]]:
    """Every error of a bound form or formset, in page order, with the id it links to."""
    if form_or_formset is None or not getattr(form_or_formset, "is_bound", False):
        return []
    if isinstance(form_or_formset, BaseFormSet):
        formset = form_or_formset
        items = [
            {"target": non_form_errors_id(formset), "message": str(message)}
            for message in formset.non_form_errors()
        ]
        for form in formset.forms:
            items += _form_error_items(form)
        return items
    return _form_error_items(form_or_formset)


def _form_error_items(form: BaseForm) -> list[dict[str, str]]:
    block_id = non_field_errors_id(form)
    items = [{"target": block_id, "message": str(m)} for m in form.non_field_errors()]
    for bound_field in form:
        # Hidden fields' errors are shown with the non-field errors (see govuk_form.html).
        target = block_id if bound_field.is_hidden else error_target_id(bound_field)
        items += [{"target": target, "message": str(m)} for m in bound_field.errors]
    return items
