"""Django's own widget templates, written as Python (decision 0010).

Each function returns what the template of the same name in `django/forms/templates/django/
forms/widgets/` renders from the same context, stripped as the renderer strips it and escaped the
same way: `{{ value }}` through `text` (localised, like the template language),
`{{ value|stringformat:'s' }}` through `attr` (not localised). A widget whose template is not
listed in `WIDGET_HTML` (a custom template, the clearable file input, multi-widgets) is rendered
by its template as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

WIDGETS = "django/forms/widgets/"


def text(value: Any) -> str:
    """`{{ value }}` in an autoescaping template: localised, then escaped unless safe."""
    if type(value) is str:
        return escape(value)
    if isinstance(value, SafeData):
        return str(value)
    value = localize(template_localtime(value))
    return str(conditional_escape(value if isinstance(value, str) else str(value)))


def attr(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value as `%s` gives it, escaped unless safe."""
    if type(value) is str:
        return escape(value)
    if isinstance(value, SafeData):
        return str(value)
    return escape(str(value))


def attrs_html(attrs: Mapping[str, Any]) -> str:
    """`attrs.html`: ` name="value"` each, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {text(name)}" if value is True else f' {text(name)}="{attr(value)}"')
    return "".join(parts)


def input_html(widget: Mapping[str, Any]) -> str:
    """`input.html` (and every template that only includes it: text, email, hidden, ...)."""
    value = widget["value"]
    value_html = "" if value is None else f' value="{attr(value)}"'
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"'
        f"{value_html}{attrs_html(widget['attrs'])}>"
    )


def input_option_html(widget: Mapping[str, Any]) -> str:
    """`input_option.html` (radio_option, checkbox_option): the input, in its label if wrapped."""
    if not widget.get("wrap_label"):
        return input_html(widget)
    id_ = widget["attrs"].get("id")
    for_html = f' for="{text(id_)}"' if id_ else ""
    return f"<label{for_html}>{input_html(widget)}\n {text(widget['label'])}</label>"


def textarea_html(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{text(value) if value else ''}</textarea>"
    )


def select_option_html(widget: Mapping[str, Any]) -> str:
    return (
        f'<option value="{attr(widget["value"])}"{attrs_html(widget["attrs"])}>'
        f"{text(widget['label'])}</option>"
    )


class NotCompiledError(LookupError):
    """An option of a select or a radio group has a template of its own: render by templates."""


def _option_html(option: Mapping[str, Any]) -> str:
    """`{% include option.template_name with widget=option %}` (an include is not stripped)."""
    render = WIDGET_HTML.get(option["template_name"])
    if render is None:
        raise NotCompiledError(option["template_name"])
    return f"{render(option)}\n"


def select_html(widget: Mapping[str, Any]) -> str:
    parts = [f'<select name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        parts.extend(f"\n  {_option_html(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def multiple_input_html(widget: Mapping[str, Any]) -> str:
    """`multiple_input.html` (radio, checkbox_select): the options, each in a <div>."""
    id_ = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{text(id_)}"' if id_ else "",
        f' class="{text(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{text(group)}</label>")
        parts.extend(f"<div>\n    {_option_html(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


_INPUTS = (
    "input checkbox color date datetime email file hidden number password search tel text time url"
)
WIDGET_HTML: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{f"{WIDGETS}{name}.html": input_html for name in _INPUTS.split()},
    f"{WIDGETS}input_option.html": input_option_html,
    f"{WIDGETS}radio_option.html": input_option_html,
    f"{WIDGETS}checkbox_option.html": input_option_html,
    f"{WIDGETS}textarea.html": textarea_html,
    f"{WIDGETS}select.html": select_html,
    f"{WIDGETS}select_option.html": select_option_html,
    f"{WIDGETS}radio.html": multiple_input_html,
    f"{WIDGETS}checkbox_select.html": multiple_input_html,
    f"{WIDGETS}multiple_input.html": multiple_input_html,
}
