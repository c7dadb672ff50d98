"""The guided start of the public form: what a resident wants to do, which kind, whether named.
Shapes and messages only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.translation import gettext_lazy as _

from vidhuk.core.formrendering import choice_items

from ..choices import (
    FEEDBACK_KINDS,
    KIND_GROUP,
    Kind,
    KindGroup,
)

GROUP_HINTS: dict[str, Any] = {
    KindGroup.FEEDBACK: _(
        "Подяка працівникам, зауваження щодо обслуговування або запитання. Можна анонімно. "
        "Відгуки читають і враховують, але це не офіційне звернення, тож строку відповіді "
        "закон не встановлює."
    ),
    KindGroup.APPEAL: _(
        "Офіційне звернення за Законом «Про звернення громадян». Потрібні ваші прізвище, ім’я, "
        "по батькові, місце проживання та контакт. Відповідь — не пізніше 15 днів, а якщо "
        "питання треба вивчити — до місяця."
    ),
    KindGroup.INFO_REQUEST: _(
        "Отримати відомості чи документи, які має центр або громада (Закон «Про доступ до "
        "публічної інформації»). Потрібні ім’я та поштова або електронна адреса. Відповідь — "
        "протягом 5 робочих днів, у термінових випадках — 48 годин. Безоплатно."
    ),
}
GROUP_LABELS: dict[str, Any] = {
    KindGroup.FEEDBACK: _("Подякувати, зауважити щодо обслуговування або поставити запитання"),
    KindGroup.APPEAL: _("Подати пропозицію, заяву (клопотання) або скаргу"),
    KindGroup.INFO_REQUEST: _("Запросити публічну інформацію"),
}
KIND_HINTS: dict[str, Any] = {
    Kind.THANKS: _("Розкажіть, хто чи що вам допомогло. Ми передамо подяку."),
    Kind.QUALITY_REMARK: _(
        "Що було не так: черга, ввічливість, зрозумілість пояснень, зручність приміщення."
    ),
    Kind.QUESTION: _(
        "Запитайте про роботу центру чи про послугу. Щоб отримати відповідь, залиште контакт."
    ),
    Kind.PROPOSAL: _("Порада, як поліпшити роботу центру чи громади, або зауваження до неї."),
    Kind.STATEMENT: _(
        "Прохання допомогти здійснити ваше право чи інтерес, або повідомлення про порушення "
        "закону чи недоліки в роботі."
    ),
    Kind.COMPLAINT: _(
        "Вимога поновити ваші права, порушені рішенням, дією чи бездіяльністю посадових осіб."
    ),
}
KIND_LABELS: dict[str, Any] = {
    Kind.THANKS: _("Подякувати"),
    Kind.QUALITY_REMARK: _("Зауважити щодо якості обслуговування"),
    Kind.QUESTION: _("Поставити запитання"),
    Kind.PROPOSAL: _("Пропозиція (зауваження)"),
    Kind.STATEMENT: _("Заява (клопотання)"),
    Kind.COMPLAINT: _("Скарга"),
}


INVALID_CHOICE = _("Виберіть один із запропонованих варіантів.")


def kind_options(group: str) -> list[str]:
    return [kind for kind, kind_group in KIND_GROUP.items() if kind_group == group]


@dataclass(frozen=True)
class RadioOption:
    widget: BoundWidget
    hint: str
    hint_id: str


def radio_options(bound_field: BoundField, hints: dict[Any, Any]) -> list[RadioOption]:
    """The radios of a field, each with its own GOV.UK item hint tied to it by aria-describedby."""
    options = []
    for item in choice_items(bound_field):
        hint = str(hints.get(item.data["value"], ""))
        hint_id = f"{item.id_for_label}-item-hint" if hint else ""
        if hint_id:
            item.data["attrs"] = {**item.data["attrs"], "aria-describedby": hint_id}
        options.append(RadioOption(widget=item, hint=hint, hint_id=hint_id))
    return options


# --- the guided start ------------------------------------------------------------------------


class GroupChoiceForm(forms.Form):
    govuk_page_heading_field = "group"

    group = forms.ChoiceField(
        label=_("Що ви хочете зробити?"),
        choices=[
            (group.value, GROUP_LABELS[group])
            for group in (KindGroup.FEEDBACK, KindGroup.APPEAL, KindGroup.INFO_REQUEST)
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть, що ви хочете зробити."),
            "invalid_choice": INVALID_CHOICE,
        },
    )

    def options(self) -> list[RadioOption]:
        return radio_options(self["group"], GROUP_HINTS)


class KindChoiceForm(forms.Form):
    govuk_page_heading_field = "kind"

    kind = forms.ChoiceField(
        widget=forms.RadioSelect, error_messages={"invalid_choice": INVALID_CHOICE}
    )

    def __init__(self, *args: Any, group: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["kind"])
        field.choices = [(kind, KIND_LABELS[kind]) for kind in kind_options(group)]
        if group == KindGroup.APPEAL:
            field.label = _("Що саме ви хочете подати?")
            field.error_messages["required"] = _("Виберіть вид звернення.")
        else:
            field.label = _("Що саме ви хочете зробити?")
            field.error_messages["required"] = _("Виберіть, що ви хочете зробити.")

    def options(self) -> list[RadioOption]:
        return radio_options(self["kind"], KIND_HINTS)


NAMED = "named"
ANONYMOUS = "anonymous"


class IdentityForm(forms.Form):
    """Whether the resident gives a name (Art. 8 of the Law on Citizens' Appeals)."""

    govuk_page_heading_field = "identity"

    identity = forms.ChoiceField(
        label=_("Чи вкажете ви своє ім’я?"),
        choices=[
            (NAMED, _("Так, вкажу ім’я та як зі мною зв’язатися")),
            (ANONYMOUS, _("Ні, хочу анонімно")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть, чи вкажете ви своє ім’я."),
            "invalid_choice": INVALID_CHOICE,
        },
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def options(self) -> list[RadioOption]:
        if self.kind in FEEDBACK_KINDS:
            hints = {
                NAMED: _("Так ми зможемо вам відповісти."),
                ANONYMOUS: _("Ваш відгук прочитають, але відповісти вам не зможуть."),
            }
        else:
            hints = {
                NAMED: _("Закон вимагає ім’я, адресу та контакт, щоб розглянути звернення."),
                ANONYMOUS: _(
                    "Анонімне звернення за законом не розглядають. Ми запропонуємо залишити "
                    "анонімний відгук — його прочитають і врахують."
                ),
            }
        return radio_options(self["identity"], hints)
