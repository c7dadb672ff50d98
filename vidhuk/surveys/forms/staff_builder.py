"""Forms of the questionnaire builder: input shape and Ukrainian messages only.

Whether a version can be published (options present, skip logic pointing backwards, …) is the
service's rule (`version_validate`); these forms check what can be told at once, at the field,
so that a mistake is shown where it was typed — for options and matrix rows, at the line.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import QuestionnaireKind, QuestionType
from ..models import Question, Questionnaire, QuestionnaireVersion, Section
from ..services.version_checks import (
    OPTION_TYPES,
    SKIP_SOURCE_TYPES,
    VALUE_MAX_LENGTH,
    skip_source_values,
)

REQUIRED = {"required": _("Заповніть це поле.")}
VALUE_PATTERN = re.compile(r"^[a-z0-9_-]+$")
SATISFIED_MARKS = frozenset({"*", "+"})
MAX_LINES = 100
CODE_HELP = _(
    "Латиницею, цифрами, «_» чи «-», наприклад «speed». За кодом питання знаходять у "
    "результатах і експорті. Порожньо — буде присвоєно автоматично."
)


def _text(label: Any, *, required: bool = True, max_length: int = 255, **kwargs: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            **REQUIRED,
            "max_length": _("Не більше %(limit_value)d символів."),
        },
        **kwargs,
    )


def _long_text(label: Any, *, required: bool = False, rows: int = 3, **kwargs: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={**REQUIRED, "max_length": _("Не більше %(limit_value)d символів.")},
        **kwargs,
    )


class _KeyedForm(forms.Form):
    """A random key the form carries, so the same form submitted twice makes one record."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def key(self) -> str:
        value = self.cleaned_data.get("submission_key")
        return str(value) if value else ""


# --- questionnaire ---------------------------------------------------------------------------


class QuestionnaireForm(_KeyedForm):
    kind = forms.ChoiceField(
        label=_("Вид анкети"),
        choices=QuestionnaireKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Оберіть вид анкети."),
            "invalid_choice": _("Оберіть вид анкети."),
        },
    )
    title_uk = _text(_("Назва українською"))
    title_en = _text(
        _("Назва англійською"),
        required=False,
        help_text=_("Для відвідувачів, які обрали англійську. Порожньо — українська назва."),
    )
    slug = forms.SlugField(
        label=_("Ідентифікатор в адресі"),
        max_length=60,
        help_text=_(
            "Латиницею, цифрами й дефісами, наприклад «visitor-survey»: з нього складається "
            "адреса анкети для відвідувачів."
        ),
        error_messages={
            **REQUIRED,
            "invalid": _("Лише малі латинські літери, цифри, дефіс і підкреслення."),
            "max_length": _("Не більше %(limit_value)d символів."),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    privacy_note_uk = _long_text(
        _("Примітка про анонімність українською"),
        rows=5,
        help_text=_(
            "Що зберігається і що ні; показується над анкетою. Порожньо — типовий текст: "
            "зберігаються лише відповіді й дата без часу, без IP-адреси, облікового запису "
            "чи файлів cookie; питання про вас — необов’язкові."
        ),
    )
    privacy_note_en = _long_text(_("Примітка про анонімність англійською"), rows=5)
    results_public = forms.BooleanField(
        label=_("Оприлюднювати результати на порталі"),
        required=False,
        help_text=_("Лише зведені дані без груп менше 5 осіб і лише схвалені коментарі."),
    )

    def __init__(self, *args: Any, kind_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind_locked:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "Вид не змінюється: анкету вже публікували і збирали відповіді."
            )

    @staticmethod
    def initial_of(questionnaire: Questionnaire) -> dict[str, Any]:
        return {
            name: getattr(questionnaire, name)
            for name in (
                "kind",
                "title_uk",
                "title_en",
                "slug",
                "privacy_note_uk",
                "privacy_note_en",
                "results_public",
            )
        }

    def settings(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("submission_key", None)
        return data


# --- section ---------------------------------------------------------------------------------


class SectionForm(_KeyedForm):
    title_uk = _text(_("Назва розділу українською"))
    title_en = _text(_("Назва розділу англійською"), required=False)


class MoveForm(forms.Form):
    """Where an up/down button sends a section or question: the place it should end up in,
    so pressing it twice by accident moves it once."""

    position = forms.IntegerField(min_value=0, max_value=10_000)
    section = forms.IntegerField(min_value=1, required=False)


# --- options and rows as lines ---------------------------------------------------------------


def format_lines(items: list[dict[str, Any]], *, with_satisfied: bool) -> str:
    """Options or rows as the textarea shows them: ``value | label uk | label en [| *]``."""
    lines = []
    for item in items:
        parts = [str(item.get(name, "")) for name in ("value", "label_uk", "label_en")]
        if with_satisfied and item.get("is_satisfied"):
            parts.append("*")
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_lines(text: str, *, with_satisfied: bool) -> list[dict[str, Any]]:
    """Options or rows from the textarea; every wrong line is named by its number."""
    items: list[dict[str, Any]] = []
    errors: list[ValidationError] = []
    seen: dict[str, int] = {}
    numbered = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    numbered = [(n, line) for n, line in numbered if line]
    if len(numbered) > MAX_LINES:
        raise ValidationError(
            _("Не більше %(limit)s рядків.") % {"limit": MAX_LINES}, code="too_many"
        )
    for number, line in numbered:
        try:
            item = _parse_line(line, with_satisfied=with_satisfied)
        except ValidationError as error:
            errors.append(_at_line(number, line, error.messages[0]))
            continue
        if item["value"] in seen:
            errors.append(
                _at_line(
                    number,
                    line,
                    gettext("значення «%(value)s» уже є в рядку %(first)s")
                    % {"value": item["value"], "first": seen[item["value"]]},
                )
            )
            continue
        seen[item["value"]] = number
        items.append(item)
    if errors:
        raise ValidationError(errors)
    return items


def _at_line(number: int, line: str, message: str) -> ValidationError:
    return ValidationError(
        gettext("Рядок %(number)s («%(line)s»): %(message)s.")
        % {"number": number, "line": line[:60], "message": message},
        code="line",
    )


def _parse_line(line: str, *, with_satisfied: bool) -> dict[str, Any]:
    parts = [part.strip() for part in line.split("|")]
    limit = 4 if with_satisfied else 3
    if len(parts) < 2:
        raise ValidationError(gettext("потрібні щонайменше значення і підпис через «|»"))
    if len(parts) > limit:
        raise ValidationError(
            gettext("забагато частин: значення | підпис українською | підпис англійською")
            + (gettext(" | * (задоволений)") if with_satisfied else "")
        )
    value, label_uk = parts[0], parts[1]
    label_en = parts[2] if len(parts) > 2 else ""
    mark = parts[3] if len(parts) > 3 else ""
    if not value:
        raise ValidationError(gettext("не вказано значення перед першою «|»"))
    if not VALUE_PATTERN.match(value) or len(value) > VALUE_MAX_LENGTH:
        raise ValidationError(
            gettext(
                "значення «%(value)s» — лише малі латинські літери, цифри, «_» і «-», "
                "до %(limit)s символів"
            )
            % {"value": value, "limit": VALUE_MAX_LENGTH}
        )
    if not label_uk:
        raise ValidationError(gettext("не вказано підпис українською"))
    if mark and mark not in SATISFIED_MARKS:
        raise ValidationError(
            gettext("у четвертій частині може стояти лише «*» — «відповідь задоволеного»")
        )
    item: dict[str, Any] = {"value": value, "label_uk": label_uk, "label_en": label_en}
    if mark:
        item["is_satisfied"] = True
    return item


# --- question --------------------------------------------------------------------------------


class QuestionForm(_KeyedForm):
    section = forms.TypedChoiceField(
        label=_("Розділ"),
        coerce=int,
        error_messages={"required": _("Оберіть розділ."), "invalid_choice": _("Оберіть розділ.")},
    )
    type = forms.ChoiceField(
        label=_("Тип питання"),
        choices=QuestionType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Оберіть тип питання."),
            "invalid_choice": _("Оберіть тип питання."),
        },
    )
    code = forms.SlugField(
        label=_("Код питання"),
        max_length=60,
        required=False,
        help_text=CODE_HELP,
        error_messages={
            "invalid": _("Лише латинські літери, цифри, «_» і «-»."),
            "max_length": _("Не більше %(limit_value)d символів."),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    text_uk = _long_text(_("Питання українською"), required=True, rows=2)
    text_en = _long_text(_("Питання англійською"), rows=2)
    help_uk = _long_text(_("Підказка українською"), rows=2)
    help_en = _long_text(_("Підказка англійською"), rows=2)
    is_required = forms.BooleanField(label=_("Обов’язкове питання"), required=False)
    options = forms.CharField(
        label=_("Варіанти відповіді"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "Для питань з вибором і для матриці (це її шкала). Один варіант у рядку: "
            "«значення | підпис українською | підпис англійською», а «| *» в кінці — "
            "відповідь задоволеного відвідувача (для частки задоволених). Наприклад: "
            "«good | Добре | Good | *»."
        ),
        error_messages={"max_length": _("Не більше %(limit_value)d символів.")},
    )
    rows = forms.CharField(
        label=_("Рядки матриці"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Лише для матриці. Один рядок таблиці в рядку: «значення | підпис українською | "
            "підпис англійською», наприклад «hall | Зала очікування | Waiting area»."
        ),
        error_messages={"max_length": _("Не більше %(limit_value)d символів.")},
    )
    show_if_question = forms.ChoiceField(
        label=_("Показувати, лише якщо на питання…"),
        required=False,
        help_text=_(
            "Умова показу: питання з’явиться, тільки коли на попереднє питання дано одну з "
            "вказаних відповідей. Без умови питання показується завжди."
        ),
    )
    show_if_values = forms.CharField(
        label=_("…відповіли (значення через кому)"),
        required=False,
        max_length=500,
        help_text=_("Наприклад «1, 2» для оцінки, «no» для «так / ні», або значення варіантів."),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def __init__(
        self,
        *args: Any,
        version: QuestionnaireVersion,
        sections: list[Section],
        questions: list[Question],
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.question = question
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            (s.pk, s.title_uk) for s in sections
        ]
        # Sources: the questions before this one (all of them for a new question at the end).
        earlier = questions
        if question is not None:
            index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
            earlier = questions[:index] if index is not None else questions
        self.sources = {q.code: q for q in earlier if q.type in SKIP_SOURCE_TYPES}
        self.other_codes = {q.code for q in questions if question is None or q.pk != question.pk}
        skip_choices: list[tuple[str, Any]] = [("", _("— без умови —"))]
        skip_choices += [(code, f"{code} — {q.text_uk[:70]}") for code, q in self.sources.items()]
        cast(forms.ChoiceField, self.fields["show_if_question"]).choices = skip_choices

    @staticmethod
    def initial_of(question: Question) -> dict[str, Any]:
        show_if = question.show_if or {}
        return {
            "section": question.section_id,
            "type": question.type,
            "code": question.code,
            "text_uk": question.text_uk,
            "text_en": question.text_en,
            "help_uk": question.help_uk,
            "help_en": question.help_en,
            "is_required": question.is_required,
            "options": format_lines(question.options, with_satisfied=True),
            "rows": format_lines(question.rows, with_satisfied=False),
            "show_if_question": show_if.get("question", ""),
            "show_if_values": ", ".join(str(v) for v in show_if.get("equals", [])),
        }

    def source_hints(self) -> list[tuple[str, str, list[str]]]:
        """Each possible source of skip logic with the values it can be given (for the page)."""
        return [
            (code, q.text_uk, sorted(skip_source_values(q), key=_natural))
            for code, q in self.sources.items()
        ]

    def clean_code(self) -> str:
        code: str = self.cleaned_data.get("code", "")
        if code and code in self.other_codes:
            raise ValidationError(_("Питання з таким кодом уже є в цій версії."))
        return code

    def clean_options(self) -> list[dict[str, Any]]:
        return parse_lines(self.cleaned_data.get("options", ""), with_satisfied=True)

    def clean_rows(self) -> list[dict[str, Any]]:
        return parse_lines(self.cleaned_data.get("rows", ""), with_satisfied=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        if kind:
            self._check_options(kind, data)
        self._check_skip_logic(data)
        return data

    def _check_options(self, kind: str, data: dict[str, Any]) -> None:
        options, rows = data.get("options"), data.get("rows")
        if kind in OPTION_TYPES and options == []:
            self.add_error("options", _("Додайте варіанти відповіді, по одному в рядку."))
        if kind not in OPTION_TYPES and options:
            self.add_error(
                "options",
                _("Питання цього типу не має власних варіантів: очистьте поле або змініть тип."),
            )
        if kind == QuestionType.MATRIX and rows == []:
            self.add_error("rows", _("Додайте рядки матриці, по одному в рядку."))
        if kind != QuestionType.MATRIX and rows:
            self.add_error(
                "rows", _("Рядки бувають лише в матриці: очистьте поле або змініть тип.")
            )

    def _check_skip_logic(self, data: dict[str, Any]) -> None:
        source_code = data.get("show_if_question") or ""
        raw = data.get("show_if_values") or ""
        values = [v.strip() for v in raw.split(",") if v.strip()]
        if not source_code:
            if values:
                self.add_error(
                    "show_if_question", _("Оберіть питання, від відповіді на яке залежить показ.")
                )
            data["show_if"] = None
            return
        source = self.sources.get(source_code)
        if source is None:
            self.add_error("show_if_question", _("Оберіть одне з попередніх питань."))
            return
        allowed = skip_source_values(source)
        if not values:
            self.add_error(
                "show_if_values",
                _("Вкажіть, за яких відповідей показувати питання: %(values)s.")
                % {"values": ", ".join(sorted(allowed, key=_natural))},
            )
            return
        wrong = [v for v in values if v not in allowed]
        if wrong:
            self.add_error(
                "show_if_values",
                _("Немає такої відповіді на питання «%(code)s»: %(wrong)s. Можливі: %(values)s.")
                % {
                    "code": source_code,
                    "wrong": ", ".join(wrong),
                    "values": ", ".join(sorted(allowed, key=_natural)),
                },
            )
            return
        data["show_if"] = {"question": source_code, "equals": list(dict.fromkeys(values))}

    def question_data(self) -> dict[str, Any]:
        """The fields the services take."""
        data = self.cleaned_data
        return {
            "code": data["code"],
            "type": data["type"],
            "text_uk": data["text_uk"],
            "text_en": data["text_en"],
            "help_uk": data["help_uk"],
            "help_en": data["help_en"],
            "is_required": data["is_required"],
            "options": data["options"],
            "rows": data["rows"],
            "show_if": data.get("show_if"),
        }


def _natural(value: str) -> tuple[int, int | str]:
    return (0, int(value)) if value.isdecimal() else (1, value)
