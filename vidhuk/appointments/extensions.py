"""What booking adds to the extension points (docs/decisions/0006-extension-points.md)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.events import VisitFinished, on_visit_finished
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import portal_tiles
from .capabilities import Capability

register_capability(
    Capability.APPOINTMENTS_BOOK,
    _("Записувати на прийом і бачити записи дня (імена, телефони)"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR],
    order=300,
)


def _daily(run: DailyRun) -> str:
    """Past visits nobody came to marked «не прийшов», tomorrow's reminders queued, and the
    retention schedule; each step is idempotent."""
    from .services.checkin import appointments_mark_no_shows
    from .tasks import appointments_anonymise_expired_task, appointments_send_reminders

    no_shows = appointments_mark_no_shows()
    tomorrow = (run.today + dt.timedelta(days=1)).isoformat()
    reminders = appointments_send_reminders.enqueue(tomorrow, run.base_url)
    retention = appointments_anonymise_expired_task.enqueue()
    return (
        f"no-shows marked: {no_shows}; reminders {tomorrow}: {reminders.id}; "
        f"retention: {retention.id}"
    )


register_daily_job("appointments", _daily, order=30)


def _visit_finished(event: VisitFinished) -> None:
    """A booked visit the queue finished records how it ended: served, or «не прийшов»."""
    from .choices import AppointmentStatus
    from .models import Appointment
    from .services.checkin import appointment_set_outcome

    if event.appointment_id is None:
        return
    status = AppointmentStatus.SERVED if event.is_served else AppointmentStatus.NO_SHOW
    visit = Appointment.objects.get(pk=event.appointment_id, centre=event.centre)
    appointment_set_outcome(appointment=visit, status=status)


on_visit_finished("appointments", _visit_finished)

# Demo data: the code lives in vidhuk/demo/, above every app, so it is registered by path.
register_seed("appointments", "vidhuk.demo.appointments.seed", order=40)

portal_tiles.register()

register_menu_entry(
    MenuEntry(
        key="appointments",
        label=_("Запис на прийом"),
        url_name="appointments_staff:day",
        order=50,
        capabilities=(Capability.APPOINTMENTS_BOOK,),
        sections=("appointments_staff",),
    )
)

# Its pages, under the centre's slug: residents' and the back office's.
register_urls(
    "appointments_staff",
    "vidhuk.appointments.urls_staff",
    prefix="appointments",
    is_staff=True,
    order=40,
)
register_urls("appointments", "vidhuk.appointments.urls", prefix="booking", order=40)

# Figures for analytics, the dashboard and the reports (core/metrics.py).
from . import metrics  # noqa: E402

metrics.register()
