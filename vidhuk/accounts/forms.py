"""Input shape and messages of sign-in, second factor, password and staff forms."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .choices import Role


class SignInForm(forms.Form):
    login = forms.CharField(
        label=_("Ім’я користувача або електронна пошта"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Введіть ім’я користувача або електронну пошту.")},
    )
    password = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Введіть пароль.")},
    )


class SecondFactorForm(forms.Form):
    """The 6-digit code from an authenticator app; spaces people type are ignored."""

    token = forms.CharField(
        label=_("Код із застосунку"),
        help_text=_("6 цифр, наприклад 123456. Код змінюється кожні 30 секунд."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": _("Введіть 6-значний код із застосунку.")},
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        RegexValidator(r"^\d{6}$", _("Код складається рівно з 6 цифр."))(token)
        return token


class UnlockByMailForm(forms.Form):
    """Ask for a mailed link that unlocks the sign-in."""

    login = SignInForm.base_fields["login"]


class UnlockByCodeForm(SecondFactorForm):
    """Unlock the sign-in with the code from the authenticator app."""

    login = SignInForm.base_fields["login"]
    field_order = ["login", "token"]


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches invited staff who have not set a password yet.

    Django skips accounts with an unusable password; an invited member has exactly that until
    they follow the invitation, and must be able to ask for a fresh link when it has expired.
    Deactivated accounts (is_active=False) are still skipped.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        users = user_model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        wanted = _casefold(email)
        return (u for u in users if _casefold(getattr(u, email_field, "")) == wanted)


def _casefold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


ROLE_FIELD_LABEL = _("Роль")


class MembershipInviteForm(forms.Form):
    """An e-mail address and a role: the invitee gives their own name when they accept."""

    email = forms.EmailField(
        label=_("Електронна пошта"),
        max_length=254,
        help_text=_(
            "На цю адресу надійде запрошення. Людина стане працівником центру, коли прийме його."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Введіть електронну пошту працівника."),
            "invalid": _("Введіть електронну пошту у форматі name@example.com."),
        },
    )
    role = forms.ChoiceField(
        label=ROLE_FIELD_LABEL,
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Оберіть роль.")},
    )


class InvitationAccountForm(forms.Form):
    """A new person accepting an invitation: their name and a password."""

    last_name = forms.CharField(
        label=_("Прізвище"),
        max_length=150,
        error_messages={"required": _("Введіть прізвище.")},
    )
    first_name = forms.CharField(
        label=_("Ім’я"),
        max_length=150,
        error_messages={"required": _("Введіть ім’я.")},
    )
    patronymic = forms.CharField(label=_("По батькові"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Пароль"),
        strip=False,
        help_text=_("Щонайменше 12 символів; не схожий на ваше ім’я чи адресу."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Придумайте пароль.")},
    )
    password2 = forms.CharField(
        label=_("Пароль ще раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Введіть пароль ще раз.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("Паролі не збігаються. Введіть той самий пароль."))
        return data


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=ROLE_FIELD_LABEL,
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Оберіть роль.")},
    )
