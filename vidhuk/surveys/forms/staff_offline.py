"""Forms of offline collection: the upload of an export and the column mapping with the import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..xlsform.mapping import Column, Target
from ..xlsform.reading import MAX_BYTES, MAX_ROWS, too_big_message

MODE_ALL_OR_NONE = "all_or_none"
MODE_SKIP_INVALID = "skip_invalid"
ACTION_REFRESH = "refresh"
ACTION_IMPORT = "import"


class SubmissionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл експорту відповідей (CSV або XLSX)"),
        error_messages={
            "required": _("Виберіть файл експорту відповідей з KoboToolbox або ODK Central."),
            "empty": _("Файл порожній. Завантажте експорт відповідей з рядком заголовків."),
            "invalid": _("Не вдалося отримати файл. Виберіть його ще раз."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Експорт KoboToolbox (CSV з комою чи крапкою з комою або XLSX, назви XML або "
            "підписи) чи ODK Central (CSV). Найбільше %(size)s і %(rows)s рядків."
        ) % {"size": filesizeformat(MAX_BYTES), "rows": MAX_ROWS}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(too_big_message(upload.size), code="too_big")
        return upload


class ColumnMappingForm(forms.Form):
    """One select per answer column of the file, and how to treat rows with errors."""

    upload = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    mode = forms.ChoiceField(
        label=_("Якщо в деяких рядках є помилки"),
        choices=[
            (MODE_ALL_OR_NONE, _("Нічого не імпортувати, доки є хоч один рядок з помилкою")),
            (MODE_SKIP_INVALID, _("Імпортувати правильні рядки, а рядки з помилками пропустити")),
        ],
        initial=MODE_ALL_OR_NONE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Виберіть, що робити з рядками з помилками.")},
    )

    def __init__(
        self,
        *args: Any,
        columns: list[Column],
        targets: list[Target],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        choices: list[tuple[str, str]] = [("", str(_("Не імпортується")))]
        choices += [(target.key, target.label) for target in targets]
        self.target_keys = {target.key for target in targets}
        for column in columns:
            if not column.is_mappable:
                continue
            self.fields[column.field_name] = forms.ChoiceField(
                label=_("Стовпець «%(header)s» імпортувати як") % {"header": column.header},
                choices=choices,
                required=False,
                initial=column.target,
                error_messages={
                    "invalid_choice": _("Виберіть питання анкети зі списку або «Не імпортується».")
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        owner: dict[str, str] = {}
        for column in self.columns:
            if not column.is_mappable:
                continue
            target = cleaned.get(column.field_name) or ""
            if not target:
                continue
            if target in owner:
                self.add_error(
                    column.field_name,
                    _("Це питання вже зіставлено зі стовпцем «%(other)s». Виберіть інше.")
                    % {"other": owner[target]},
                )
            owner[target] = column.header
        if not owner and not self.errors:
            raise forms.ValidationError(
                _("Жоден стовпець не зіставлено з питанням анкети: виберіть хоча б один.")
            )
        return cleaned

    def mapped_columns(self) -> list[Column]:
        """The columns with the targets the staff chose."""
        mapped: list[Column] = []
        for column in self.columns:
            target = column.target
            if column.is_mappable:
                target = self.cleaned_data.get(column.field_name) or ""
            mapped.append(
                Column(index=column.index, header=column.header, role=column.role, target=target)
            )
        return mapped

    def bound_columns(self) -> list[tuple[Column, Any]]:
        return [
            (column, self[column.field_name] if column.is_mappable else None)
            for column in self.columns
        ]
