from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Centre, Office

from .models import Category, LifeSituation, Service


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Пошук послуги"),
        required=False,
        max_length=200,
        help_text=_("Наприклад: паспорт, субсидія, реєстрація місця проживання"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = ModelChoiceField(
        label=_("Категорія"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Усі категорії"),
        error_messages={
            "invalid_choice": _("Такої категорії немає. Виберіть категорію зі списку.")
        },
    )
    situation = ModelChoiceField(
        label=_("Життєва ситуація"),
        queryset=LifeSituation.objects.none(),
        required=False,
        empty_label=_("Усі життєві ситуації"),
        error_messages={
            "invalid_choice": _("Такої життєвої ситуації немає. Виберіть її зі списку.")
        },
    )

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "category").queryset = Category.objects.filter(centre=centre)
        _model_choice(self, "situation").queryset = LifeSituation.objects.filter(centre=centre)


class StaffServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Пошук за назвою або кодом"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Стан"),
        required=False,
        choices=[("", _("Усі")), ("published", _("Опубліковані")), ("draft", _("Чернетки"))],
    )


class ServiceForm(forms.ModelForm):
    """The information card as staff edit it. Lists are one item per line."""

    class Meta:
        model = Service
        fields = [
            "code", "name", "category", "life_situations", "keywords",
            "provider_name", "provider_address", "provider_hours", "provider_phone",
            "provider_email", "provider_website",
            "legal_basis", "documents", "requirements",
            "is_free", "fee_amount", "fee_details", "fee_legal_basis",
            "max_term_days", "term_text", "result", "delivery_methods",
            "refusal_grounds", "appeal_procedure", "offices", "online_url", "is_published",
        ]  # fmt: skip
        widgets = {
            "life_situations": forms.CheckboxSelectMultiple,
            "offices": forms.CheckboxSelectMultiple,
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.Textarea(attrs={"rows": 6}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "fee_details": forms.Textarea(attrs={"rows": 3}),
            "fee_legal_basis": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "delivery_methods": forms.Textarea(attrs={"rows": 3}),
            "refusal_grounds": forms.Textarea(attrs={"rows": 4}),
            "appeal_procedure": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.instance.centre = centre
        _model_choice(self, "category").queryset = Category.objects.filter(centre=centre)
        _model_choice(self, "life_situations").queryset = LifeSituation.objects.filter(
            centre=centre
        )
        _model_choice(self, "offices").queryset = Office.objects.filter(centre=centre)
        self.fields["fee_amount"].localize = True
        self.fields["fee_amount"].widget.is_localized = True

    def clean(self):
        cleaned = super().clean()
        is_free, amount = cleaned.get("is_free"), cleaned.get("fee_amount")
        if is_free and amount is not None:
            self.add_error("fee_amount", _("Безоплатна послуга не може мати розміру плати."))
        if is_free is False and amount is None and "fee_amount" not in self.errors:
            self.add_error("fee_amount", _("Вкажіть розмір плати за платну послугу."))
        return cleaned

    def _post_clean(self):
        # Model validation runs in the service layer, with the slug it computes.
        pass


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Назва нової категорії"), max_length=200)
