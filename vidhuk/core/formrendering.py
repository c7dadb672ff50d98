"""GOV.UK Frontend markup for every Django form.

`settings.FORM_RENDERER` points at `GovukFormRenderer`, so `{{ form }}`,
`{{ field.as_field_group }}` and `{{ formset }}` produce GOV.UK form groups:
label or fieldset legend, hint (from `help_text`), error message, and the
widget with GOV.UK's classes.

The markup is that of the templates in `forms/` and of Django's widget
templates, built in Python (decision 0010: a template render per field and per
option was most of a form page's time); `GovukTemplateFormRenderer` renders the
templates themselves and is the reference the tests hold the Python to. Widgets
still make their own context, so whatever a widget or field sets (`type`,
`required`, `maxlength`, `autocomplete`, `inputmode`, `aria-describedby`, ...)
reaches the HTML unchanged; only the GOV.UK class is added to any class the
widget already has.

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
from django.utils.translation import gettext

from vidhuk.core import widgethtml
from vidhuk.core.widgethtml import text

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.forms import BaseForm
    from django.forms.boundfield import BoundField
    from django.utils.safestring import SafeString


class GovukTemplateFormRenderer(TemplatesSetting):
    """GOV.UK Frontend markup from the templates in `forms/` and Django's widget templates.

    The reference: `GovukFormRenderer` builds the same HTML in Python, and
    `vidhuk/core/tests/test_formrendering.py` holds the two equal for every form.
    """

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
    formset_template_name = "forms/govuk_formset.html"


class GovukFormRenderer(GovukTemplateFormRenderer):
    """Renders forms, fields and formsets with GOV.UK Frontend markup, built in Python.

    Rendering a field through templates costs ~6 template renders per field (the group, its
    messages, the widget, its attributes; per option for radios): most of a form page's time
    (decision 0010). The templates' HTML is built here instead; any other template (a field
    or form with a `template_name` of its own, a widget not in `WIDGET_HTML`) is rendered by
    its template as before.
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        build = _GOVUK_HTML.get(template_name)
        if build is not None:
            return build(context)
        widget_build = widgethtml.WIDGET_HTML.get(template_name)
        if widget_build is not None:
            try:
                return widget_build(context["widget"])
            except widgethtml.NotCompiledError:
                pass
        return str(super().render(template_name, context, request))


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


# --- the templates of forms/ as Python (decision 0010) ----------------------------------------
# Each function mirrors its template line by line, whitespace included, stripped at both ends as
# the renderer strips what a template renders.


def _optional_html(group: FieldGroup) -> str:
    return f" {text(gettext('(необов’язково)'))}" if group.is_optional else ""


def _error_lines(errors: Any) -> str:
    """`{% for error in errors %}<span …>Помилка:</span> {{ error }}<br>…{% endfor %}`."""
    prefix = f'<span class="govuk-visually-hidden">{text(gettext("Помилка:"))}</span> '
    return "<br>".join(f"{prefix}{text(error)}" for error in errors)


def _messages_html(bound_field: BoundField, group: FieldGroup, *, hide_hint: bool = False) -> str:
    """forms/govuk_field_messages.html"""
    parts = []
    if bound_field.help_text and not hide_hint:
        id_html = f' id="{text(group.hint_id)}"' if group.hint_id else ""
        parts.append(f'<div class="govuk-hint"{id_html}>{text(bound_field.help_text)}</div>')
    parts.append("\n")
    errors = bound_field.errors
    if errors:
        id_html = f' id="{text(group.error_id)}"' if group.error_id else ""
        parts.append(f'<p class="govuk-error-message"{id_html}>{_error_lines(errors)}</p>')
    parts.append("\n")
    return "".join(parts)


def _item_tag(item: BoundWidget) -> str:
    """`{{ item.tag }}`: the option's input without its label."""
    build = widgethtml.WIDGET_HTML.get(item.template_name)
    if build is None:
        return str(item.tag())
    return build({**item.data, "wrap_label": False})


def _choices_html(group: FieldGroup) -> str:
    bound_field = group.bound_field
    item_class, label_class, module = (
        ("govuk-radios__item", "govuk-radios__label", "govuk-radios")
        if group.is_radio
        else ("govuk-checkboxes__item", "govuk-checkboxes__label", "govuk-checkboxes")
    )
    id_html = f' id="{text(bound_field.auto_id)}"' if bound_field.auto_id else ""
    container = text(group.container_classes)
    parts = [f'\n    <div class="{container}"{id_html} data-module="{module}">\n      ']
    for item in group.items:
        for_html = f' for="{text(item.id_for_label)}"' if item.id_for_label else ""
        parts.append(
            f'\n      <div class="{item_class}">\n        {_item_tag(item)}\n'
            f'        <label class="govuk-label {label_class}"{for_html}>'
            f"{text(item.choice_label)}</label>\n      </div>\n      "
        )
    parts.append("\n    </div>\n    ")
    return "".join(parts)


def _fieldset_html(group: FieldGroup) -> str:
    bound_field = group.bound_field
    aria = bound_field.aria_describedby
    aria_html = f' aria-describedby="{text(aria)}"' if aria else ""
    parts = [f'\n  <fieldset class="govuk-fieldset"{aria_html}>\n    ']
    if bound_field.label:
        label = f"{text(bound_field.label)}{_optional_html(group)}"
        if group.is_page_heading:
            parts.append(
                '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">\n      '
                f'<h1 class="govuk-fieldset__heading">{label}</h1>\n    </legend>'
            )
        else:
            parts.append(f'<legend class="govuk-fieldset__legend">\n      {label}\n    </legend>')
    parts.append(f"\n    {_messages_html(bound_field, group)}\n    ")
    if group.kind == KIND_CHOICES:
        parts.append(_choices_html(group))
    else:
        parts.append(f"\n    {group.widget_html}\n    ")
    parts.append("\n  </fieldset>\n")
    return "".join(parts)


def _checkbox_html(group: FieldGroup) -> str:
    bound_field = group.bound_field
    parts = ["\n  "]
    if bound_field.errors:
        parts.append(_messages_html(bound_field, group, hide_hint=True))
    for_html = f' for="{text(bound_field.id_for_label)}"' if bound_field.id_for_label else ""
    parts.append(
        '\n  <div class="govuk-checkboxes" data-module="govuk-checkboxes">\n'
        '    <div class="govuk-checkboxes__item">\n'
        f"      {group.widget_html}\n"
        f'      <label class="govuk-label govuk-checkboxes__label"{for_html}>'
        f"{text(bound_field.label)}</label>\n      "
    )
    if bound_field.help_text:
        id_html = f' id="{text(group.hint_id)}"' if group.hint_id else ""
        parts.append(
            f'<div class="govuk-hint govuk-checkboxes__hint"{id_html}>'
            f"{text(bound_field.help_text)}</div>"
        )
    parts.append("\n    </div>\n  </div>\n")
    return "".join(parts)


def _single_html(group: FieldGroup) -> str:
    bound_field = group.bound_field
    parts = ["\n  "]
    if bound_field.label:
        for_html = f' for="{text(bound_field.id_for_label)}"' if bound_field.id_for_label else ""
        size = " govuk-label--l" if group.is_page_heading else ""
        label = (
            f'<label class="govuk-label{size}"{for_html}>'
            f"{text(bound_field.label)}{_optional_html(group)}</label>"
        )
        if group.is_page_heading:
            label = f'<h1 class="govuk-label-wrapper">{label}</h1>'
        parts.append(label)
    parts.append(f"\n  {_messages_html(bound_field, group)}\n  {group.widget_html}\n")
    return "".join(parts)


def field_group_html(context: dict[str, Any]) -> str:
    """forms/govuk_field.html"""
    bound_field: BoundField = context["field"]
    group = field_group(bound_field)
    if group.kind == KIND_HIDDEN:
        return str(bound_field)
    error_class = " govuk-form-group--error" if bound_field.errors else ""
    if group.kind in (KIND_CHOICES, KIND_FIELDSET):
        body = _fieldset_html(group)
    elif group.kind == KIND_CHECKBOX:
        body = _checkbox_html(group)
    else:
        body = _single_html(group)
    return f'<div class="govuk-form-group{error_class}">\n{body}\n</div>'


def _errors_block_html(block_id: str, errors: Any) -> str:
    return (
        f'\n<div class="govuk-form-group govuk-form-group--error" id="{text(block_id)}">\n'
        f'  <p class="govuk-error-message">{_error_lines(errors)}</p>\n</div>\n'
    )


def form_html(context: dict[str, Any]) -> str:
    """forms/govuk_form.html"""
    errors = context["errors"]
    parts = [_errors_block_html(non_field_errors_id(context["form"]), errors) if errors else ""]
    parts.extend(str(bound_field.as_field_group()) for bound_field, _errors in context["fields"])
    parts.extend(str(bound_field) for bound_field in context["hidden_fields"])
    return "".join(parts).strip()


def formset_html(context: dict[str, Any]) -> str:
    """forms/govuk_formset.html"""
    formset: BaseFormSet = context["formset"]
    parts = [str(formset.management_form)]
    non_form_errors = formset.non_form_errors()
    if non_form_errors:
        parts.append(_errors_block_html(non_form_errors_id(formset), non_form_errors))
    parts.extend(str(form) for form in formset)
    return "".join(parts).strip()


_GOVUK_HTML: dict[str, Callable[[dict[str, Any]], str]] = {
    GovukTemplateFormRenderer.form_template_name: form_html,
    GovukTemplateFormRenderer.field_template_name: field_group_html,
    GovukTemplateFormRenderer.formset_template_name: formset_html,
}
