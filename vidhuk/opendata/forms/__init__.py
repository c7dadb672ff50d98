"""Open data's forms: the passport's settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import OpenDataSettings


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OpenDataSettings
        fields = ["responsible_person", "responsible_email", "legal_basis"]
        error_messages = {
            "responsible_email": {
                "invalid": _("Вкажіть адресу електронної пошти, як-от name@cnap.gov.ua.")
            },
        }
