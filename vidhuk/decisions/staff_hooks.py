"""What the staff side of decisions adds to the back office: the menu entry, the key figures on
the home page and the head's daily digest of what is overdue (registered from extensions.py)."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Membership
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.mail import mail_enqueue
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry

from .selectors.staff import decision_count_overdue, finding_count_overdue, overdue_for_digest


def head_digest(run: DailyRun) -> str:
    """Mail each head of the centre the findings past their term and the decisions past their
    due date, once a day (the ledger's key holds the day: a second run sends nothing more), as
    the appeals digest does for overdue cases. Nothing overdue, no mail."""
    centre = run.centre
    if centre is None:
        return "no centre"
    findings, decisions = overdue_for_digest(centre=centre, today=run.today)
    if not findings and not decisions:
        return "nothing overdue"
    heads = Membership.objects.filter(
        centre=centre, role=Role.HEAD, is_active=True, user__is_active=True
    ).select_related("user")
    queued = 0
    for membership in heads:
        user = membership.user
        if not user.email:
            continue
        with translation.override("uk"):
            mail = mail_enqueue(
                key=f"decisions-digest:{centre.pk}:{user.pk}:{run.today.isoformat()}",
                to=user.email,
                template="decisions/email/digest",
                context={
                    "user": user,
                    "centre": centre,
                    "findings": findings,
                    "decisions": decisions,
                    "day": run.today,
                    "base_url": run.base_url,
                },
                centre=centre,
                about=f"decisions-digest:{user.pk}",
            )
        queued += bool(mail.is_new)  # type: ignore[attr-defined]
    return f"{len(findings)} findings, {len(decisions)} decisions overdue; {queued} mails queued"


def register() -> None:
    register_menu_entry(
        MenuEntry(
            key="decisions",
            label=_("Ви сказали — ми зробили"),
            url_name="decisions_staff:findings",
            order=70,
            capabilities=("decisions.read",),
            sections=("decisions_staff",),
        )
    )
    register_key_figure(
        KeyFigure(
            key="decisions_findings_overdue",
            label=_("Висновків без рішення понад строк"),
            compute=lambda centre: finding_count_overdue(centre=centre, today=timezone.localdate()),
            url_name="decisions_staff:findings",
            capability="decisions.read",
            order=70,
        )
    )
    register_key_figure(
        KeyFigure(
            key="decisions_overdue",
            label=_("Прострочених рішень"),
            compute=lambda centre: decision_count_overdue(
                centre=centre, today=timezone.localdate()
            ),
            url_name="decisions_staff:decisions",
            capability="decisions.read",
            order=71,
        )
    )
    register_daily_job("decisions_digest", head_digest, order=70, per_centre=True)
