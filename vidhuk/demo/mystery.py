"""The demo centre's mystery shopper: the evaluator «demo-evaluator» and three of their reports —
one waiting for review, one accepted, one returned with a comment.

Idempotent: the account, its membership and second factor are found by their natural keys, and
the reports are filed only when the evaluator has none in the centre yet. Everything goes
through vidhuk.mystery's services, so statuses, answers and the audit log are as real use
makes them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Membership, User
from vidhuk.catalog.selectors import service_queryset_published
from vidhuk.core.models import Centre, Office
from vidhuk.core.seeds import SeedResult, SeedRun
from vidhuk.mystery.selectors import (
    mystery_version_current,
    mystery_visit_list_for_evaluator,
)
from vidhuk.mystery.services import (
    VisitFacts,
    mystery_visit_accept,
    mystery_visit_create,
    mystery_visit_return,
)
from vidhuk.surveys.services import questionnaire_install_defaults

USERNAME = "demo-evaluator"
RETURN_COMMENT = (
    "Уточніть, будь ласка, яке саме віконце вас обслуговувало, і додайте фото вказівника "
    "біля входу — без нього важко перевірити відповідь «ні»."
)


def _answers(*, good: bool) -> dict[str, Any]:
    """Answers to the default checklist: a mostly good visit, or one with problems."""
    yes_no = {
        "site_current_info": True,
        "phone_answered": good,
        "booking_works": True,
        "signs_outside": good,
        "step_free_entrance": True,
        "accessible_parking": good,
        "services_list_visible": True,
        "info_cards_available": True,
        "terminal_works": True,
        "waiting_seats": good,
        "accessible_toilet": True,
        "children_corner": good,
        "greeting": True,
        "name_badge": True,
        "clear_explanation": True,
        "no_unnecessary_documents": True,
        "no_informal_payment": True,
        "result_as_promised": good,
    }
    answers: dict[str, Any] = {code: "yes" if value else "no" for code, value in yes_no.items()}
    answers.update(
        minutes_to_ticket="under_5" if good else "5_15",
        temperature="4" if good else "2",
        cleanliness="5" if good else "3",
        politeness="5" if good else "4",
        competence="5" if good else "3",
        overall="5" if good else "3",
        comments=(
            "Обслужили швидко й привітно."
            if good
            else "У залі очікування бракує стільців, було задушно; вказівника біля входу немає."
        ),
    )
    return answers


def _evaluator(centre: Centre) -> User:
    # Imported here: the command imports this module to call seed_mystery.
    from vidhuk.demo.management.commands.seed_demo import DEMO_PASSWORD, demo_totp_key

    user, created = User.objects.get_or_create(
        username=USERNAME,
        defaults={
            "first_name": "Тарас",
            "last_name": "Гнатюк",
            "email": f"{USERNAME}@verbivka.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, centre=centre, defaults={"role": Role.EVALUATOR})
    TOTPDevice.objects.get_or_create(
        user=user, name="demo", defaults={"key": demo_totp_key(USERNAME), "confirmed": True}
    )
    return user


def seed_mystery(centre: Centre) -> int:
    """Add the demo evaluator and, the first time, three reports; returns how many were filed."""
    evaluator = _evaluator(centre)
    if mystery_visit_list_for_evaluator(centre=centre, evaluator=evaluator).exists():
        return 0
    version = mystery_version_current(centre=centre)
    if version is None:
        questionnaire_install_defaults(centre=centre, actor=None)
        version = mystery_version_current(centre=centre)
    offices = list(Office.objects.filter(centre=centre, is_active=True).order_by("position"))
    if version is None or not offices:
        return 0
    services = list(service_queryset_published(centre=centre).order_by("code")[:3])
    reviewer = (
        Membership.objects.filter(centre=centre, role=Role.HEAD, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    now = timezone.localtime().replace(second=0, microsecond=0)

    def file(days_ago: int, office: Office, *, good: bool, service_index: int) -> Any:
        return mystery_visit_create(
            centre=centre,
            evaluator=evaluator,
            version=version,
            facts=VisitFacts(
                visited_at=(now - dt.timedelta(days=days_ago)).replace(hour=10, minute=15),
                office=office,
                service=services[service_index] if len(services) > service_index else None,
                minutes_waited=7 if good else 38,
                minutes_served=12 if good else 25,
            ),
            answers=_answers(good=good),
            submission_key=uuid.uuid4().hex,
            submit=True,
        )

    actor = reviewer.user if reviewer else None
    accepted = file(30, offices[0], good=True, service_index=0)
    mystery_visit_accept(visit=accepted, actor=actor)
    returned = file(12, offices[-1], good=False, service_index=1)
    mystery_visit_return(visit=returned, actor=actor, comment=RETURN_COMMENT)
    file(3, offices[min(1, len(offices) - 1)], good=True, service_index=2)
    return 3


def seed(run: SeedRun) -> SeedResult:
    """The mystery shopper's demo seed (registered in vidhuk/mystery/extensions.py)."""
    return SeedResult(summary=f"звітів таємного відвідувача: {seed_mystery(run.centre)}")
