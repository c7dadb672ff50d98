"""The gender audit's form: one score, evidence and recommendation per checklist item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import ServiceErrorsMixin

from .gender_audit import TEXT_MAX_LENGTH, checklist, checklist_items
from .models import GenderAudit


class AuditStartForm(forms.Form):
    year = forms.IntegerField(
        label=_("Рік аудиту"),
        min_value=2020,
        max_value=2100,
        error_messages={
            "required": _("Вкажіть рік."),
            "invalid": _("Рік — це чотири цифри, наприклад 2026."),
            "min_value": _("Рік — не раніше 2020."),
            "max_value": _("Рік — не пізніше 2100."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )


class AuditAnswersForm(ServiceErrorsMixin, forms.Form):
    summary = forms.CharField(
        label=_("Загальний висновок аудиту"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Текст задовгий: до 5 000 знаків.")},
    )

    def __init__(self, *args: Any, language: str = "uk", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [
            (str(step["score"]), f"{step['score']} — {step[language]}")
            for step in checklist()["scale"]
        ]
        long_text = {"max_length": _("Текст задовгий: до 5 000 знаків.")}
        for code in checklist_items():
            self.fields[f"{code}-score"] = forms.TypedChoiceField(
                label=_("Оцінка"),
                choices=[("", _("Ще не оцінено")), *scale],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("Виберіть оцінку зі шкали.")},
            )
            self.fields[f"{code}-evidence"] = forms.CharField(
                label=_("Підтвердження"),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages=long_text,
            )
            self.fields[f"{code}-recommendation"] = forms.CharField(
                label=_("Рекомендація"),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages=long_text,
            )

    @staticmethod
    def initial_from(audit: GenderAudit) -> dict[str, Any]:
        initial: dict[str, Any] = {"summary": audit.summary}
        for answer in audit.answers.all():
            initial[f"{answer.item_code}-score"] = "" if answer.score is None else str(answer.score)
            initial[f"{answer.item_code}-evidence"] = answer.evidence
            initial[f"{answer.item_code}-recommendation"] = answer.recommendation
        return initial

    def answers(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            code: {
                "score": data.get(f"{code}-score"),
                "evidence": data.get(f"{code}-evidence", ""),
                "recommendation": data.get(f"{code}-recommendation", ""),
            }
            for code in checklist_items()
        }

    def sections(self, language: str = "uk") -> list[dict[str, Any]]:
        """The checklist's sections with each item's three fields, for the template."""
        return [
            {
                "title": section["title"][language],
                "items": [
                    {
                        "code": item["code"],
                        "text": item["text"][language],
                        "guidance": item["guidance"][language],
                        "score": self[f"{item['code']}-score"],
                        "evidence": self[f"{item['code']}-evidence"],
                        "recommendation": self[f"{item['code']}-recommendation"],
                    }
                    for item in section["items"]
                ],
            }
            for section in checklist()["sections"]
        ]
