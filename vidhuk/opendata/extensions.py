"""What open data adds to the extension points (docs/decisions/0006-extension-points.md): its
capability, the public pages under /<centre>/open-data/ and the staff page, the menu entry, the
portal's footer link and the quarterly publication to the national portal (a daily job that acts
once a quarter)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.portal import FooterLink, register_footer_link
from vidhuk.core.seeds import SeedResult, SeedRun, register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from .capabilities import Capability

register_capability(
    Capability.PUBLISH,
    _("Оприлюднювати відкриті дані на національному порталі"),
    roles=[Role.HEAD, Role.ADMINISTRATOR],
    order=850,
)
register_urls("opendata_staff", "vidhuk.opendata.urls_staff", prefix="open-data", is_staff=True)
register_urls("opendata", "vidhuk.opendata.urls", prefix="open-data")
register_menu_entry(
    MenuEntry(
        key="opendata",
        label=_("Відкриті дані"),
        url_name="opendata_staff:home",
        order=95,
        capabilities=(Capability.PUBLISH,),
        sections=("opendata_staff",),
    )
)
register_footer_link(
    FooterLink(
        key="opendata",
        order=60,
        label=_("Відкриті дані"),
        url=lambda centre: reverse("opendata:list", args=[centre.slug]),
    )
)


def quarterly_publication(run: DailyRun) -> str:
    """Publish the centre's release to the portal once a quarter (the first day the job runs in
    a new quarter); a centre without portal settings is skipped."""
    from .ckan import portal_config
    from .services import opendata_publish, opendata_quarterly_due

    centre = run.centre
    if centre is None or portal_config(centre) is None:
        return "no portal configured"
    if not opendata_quarterly_due(centre=centre, today=run.today or timezone.localdate()):
        return "already published this quarter"
    outcome = opendata_publish(centre=centre)
    errors = outcome.errors
    return f"{outcome.writes} writes" + (f"; errors: {'; '.join(errors)}" if errors else "")


register_daily_job("opendata_quarterly", quarterly_publication, order=95, per_centre=True)


def demo_settings(run: SeedRun) -> SeedResult:
    """The demo centre's passports name who answers for its open data (a unit, not a person)."""
    from .models import DEFAULT_LEGAL_BASIS, OpenDataSettings
    from .services import opendata_settings_save

    if OpenDataSettings.objects.filter(centre=run.centre).exists():
        return SeedResult(summary="налаштувань відкритих даних: 0")
    opendata_settings_save(
        centre=run.centre,
        responsible_person=str(_("Відділ інформаційного забезпечення ЦНАП")),
        responsible_email="opendata@cnap.example",
        legal_basis=DEFAULT_LEGAL_BASIS,
    )
    return SeedResult(summary="налаштувань відкритих даних: 1")


register_seed("opendata", demo_settings, order=95)
