"""The questionnaire a resident answers, built from one published version.

Shapes and messages only: every answer is checked by the service (`answers_validate`, called
again by `response_submit`), so the page and the paper or import channels refuse the same
things with the same words. The form adds the abuse checks of a public page: a honeypot field
and a signed stamp of when the form was shown. It also carries the id of the version it shows:
answers are matched to questions by code, so a form of a version replaced meanwhile is shown
again as the new version rather than stored under a version the visitor never saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from vidhuk.core.formguard import QUESTIONNAIRE_MESSAGES, GuardedForm
from vidhuk.core.forms import shared_fields
from vidhuk.core.tokens import code_normalise

from ..choices import NO, NUMBER_RANGES, YES, QuestionType
from ..language import in_language
from ..models import Question, QuestionnaireVersion, Section
from ..services import answers_validate
from ..services.questionnaires import demographic_codes
from ..services.responses import MAX_TEXT_LENGTH

FORM_STAMP_SALT = "vidhuk.surveys.public.form-stamp"
FIELD_PREFIX = "q_"
ROW_SEPARATOR = "__"
# A published version read afresh for the public pages carries a new mark under this name
# (surveys.views.public); its question fields are then built once per language and process,
# and shared by every form of it: nothing changes a field once it is built.
KEPT_READ = "kept_read"


class _AnswerMixin:
    """Required only for display (no «необов’язково»): whether an answer is needed depends on
    the skip logic, which the service applies."""

    def validate(self, value: Any) -> None:
        return None


class AnswerChoiceField(_AnswerMixin, forms.ChoiceField):
    pass


class AnswerMultipleChoiceField(_AnswerMixin, forms.MultipleChoiceField):
    pass


class AnswerTextField(_AnswerMixin, forms.CharField):
    pass


def field_name(question: Question, row: str = "") -> str:
    return (
        f"{FIELD_PREFIX}{question.code}{ROW_SEPARATOR}{row}"
        if row
        else (f"{FIELD_PREFIX}{question.code}")
    )


@dataclass
class QuestionBlock:
    """One question on the page: its field, or a fieldset of row fields for a matrix."""

    question: Question
    text: str
    hint: str
    fields: list[BoundField]

    @property
    def is_matrix(self) -> bool:
        return self.question.type == QuestionType.MATRIX


@dataclass
class SectionBlock:
    section: Section
    title: str
    questions: list[QuestionBlock] = field(default_factory=list)


class SurveyForm(GuardedForm):
    use_required_attribute = False

    stamp_salt = FORM_STAMP_SALT
    guard_messages = QUESTIONNAIRE_MESSAGES

    # The version the visitor saw; checked against the version answered (``clean``).
    shown_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        version: QuestionnaireVersion,
        check_timing: bool = True,
        client: str = "",
        **kwargs: Any,
    ) -> None:
        # The staff preview checks the answers only (check_timing=False): never stored.
        super().__init__(*args, client=client, check_timing=check_timing, **kwargs)
        self.version = version
        self.sections: list[Section] = list(version.sections.all())
        self.questions: list[Question] = [
            question for section in self.sections for question in section.questions.all()
        ]
        self._by_code = {question.code: question for question in self.questions}
        about_you = [q for q in self.questions if q.code in demographic_codes()]
        # The default privacy note says the questions about the person are optional only
        # when they are.
        self.about_you_optional = bool(about_you) and not any(q.is_required for q in about_you)
        self.initial["shown_version"] = str(version.pk)
        self.fields.update(self._question_fields())

    # --- shape --------------------------------------------------------------------------------

    def _question_fields(self) -> dict[str, forms.Field]:
        mark = getattr(self.version, KEPT_READ, None)
        if mark is None:  # a draft's preview, or a version not kept: built for this form
            return self._build_fields()
        return shared_fields(("surveys", str(mark), get_language()), self._build_fields)

    def _build_fields(self) -> dict[str, forms.Field]:
        built: dict[str, forms.Field] = {}
        for question in self.questions:
            self._add_fields(question, built)
        return built

    def _add_fields(self, question: Question, into: dict[str, forms.Field]) -> None:
        # The field template prints help text as HTML: what staff typed is escaped here.
        text, hint = in_language(question, "text"), conditional_escape(self.hint_of(question))
        required = question.is_required
        if question.type == QuestionType.MATRIX:
            choices = self._options(question)
            for row in question.rows:
                into[field_name(question, str(row["value"]))] = AnswerChoiceField(
                    label=in_language(row, "label"),
                    choices=choices,
                    required=required,
                    widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
                )
            return
        into[field_name(question)] = self._field_for(question, text, hint, required)

    def _field_for(self, question: Question, text: str, hint: str, required: bool) -> forms.Field:
        kind = question.type
        if kind in NUMBER_RANGES:
            low, high = NUMBER_RANGES[kind]
            # The numbers in one tidy row (two on a phone: 0–5 and 6–10), what the ends mean
            # said in the hint (`_surveys-results.scss`).
            return AnswerChoiceField(
                label=text,
                help_text=_hint_and(hint, scale_anchors(kind)),
                required=required,
                choices=[(str(n), str(n)) for n in range(low, high + 1)],
                widget=forms.RadioSelect(attrs={"class": f"vd-scale vd-scale--{high - low + 1}"}),
            )
        if kind == QuestionType.YES_NO:
            return AnswerChoiceField(
                label=text,
                help_text=hint,
                required=required,
                choices=[(YES, _("Так")), (NO, _("Ні"))],
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            )
        if kind == QuestionType.MULTIPLE_CHOICE:
            return AnswerMultipleChoiceField(
                label=text,
                help_text=hint,
                required=required,
                choices=self._options(question),
                widget=forms.CheckboxSelectMultiple,
            )
        if kind == QuestionType.TEXT:
            limit = _("Не більше %(limit)s символів.") % {"limit": MAX_TEXT_LENGTH}
            return AnswerTextField(
                label=text,
                help_text=_hint_and(hint, str(limit)),
                required=required,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        return AnswerChoiceField(
            label=text,
            help_text=hint,
            required=required,
            choices=self._options(question),
            widget=forms.RadioSelect,
        )

    def _options(self, question: Question) -> list[tuple[str, str]]:
        return [(str(option["value"]), in_language(option, "label")) for option in question.options]

    def hint_of(self, question: Question) -> str:
        """The question's own hint, and without JavaScript every question shows: one asked only
        after a given answer says so («Дайте відповідь, якщо…»)."""
        parts = [in_language(question, "help")]
        condition = question.show_if or {}
        source = self._by_code.get(str(condition.get("question", "")))
        if source is not None:
            labels = dict(self._labels(source))
            wanted = [labels.get(str(v), str(v)) for v in condition.get("equals", [])]
            parts.append(
                str(_("Дайте відповідь, якщо на питання «%(question)s» ви відповіли: %(answers)s."))
                % {
                    "question": in_language(source, "text"),
                    "answers": ", ".join(f"«{label}»" for label in wanted),
                }
            )
        return " ".join(part for part in parts if part)

    def _labels(self, question: Question) -> list[tuple[str, str]]:
        if question.type == QuestionType.YES_NO:
            return [(YES, str(_("Так"))), (NO, str(_("Ні")))]
        return self._options(question)

    def blocks(self) -> list[SectionBlock]:
        """Sections and their questions, in order, for the template."""
        result = []
        for section in self.sections:
            block = SectionBlock(section=section, title=in_language(section, "title"))
            for question in section.questions.all():
                names = (
                    [field_name(question, str(row["value"])) for row in question.rows]
                    if question.type == QuestionType.MATRIX
                    else [field_name(question)]
                )
                block.questions.append(
                    QuestionBlock(
                        question=question,
                        text=in_language(question, "text"),
                        hint=self.hint_of(question),
                        fields=[self[name] for name in names],
                    )
                )
            result.append(block)
        return result

    # --- what the service receives -------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """The answers keyed by question code, in the shapes `response_submit` takes."""
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for question in self.questions:
            if question.type == QuestionType.MATRIX:
                given = {
                    str(row["value"]): data.get(field_name(question, str(row["value"])))
                    for row in question.rows
                }
                answers[question.code] = {row: value for row, value in given.items() if value}
            else:
                answers[question.code] = data.get(field_name(question)) or None
        return answers

    # --- checks --------------------------------------------------------------------------------

    def is_version_changed(self) -> bool:
        """The form was shown for another version than the one it is answered to now (a new
        version was published meanwhile). Not asked of the staff preview, which shows one
        version by its id and stores nothing."""
        shown = self.data.get(self.add_prefix("shown_version")) if self.is_bound else None
        return self.is_bound and self.check_timing and shown != str(self.version.pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.is_version_changed():
            # Only this: the questions on the page are new, the other checks can wait.
            self.add_error(None, _("Анкету щойно оновили. Перевірте відповіді й надішліть ще раз."))
            return self.cleaned_data
        try:
            answers_validate(version=self.version, answers=self.answers(), questions=self.questions)
        except ValidationError as error:
            self.add_service_error(error)
        self.guard_clean()
        return self.cleaned_data

    def add_service_error(self, error: ValidationError) -> None:
        """Put each refused answer at its question (a matrix: at its first row)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for code, errors in error.error_dict.items():
            question = self._by_code.get(code)
            messages = ValidationError(errors).messages
            if question is not None:
                # The error summary lists every message: each names its question.
                messages = [self._named(question, message) for message in messages]
            self.add_error(self._target(code), messages)

    def _named(self, question: Question, message: str) -> str:
        text = in_language(question, "text")
        if message == gettext("Дайте відповідь на це питання."):  # services.responses
            return str(_("Дайте відповідь на питання «%(question)s».") % {"question": text})
        if question.type == QuestionType.TEXT:
            answer = self.data.get(self.add_prefix(field_name(question)), "")
            if isinstance(answer, str) and len(answer) > MAX_TEXT_LENGTH:
                return str(
                    _(
                        "Відповідь на питання «%(question)s» задовга: можна не більше "
                        "%(limit)s символів, а у вас %(length)s. Скоротіть її."
                    )
                    % {
                        "question": text,
                        "limit": MAX_TEXT_LENGTH,
                        "length": len(answer),
                    }
                )
        return str(_("«%(question)s»: %(message)s") % {"question": text, "message": message})

    def _target(self, code: str) -> str | None:
        question = self._by_code.get(code)
        if question is None:
            return None
        if question.type == QuestionType.MATRIX:
            return field_name(question, str(question.rows[0]["value"])) if question.rows else None
        return field_name(question)

    def refresh_stamp(self) -> None:
        """A re-shown form gets a new stamp, so a person who was refused can simply send again;
        and the version it now shows, so that after «Анкету щойно оновили» the next send goes
        through."""
        super().refresh_stamp()
        self.data[self.add_prefix("shown_version")] = str(self.version.pk)  # type: ignore[index]


def _hint_and(hint: str, more: str) -> SafeString:
    """The question's hint (escaped already) followed by a note of ours, escaped here."""
    return format_html_join(" ", "{}", ((part,) for part in (hint, more) if part))


def scale_anchors(kind: str) -> str:
    """What the ends of a scale mean, e.g. «1 — зовсім незадоволений … 5 — повністю
    задоволений»."""
    if kind == QuestionType.RATING:
        return str(_("1 — зовсім незадоволений … 5 — повністю задоволений."))
    return str(_("0 — зовсім ні … 10 — напевно так."))


def issue_form_stamp(*, client: str = "") -> str:
    """A signed note of when the form was shown and to whom (vidhuk.core.antiabuse)."""
    return SurveyForm.issue_stamp(client=client)


class VisitCodeForm(forms.Form):
    """Typing the code printed under the QR code, for those who cannot scan it."""

    code = forms.CharField(
        label=_("Код візиту"),
        help_text=_("Надрукований під QR-кодом на квитанції чи талоні, наприклад ABCD-EFGH-JKLM."),
        max_length=40,
        error_messages={"required": _("Введіть код візиту.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self) -> str:
        # Look-alike letters typed on a Ukrainian keyboard («АВС») read as the Latin ones.
        code = code_normalise(self.cleaned_data["code"])
        if not code or not code.isascii():
            raise forms.ValidationError(
                _("Код складається лише з латинських літер і цифр, наприклад ABCD-EFGH-JKLM.")
            )
        return code
