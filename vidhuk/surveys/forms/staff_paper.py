"""Forms of paper and visit codes: printing codes and questionnaires, entering paper forms.

Shapes and messages only. The entry form mirrors the printed paper (``paper.paper_layout``):
staff type the number printed beside the ticked box, a 1–5 or 0–10 mark as it is, several
numbers for a multiple choice («1 3 4»), free text as written. Whether the answers make a valid
response is the service's word (``answers_validate``), put back at the question it is about.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..choices import VersionStatus
from ..models import QuestionnaireVersion
from ..paper import LAYOUT_RECEIPT, LAYOUT_SHEET, SIZE_LARGE, SIZE_STANDARD, PaperQuestion
from ..services.responses import (
    MAX_TEXT_LENGTH,
    VISIT_TOKEN_VALID_DAYS,
    answers_validate,
)

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
# Codes for a day further ahead than this are a typo in the date.
LATEST_VISIT_DAYS = 60
FIELD_PREFIX = "q_"
ROW_SEPARATOR = "__"
_NUMBER_SEPARATORS = re.compile(r"[\s,;]+")


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={
            "invalid": _("Вкажіть дату, наприклад 02.03.2026."),
            "required": _("Вкажіть дату."),
        },
        **kwargs,
    )


def _limit(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only the member's centre's records (the lists the selectors give)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


# One print is one PDF made while the member waits: 500 slips take a few seconds, 2,000 close
# to a minute (WeasyPrint lays out each slip and its QR code), past a web worker's timeout.
PRINT_LIMIT = 500


class VersionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        version: QuestionnaireVersion = obj
        label = _("%(title)s — версія %(number)s") % {
            "title": version.questionnaire.title_uk,
            "number": version.number,
        }
        if version.is_draft:
            label = _("%(label)s (чернетка)") % {"label": label}
        elif version.status == VersionStatus.RETIRED:
            label = _(
                "%(label)s — знята з використання, для паперових анкет, заповнених раніше"
            ) % {"label": label}
        return str(label)


# --- visit codes ---------------------------------------------------------------------------------


class VisitCodesForm(forms.Form):
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=_("Виберіть офіс"),
        error_messages={
            "required": _("Виберіть офіс."),
            "invalid_choice": _("Виберіть офіс зі списку."),
        },
    )
    service = ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Будь-яка послуга"),
        help_text=_("Якщо коди друкуються для однієї послуги, результати покажуть її окремо."),
        error_messages={"invalid_choice": _("Виберіть послугу зі списку.")},
    )
    valid_on = _date_field(_("День візиту"))
    count = forms.IntegerField(
        label=_("Скільки кодів"),
        min_value=1,
        max_value=PRINT_LIMIT,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    layout = forms.ChoiceField(
        label=_("Як друкувати"),
        choices=[
            (LAYOUT_SHEET, _("Аркуш A4: 14 талонів, які треба розрізати")),
            (LAYOUT_RECEIPT, _("Стрічка чекового принтера 80 мм: один талон на відрізок")),
        ],
        initial=LAYOUT_SHEET,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть, як друкувати."),
            "invalid_choice": _("Виберіть один із запропонованих способів."),
        },
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        default_office: Office | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "office", offices)
        _limit(self, "service", services)
        # Messages with numbers are made here, in the language of the request.
        self.fields["valid_on"].help_text = ngettext(
            "Відповісти за кодом можна в цей день і протягом %(days)s дня після нього.",
            "Відповісти за кодом можна в цей день і протягом %(days)s днів після нього.",
            VISIT_TOKEN_VALID_DAYS,
        ) % {"days": VISIT_TOKEN_VALID_DAYS}
        limits = {"limit": PRINT_LIMIT}
        count_field = self.fields["count"]
        count_field.help_text = (
            gettext(
                "Від 1 до %(limit)s за один раз. Файл на кілька сотень кодів готується "
                "кілька секунд; не натискайте кнопку вдруге."
            )
            % limits
        )
        out_of_range = gettext("Кількість кодів має бути від 1 до %(limit)s.") % limits
        count_field.error_messages.update(
            {
                "required": gettext("Вкажіть, скільки кодів надрукувати."),
                "invalid": gettext("Вкажіть кількість цілим числом, наприклад 50."),
                "min_value": out_of_range,
                "max_value": out_of_range,
            }
        )
        self.initial.setdefault("office", default_office.pk if default_office else None)
        self.initial.setdefault("valid_on", timezone.localdate())
        self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_valid_on(self) -> dt.date:
        valid_on: dt.date = self.cleaned_data["valid_on"]
        today = timezone.localdate()
        if valid_on < today:
            raise ValidationError(_("День візиту не може бути в минулому."))
        if valid_on > today + dt.timedelta(days=LATEST_VISIT_DAYS):
            raise ValidationError(
                _("Друкуйте коди не більше ніж на %(days)s днів наперед.")
                % {"days": LATEST_VISIT_DAYS}
            )
        return valid_on


# --- the paper questionnaire ---------------------------------------------------------------------


class PaperPrintForm(forms.Form):
    version = VersionChoiceField(
        label=_("Анкета й версія"),
        queryset=QuestionnaireVersion.objects.none(),
        empty_label=_("Виберіть анкету"),
        help_text=_("Чернетку буде позначено словом «ЧЕРНЕТКА» на кожній сторінці."),
        error_messages={
            "required": _("Виберіть анкету."),
            "invalid_choice": _("Виберіть анкету зі списку."),
        },
    )
    size = forms.ChoiceField(
        label=_("Шрифт"),
        choices=[
            (SIZE_STANDARD, _("Звичайний")),
            (SIZE_LARGE, _("Великий — для людей зі зниженим зором")),
        ],
        initial=SIZE_STANDARD,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть розмір шрифту."),
            "invalid_choice": _("Виберіть один із запропонованих розмірів."),
        },
    )
    language = forms.ChoiceField(
        label=_("Мова"),
        choices=[("uk", _("Українська")), ("en", _("Англійська"))],
        initial="uk",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть мову."),
            "invalid_choice": _("Виберіть одну із запропонованих мов."),
        },
    )
    copies = forms.IntegerField(
        label=_("Скільки примірників"),
        help_text=_("Кожен примірник отримає свій номер аркуша. Друкуйте з PDF, не ксерокопіюйте."),
        min_value=1,
        max_value=300,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": _("Вкажіть, скільки примірників надрукувати."),
            "invalid": _("Вкажіть число примірників цифрами."),
            "min_value": _("Від 1 до 300 примірників за раз."),
            "max_value": _("Від 1 до 300 примірників за раз."),
        },
    )

    def __init__(self, *args: Any, versions: QuerySet[QuestionnaireVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "version", versions)


# --- batches -------------------------------------------------------------------------------------


class BatchStartForm(forms.Form):
    version = VersionChoiceField(
        label=_("Анкета"),
        queryset=QuestionnaireVersion.objects.none(),
        empty_label=_("Виберіть анкету"),
        help_text=_(
            "Номер версії надруковано вгорі кожної сторінки анкети. Анкети старої версії "
            "вносьте в пакет тієї версії: відповіді зберігаються за версією, яку заповнено."
        ),
        error_messages={
            "required": _("Виберіть анкету."),
            "invalid_choice": _("Виберіть анкету зі списку."),
        },
    )
    received_on = _date_field(
        _("Дата надходження"),
        help_text=_("Цю дату буде записано як дату заповнення кожної анкети пакета."),
    )
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Не вказано"),
        help_text=_("Звідки анкети: скринька в офісі, пошта на його адресу."),
        error_messages={"invalid_choice": _("Виберіть офіс зі списку.")},
    )
    label = forms.CharField(
        label=_("Опис пакета"),
        max_length=255,
        required=False,
        help_text=_("Наприклад: «Скринька, виїмка 12.03» або «Пошта за день»."),
        error_messages={"max_length": _("Опис задовгий: не більше 255 символів.")},
    )

    def __init__(
        self,
        *args: Any,
        versions: QuerySet[QuestionnaireVersion],
        offices: QuerySet[Office],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "version", versions)
        _limit(self, "office", offices)
        self.initial.setdefault("received_on", timezone.localdate())
        # The published version is the usual one; a retired version is chosen on purpose.
        published = [v.pk for v in versions if v.status == VersionStatus.PUBLISHED]
        if len(published) == 1:
            self.initial.setdefault("version", published[0])


def field_name(question: PaperQuestion, row: str = "") -> str:
    base = f"{FIELD_PREFIX}{question.code}"
    return f"{base}{ROW_SEPARATOR}{row}" if row else base


def options_hint(question: PaperQuestion) -> str:
    """The printed options in one line: «1 Так · 2 Ні»."""
    return " · ".join(f"{option.number} {option.label}" for option in question.options)


class PaperEntryForm(forms.Form):
    """One paper form, question by question as printed; Enter sends it."""

    use_required_attribute = False

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        version: QuestionnaireVersion,
        questions: list[PaperQuestion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.questions = questions
        self._by_code = {question.code: question for question in questions}
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()
        for question in questions:
            self._add_fields(question)
        first = next((name for name in self.fields if name.startswith(FIELD_PREFIX)), None)
        if first is not None and not self.is_bound:
            self.fields[first].widget.attrs["autofocus"] = True

    def _add_fields(self, question: PaperQuestion) -> None:
        if question.is_matrix:
            hint = options_hint(question)
            for row in question.rows:
                self.fields[field_name(question, row.value)] = _number_input(
                    row.label, hint, "govuk-input--width-2"
                )
            return
        label = f"{question.number}. {question.text}"
        if question.is_text:
            self.fields[field_name(question)] = forms.CharField(
                label=label,
                required=False,
                strip=True,
                max_length=MAX_TEXT_LENGTH,
                help_text=_("Перепишіть відповідь як є, без імен і телефонів."),
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
                error_messages={
                    "max_length": _("Відповідь задовга: не більше %(limit)s символів.")
                    % {"limit": MAX_TEXT_LENGTH}
                },
            )
        elif question.is_multiple:
            self.fields[field_name(question)] = _number_input(
                label,
                _("Кілька номерів через пробіл, наприклад «1 3». %(options)s")
                % {"options": options_hint(question)},
                "govuk-input--width-5",
            )
        elif question.is_number:
            low, high = question.options[0].number, question.options[-1].number
            self.fields[field_name(question)] = _number_input(
                label,
                _("Число від %(low)s до %(high)s.") % {"low": low, "high": high},
                "govuk-input--width-2",
            )
        else:
            self.fields[field_name(question)] = _number_input(
                label, options_hint(question), "govuk-input--width-2"
            )

    # --- what the page shows ---------------------------------------------------------------------

    def blocks(self) -> list[dict[str, Any]]:
        """Each question with its bound fields (a matrix has one per row), in paper order."""
        return [
            {
                "question": question,
                "fields": [self[field_name(question, row.value)] for row in question.rows]
                if question.is_matrix
                else [self[field_name(question)]],
            }
            for question in self.questions
        ]

    # --- what the service receives -----------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        super().clean()
        answers: dict[str, Any] = {}
        for question in self.questions:
            try:
                answers[question.code] = self._answer(question)
            except ValidationError as error:
                self.add_error(self._target(question), error)
        self.answers = answers
        if not self.errors:
            try:
                answers_validate(version=self.version, answers=answers, enforce_required=False)
            except ValidationError as error:
                self.add_service_error(error)
        return self.cleaned_data

    def _answer(self, question: PaperQuestion) -> Any:
        data = self.cleaned_data
        if question.is_matrix:
            given = {}
            for row in question.rows:
                name = field_name(question, row.value)
                try:
                    value = _one_option(question, data.get(name, ""))
                except ValidationError as error:
                    self.add_error(name, error)
                    continue
                if value is not None:
                    given[row.value] = value
            return given
        raw = data.get(field_name(question), "")
        if question.is_text:
            return raw or None
        if question.is_multiple:
            return _several_options(question, raw)
        return _one_option(question, raw)

    def _target(self, question: PaperQuestion) -> str | None:
        if question.is_matrix:
            return field_name(question, question.rows[0].value) if question.rows else None
        return field_name(question)

    def add_service_error(self, error: ValidationError) -> None:
        """Put each refused answer at its question; anything else above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for code, errors in error.error_dict.items():
            question = self._by_code.get(code)
            target = self._target(question) if question else None
            if target is not None and target in self.errors:
                continue  # the form already says what is wrong there
            self.add_error(target, errors)


def _number_input(label: str, hint: str, width: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        max_length=60,
        help_text=hint,
        widget=forms.TextInput(
            attrs={"class": width, "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"max_length": _("Введіть лише номери, як надруковано в анкеті.")},
    )


def _one_option(question: PaperQuestion, raw: str) -> str | None:
    if not raw:
        return None
    number = int(raw) if raw.isascii() and raw.isdigit() else None
    value = question.value_of(number) if number is not None else None
    if value is None:
        raise ValidationError(_range_message(question))
    return value


def _several_options(question: PaperQuestion, raw: str) -> list[str] | None:
    parts = [part for part in _NUMBER_SEPARATORS.split(raw) if part]
    if not parts:
        return None
    values = []
    for part in parts:
        number = int(part) if part.isascii() and part.isdigit() else None
        value = question.value_of(number) if number is not None else None
        if value is None:
            raise ValidationError(
                _("Введіть номери варіантів від %(low)s до %(high)s через пробіл, наприклад «1 3».")
                % _bounds(question)
            )
        if value in values:
            raise ValidationError(
                _("Номер %(number)s введено двічі: кожен варіант — один раз.") % {"number": part}
            )
        values.append(value)
    return values


def _bounds(question: PaperQuestion) -> dict[str, int]:
    return {"low": question.options[0].number, "high": question.options[-1].number}


def _range_message(question: PaperQuestion) -> str:
    if question.is_number:
        return str(_("Введіть число від %(low)s до %(high)s.") % _bounds(question))
    return str(
        _("Введіть номер варіанта від %(low)s до %(high)s, як надруковано в анкеті.")
        % _bounds(question)
    )
