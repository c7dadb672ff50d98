"""Forms of scanning: the upload of a batch (surveys' batch fields and the files) and the review
answer typed from the keyboard."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import MultipleFileField, MultipleFileInput
from vidhuk.surveys.forms.staff_paper import BatchStartForm

# The keys a reviewer types: Enter alone accepts what is proposed.
BOX_KEYS = {"1": "marked", "0": "empty", "9": "filled"}


class ScanUploadForm(BatchStartForm):
    scans = MultipleFileField(
        label=_("Скани або фотографії анкет"),
        help_text=_(
            "PDF або TIFF зі сканера (150–600 dpi, кілька сторінок в одному файлі) або фотографії "
            "JPEG чи PNG — одна сторінка на фото, вся сторінка з чорними квадратами в кутах."
        ),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.tif,.tiff,.jpg,.jpeg,.png"}),
    )


class BoxReviewForm(forms.Form):
    answer = forms.CharField(
        label=_("Що в квадратику?"),
        required=False,
        max_length=2,
        help_text=_(
            "Enter — погодитися із запропонованим; 1 — позначено, 0 — порожньо, "
            "9 — зафарбовано (скасовано)."
        ),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "numeric",
                "class": "govuk-input--width-2",
            }
        ),
    )

    def __init__(self, *args: Any, proposed: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposed = proposed

    def clean_answer(self) -> str:
        typed = self.cleaned_data.get("answer", "").strip()
        if not typed:
            return self.proposed
        if typed not in BOX_KEYS:
            raise forms.ValidationError(
                _("Введіть 1, 0 або 9 — або залиште порожнім і натисніть Enter.")
            )
        return BOX_KEYS[typed]


class QuestionReviewForm(forms.Form):
    answer = forms.CharField(
        label=_("Яку відповідь вибрано?"),
        required=True,
        max_length=3,
        help_text=_(
            "Номер варіанта, як надруковано в анкеті; 0 — жодного (відповідь незрозуміла)."
        ),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "numeric",
                "class": "govuk-input--width-3",
            }
        ),
        error_messages={"required": _("Введіть номер варіанта або 0.")},
    )

    def __init__(
        self, *args: Any, options: dict[str, str], allow_blank: bool = False, **kwargs: Any
    ) -> None:
        """``allow_blank``: a required question left empty — Enter alone confirms it was left
        empty; a number is the option marked too faintly to read."""
        super().__init__(*args, **kwargs)
        self.options = options  # printed number → stored value
        self.allow_blank = allow_blank
        if allow_blank:
            answer = self.fields["answer"]
            answer.required = False
            answer.label = _("Чи позначено якусь відповідь?")
            answer.help_text = _(
                "Enter — відповіді немає, питання пропущено; або номер варіанта, як надруковано "
                "в анкеті, якщо позначку видно на зображенні."
            )

    def clean_answer(self) -> str:
        typed = self.cleaned_data["answer"].strip()
        if self.allow_blank and not typed:
            return ""
        if typed == "0" and "0" not in self.options:
            return ""
        if typed not in self.options:
            raise forms.ValidationError(
                _("Введіть номер одного з варіантів: %(numbers)s, або 0.")
                % {"numbers": ", ".join(self.options)}
            )
        return self.options[typed]


class TextReviewForm(forms.Form):
    text = forms.CharField(
        label=_("Що написано?"),
        required=False,
        max_length=4000,
        help_text=_("Передрукуйте текст з анкети. Якщо нічого не написано, залиште порожнім."),
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        error_messages={"max_length": _("Не більше 4000 символів.")},
    )
