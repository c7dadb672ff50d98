"""Background work of accounts: the password-reset mail.

The reset page only queues this task, with the address as typed, for a known and an unknown
address alike: the request does the same work and takes the same time whether or not the
address belongs to someone (the lookup happens here, in the worker). Django's token logic is
kept: the form builds the link; the mail goes through the one mail ledger (core/mail.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django_tasks import task

from vidhuk.core.mail import mail_enqueue

from .forms import StaffPasswordResetForm

TEMPLATE = "accounts/email/password_reset"


class _QueuedPasswordResetForm(StaffPasswordResetForm):
    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # One mail per link: the token changes whenever the password or last login changes.
        mail_enqueue(
            key=f"password-reset:{context['uid']}:{context['token']}",
            to=to_email,
            template=TEMPLATE,
            context=context,
            about=f"user:{context['user'].pk}",
        )


@task()
def accounts_send_password_reset(email: str, domain: str, use_https: bool, language: str) -> int:
    """Queue a reset link to every active account with this address; returns how many."""
    form = _QueuedPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            extra_email_context={"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600},  # type: ignore[dict-item]
        )
    return sum(1 for _user in form.get_users(form.cleaned_data["email"]))
