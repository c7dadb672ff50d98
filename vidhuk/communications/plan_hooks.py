"""What the communication plan adds to the extension points: overdue measures on the back-office
home, a measure done when its publication fires, the daily check for mailings and events, and
the demo seed (the council's 2020 plan, media and partner places)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.seeds import register_seed

from . import metrics
from .firing import register_firing_action
from .selectors.plan import measures_overdue_count
from .services.plan import plan_measures_sync
from .services.press import press_distribute
from .social import social_posts_queue, social_posts_retry


def _sync(run: DailyRun) -> str:
    if run.centre is None:
        return "0"
    return str(plan_measures_sync(centre=run.centre, now=timezone.now()))


def register() -> None:
    register_key_figure(
        KeyFigure(
            key="communications_plan_overdue",
            label=_("Прострочених заходів комунікаційного плану"),
            compute=lambda centre: measures_overdue_count(
                centre=centre, today=timezone.localdate()
            ),
            url_name="communications_staff:plan",
            capability="communications.read",
            order=80,
        )
    )
    register_firing_action("press", press_distribute, order=60)
    register_firing_action("social", social_posts_queue, order=70)
    register_daily_job("communications_social_retry", lambda run: str(social_posts_retry()), 81)
    register_daily_job("communications_plan_sync", _sync, order=80, per_centre=True)
    metrics.register()
    register_seed("communications", "vidhuk.communications.seed.seed_demo", order=95)
