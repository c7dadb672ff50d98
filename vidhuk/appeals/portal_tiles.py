"""The appeals' tiles on the portal's home page (registered by extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vidhuk.core.models import Centre
from vidhuk.core.portal import (
    NavLink,
    PersonalDataKind,
    PortalLinks,
    Tile,
    register_feedback_links,
    register_nav_link,
    register_personal_data,
    register_tile,
)

from .selectors import appeals_settings_for


def _retention(centre: Centre) -> str:
    days = appeals_settings_for(centre=centre).retention_days
    return ngettext(
        "%(days)s день після завершення розгляду. Потім ім’я, адресу, контакти, текст і "
        "вкладення знеособлюємо; лишається лише знеособлена статистика (вид, канал, тема).",
        "%(days)s днів після завершення розгляду. Потім ім’я, адресу, контакти, текст і "
        "вкладення знеособлюємо; лишається лише знеособлена статистика (вид, канал, тема).",
        days,
    ) % {"days": days}


def register() -> None:
    register_tile(
        Tile(
            key="appeals",
            order=40,
            label=_("Залишити відгук чи звернення"),
            description=_("Подяка, пропозиція, заява, скарга або запит на публічну інформацію."),
            url=lambda centre: reverse("appeals:start", args=[centre.slug]),
        )
    )
    register_tile(
        Tile(
            key="appeals_follow",
            order=50,
            label=_("Дізнатися, як розглядають моє звернення"),
            description=_("За номером звернення і кодом з листа-підтвердження."),
            url=lambda centre: reverse("appeals:find", args=[centre.slug]),
        )
    )
    register_personal_data(
        PersonalDataKind(
            key="appeals",
            order=10,
            title=_("Звернення, відгуки, запити на інформацію"),
            what=_(
                "Прізвище, ім’я, адреса, телефон, електронна пошта, текст і вкладення; за "
                "бажанням — стать, вікова група, належність до вразливої групи."
            ),
            purpose=_(
                "Розгляд і відповідь за законами «Про звернення громадян» та «Про доступ до "
                "публічної інформації»; лист-підтвердження з посиланням для відстеження."
            ),
            retention=_retention,
        )
    )
    register_nav_link(
        NavLink(
            key="appeals",
            order=20,
            label=_("Відгуки та звернення"),
            url_name="appeals:start",
            section="appeals",
        )
    )
    # Where a resident writes to the centre, e.g. about a barrier (the accessibility statement).
    register_feedback_links(
        PortalLinks(
            key="appeals",
            order=10,
            links=lambda centre: [
                (str(_("Форма відгуків і звернень")), reverse("appeals:start", args=[centre.slug]))
            ],
        )
    )
