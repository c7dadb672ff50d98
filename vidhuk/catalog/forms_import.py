"""Forms of the catalog's CSV import: the upload and the confirmation of a previewed file."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import csvio


class ImportUploadForm(forms.Form):
    """One CSV file. Problems of the file as a whole are errors of this field."""

    file = forms.FileField(
        label=_("CSV-файл з послугами"),
        error_messages={
            "required": _("Виберіть CSV-файл для імпорту."),
            "empty": _("Файл порожній. Виберіть CSV-файл із рядком заголовків і послугами."),
            "invalid": _("Не вдалося отримати файл. Виберіть його ще раз."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Кодування UTF-8 або Windows-1251, роздільник — кома або крапка з комою. "
            "Найбільший розмір — %(size)s, до %(rows)s послуг."
        ) % {"size": filesizeformat(csvio.max_bytes()), "rows": csvio.max_rows()}

    def clean_file(self) -> csvio.CsvTable:
        upload = self.cleaned_data["file"]
        try:
            table = csvio.read_upload(upload)
        except csvio.CsvFileError as error:
            raise forms.ValidationError(error.message, code="csv") from None
        self.filename = upload.name or ""
        return table


class ImportConfirmForm(forms.Form):
    """Which preview to apply, and whether to import only its valid rows.

    `preview` names the preview kept in the session; `checksum` is the SHA-256 of the file text
    the member saw, so a preview replaced in another tab is never applied by this one.
    """

    MODE_ALL = "all"
    MODE_VALID_ONLY = "valid_only"

    preview = forms.CharField(widget=forms.HiddenInput, max_length=64)
    checksum = forms.RegexField(widget=forms.HiddenInput, regex=r"^[0-9a-f]{64}$")
    mode = forms.ChoiceField(
        choices=[
            (MODE_ALL, _("Імпортувати всі рядки")),
            (MODE_VALID_ONLY, _("Імпортувати лише правильні рядки")),
        ]
    )

    @property
    def only_valid(self) -> bool:
        return self.cleaned_data["mode"] == self.MODE_VALID_ONLY
