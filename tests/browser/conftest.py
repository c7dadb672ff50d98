"""Browser fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live server.

* `browser` — one headless Chromium for the whole run, started from /usr/bin/chromium (a browser
  is never downloaded).
* `open_page(...)` — a fresh page in its own context (viewport, JavaScript on or off); every
  request to a host other than the live server is aborted and recorded, and a test whose pages
  tried to reach another host FAILS (no CDNs, web fonts or analytics on public pages).
* `axe(page)` — runs axe-core's WCAG 2.1 A/AA rules and fails with each violation's rule, impact,
  help text and the failing elements.
* `public_site` — a realistic centre: main office with hours and special days, a remote
  workplace and a starosta office, 28 published services over two catalog pages, categories and
  life situations, a second centre; `staff_member` adds a head of the centre.

The clock is frozen (ticking) on a Tuesday at 12:20 in Kyiv, so the home page always shows the
main office open and the remote workplace closed for lunch — both status tags are checked.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, Route, sync_playwright

from conftest import sign_in_verified
from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import User
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.catalog.models import Service
from vidhuk.catalog.services import (
    category_get_or_create,
    life_situation_get_or_create,
    service_create,
)
from vidhuk.core.choices import Oblast, OfficeKind
from vidhuk.core.models import Centre
from vidhuk.core.services import office_closure_set, office_create, office_hours_replace
from vidhuk.core.tests.factories import CentreFactory

# Playwright's sync API runs an asyncio loop in this thread; without this Django's ORM refuses
# the queries the tests make between page actions.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DESKTOP_WIDTH = 1280

KYIV = ZoneInfo("Europe/Kyiv")
# Tuesday: the main office works 08:00–20:00, the remote workplace is on its lunch break.
NOW = dt.datetime(2026, 12, 1, 12, 20, tzinfo=KYIV)


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def offsite_requests() -> list[str]:
    """Requests pages tried to send to other hosts; `pytest_runtest_call` fails the test on any."""
    return []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    offsite = getattr(item, "funcargs", {}).get("offsite_requests")
    if offsite:
        raise AssertionError(
            "Pages tried to fetch from other hosts or broke the Content-Security-Policy "
            "(pages must be self-contained, with no inline script or style):\n  "
            + "\n  ".join(offsite)
        )
    return result


@pytest.fixture
def open_page(browser, live_server, offsite_requests):
    """`open_page(320, java_script_enabled=False)` → a page `width` CSS pixels wide in a fresh
    context, whose relative URLs resolve against the live server."""
    origin = live_server.url.rstrip("/")
    contexts = []

    def only_the_live_server(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if (
            parts.scheme in {"data", "blob", "about"}
            or f"{parts.scheme}://{parts.netloc}" == origin
        ):
            route.continue_()
            return
        offsite_requests.append(f"{route.request.resource_type} {url}")
        route.abort("blockedbyclient")

    def report_policy_violation(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            offsite_requests.append(f"csp {message.text}")

    def make(
        width: int = DESKTOP_WIDTH,
        *,
        height: int = 800,
        java_script_enabled: bool = True,
        device_scale_factor: float = 1,
    ) -> Page:
        context = browser.new_context(
            base_url=origin,
            viewport={"width": width, "height": height},
            device_scale_factor=device_scale_factor,
            java_script_enabled=java_script_enabled,
            locale="uk-UA",
            timezone_id="Europe/Kyiv",
        )
        context.route("**/*", only_the_live_server)
        context.on("console", report_policy_violation)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page) -> Page:
    return open_page()


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


# --- axe-core -----------------------------------------------------------------------------------

_AXE_RUN = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(' '),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}
"""


def _describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {node['target']}\n       {node['html'][:200]}\n       {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe():
    """`axe(page)`: the page has no WCAG 2.1 A/AA violation that axe-core can find."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `cd frontend && npm ci`."

    def check(page: Page) -> None:
        # After a click that navigates, the new document may still be parsing: wait for it.
        page.wait_for_load_state()
        # Evaluated through the DevTools protocol, not as a <script> tag: the site's
        # Content-Security-Policy rightly refuses inline scripts.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
        violations = page.evaluate(_AXE_RUN, WCAG_21_AA)
        report = _describe_violations(violations)
        if violations:
            print(f"\naxe-core violations on {page.url}:\n{report}")
        assert violations == [], f"axe-core found violations on {page.url}:\n{report}"

    return check


# --- a realistic centre -------------------------------------------------------------------------

CATEGORIES = [
    "Паспортні послуги",
    "Реєстрація місця проживання",
    "Соціальний захист і соціальні виплати",
    "Реєстрація бізнесу",
    "Земельні питання",
    "Містобудування та архітектура",
]
LIFE_SITUATIONS = [
    "Народження дитини",
    "Досягнення 14 років",
    "Зміна місця проживання",
    "Втрата документів",
    "Започаткування бізнесу",
]
PROVIDERS = {
    "Паспортні послуги": (
        "Вербівський відділ Головного управління ДМС України в Полтавській області"
    ),
    "Реєстрація місця проживання": "Виконавчий комітет Вербівської міської ради",
    "Соціальний захист і соціальні виплати": (
        "Управління соціального захисту населення Вербівської міської ради"
    ),
    "Реєстрація бізнесу": "Державний реєстратор виконавчого комітету Вербівської міської ради",
    "Земельні питання": "Державний кадастровий реєстратор Головного управління Держгеокадастру",
    "Містобудування та архітектура": (
        "Відділ містобудування та архітектури Вербівської міської ради"
    ),
    None: "Центр надання адміністративних послуг Вербівської міської ради",
}

# (code, name, category, life situations, fee in UAH or None when free, term in days)
SERVICES = [
    ("01-001", "Оформлення і видача паспорта громадянина України для виїзду за кордон",
     "Паспортні послуги", ["Втрата документів"], "1384.00", 20),
    ("01-002", "Оформлення паспорта громадянина України у формі ID-картки вперше (особі, яка "
     "досягла 14-річного віку)", "Паспортні послуги", ["Досягнення 14 років"], None, 20),
    ("01-003", "Оформлення паспорта громадянина України у формі ID-картки замість втраченого або "
     "викраденого", "Паспортні послуги", ["Втрата документів"], "720.00", 20),
    ("01-004", "Обмін паспорта громадянина України у формі ID-картки у зв’язку із закінченням "
     "строку дії", "Паспортні послуги", [], "720.00", 20),
    ("01-005", "Оформлення паспорта громадянина України у формі ID-картки замість паспорта зразка "
     "1994 року", "Паспортні послуги", [], "720.00", 20),
    ("02-001", "Декларування (реєстрація) місця проживання (перебування) особи",
     "Реєстрація місця проживання", ["Зміна місця проживання"], None, 1),
    ("02-002", "Декларування місця проживання дитини віком до 14 років",
     "Реєстрація місця проживання", ["Народження дитини", "Зміна місця проживання"], None, 1),
    ("02-003", "Зняття із задекларованого (зареєстрованого) місця проживання",
     "Реєстрація місця проживання", ["Зміна місця проживання"], None, 1),
    ("02-004", "Видача витягу з реєстру територіальної громади",
     "Реєстрація місця проживання", [], None, 1),
    ("04-001", "Призначення житлової субсидії",
     "Соціальний захист і соціальні виплати", [], None, 10),
    ("04-002", "Призначення допомоги при народженні дитини",
     "Соціальний захист і соціальні виплати", ["Народження дитини"], None, 10),
    ("04-003", "Комплексна послуга «єМалятко»",
     "Соціальний захист і соціальні виплати", ["Народження дитини"], None, 1),
    ("04-004", "Взяття на облік внутрішньо переміщеної особи",
     "Соціальний захист і соціальні виплати", ["Зміна місця проживання"], None, 1),
    ("04-005", "Призначення допомоги на проживання внутрішньо переміщеним особам",
     "Соціальний захист і соціальні виплати", [], None, 10),
    ("04-006", "Видача посвідчень батьків багатодітної сім’ї та дитини з багатодітної сім’ї",
     "Соціальний захист і соціальні виплати", ["Народження дитини"], None, 30),
    ("04-007", "Призначення пенсії за віком",
     "Соціальний захист і соціальні виплати", [], None, 10),
    ("06-001", "Державна реєстрація фізичної особи – підприємця",
     "Реєстрація бізнесу", ["Започаткування бізнесу"], None, 1),
    ("06-002", "Державна реєстрація припинення підприємницької діяльності фізичної особи – "
     "підприємця за її рішенням", "Реєстрація бізнесу", [], None, 1),
    ("06-003", "Державна реєстрація створення юридичної особи",
     "Реєстрація бізнесу", ["Започаткування бізнесу"], None, 1),
    ("06-004", "Державна реєстрація змін до відомостей про юридичну особу, що містяться в Єдиному "
     "державному реєстрі", "Реєстрація бізнесу", [], "46.00", 1),
    ("07-001", "Надання відомостей з Державного земельного кадастру у формі витягу",
     "Земельні питання", [], "100.00", 1),
    ("07-002", "Державна реєстрація земельної ділянки з видачею витягу з Державного земельного "
     "кадастру", "Земельні питання", [], None, 14),
    ("07-003", "Внесення до Державного земельного кадастру відомостей про земельну ділянку",
     "Земельні питання", [], None, 14),
    ("08-001", "Видача будівельного паспорта забудови земельної ділянки",
     "Містобудування та архітектура", [], None, 10),
    ("08-002", "Надання містобудівних умов та обмежень забудови земельної ділянки",
     "Містобудування та архітектура", [], None, 10),
    ("08-003", "Присвоєння адреси об’єкту будівництва, об’єкту нерухомого майна",
     "Містобудування та архітектура", [], None, 15),
    ("08-004", "Реєстрація повідомлення про початок виконання будівельних робіт",
     "Містобудування та архітектура", [], None, 1),
    ("11-001", "Консультування з питань отримання адміністративних послуг",
     None, [], None, 1),
]  # fmt: skip

# The card every page test opens: a paid service with every optional field filled in.
CARD_DETAILS = {
    "provider_address": "вул. Шевченка, 27, м. Вербівка, Полтавська обл., 38100",
    "provider_hours": "Пн–Чт 08:00–17:00, Пт 08:00–15:45, перерва 12:00–12:45",
    "provider_phone": "+380 53 000 01 10",
    "provider_email": "verbivka@pl.dmsu.example",
    "provider_website": "https://dmsu.example/poltavska-oblast/verbivskyi-viddil",
    "requirements": (
        "Документи подаються особисто. Дитина віком до 12 років може не бути присутньою, якщо "
        "її фотографію та підпис не беруть."
    ),
    "fee_details": (
        "Вартість бланка — 1 367 грн, адміністративний збір — 17 грн. Оплата в ЦНАП банківською "
        "карткою або за реквізитами, вказаними на сайті ДМС."
    ),
    "fee_legal_basis": "Постанова КМУ від 02.11.2016 № 770",
    "term_text": "Не пізніше ніж через 20 робочих днів з дня оформлення заяви-анкети",
    "refusal_grounds": (
        "Заявник не є громадянином України\n"
        "Подано не всі документи, передбачені інформаційною карткою\n"
        "Заявник не досяг віку, з якого оформлюється паспорт"
    ),
    "online_url": "https://diia.gov.ua/services/oformlennya-zakordonnogo-pasporta-gromadyanina",
    "keywords": "закордонний паспорт, біометричний паспорт, закордонка",
    "documents": (
        "Паспорт громадянина України або свідоцтво про народження (для дитини до 16 років)\n"
        "Довідка про реєстраційний номер облікової картки платника податків (РНОКПП)\n"
        "Документ про оплату вартості бланка та адміністративного збору\n"
        "Раніше оформлений паспорт для виїзду за кордон (за наявності)"
    ),
    "legal_basis": (
        "Закон України «Про порядок виїзду з України і в’їзду в Україну громадян України»\n"
        "Закон України «Про Єдиний державний демографічний реєстр та документи, що "
        "підтверджують громадянство України, посвідчують особу чи її спеціальний статус»\n"
        "Постанова КМУ від 07.05.2014 № 152"
    ),
    "delivery_methods": "Особисто у ЦНАП\nЧерез уповноважену особу за довіреністю",
    "result": "Паспорт громадянина України для виїзду за кордон з безконтактним електронним "
    "носієм або мотивована відмова.",
}


@dataclass(frozen=True)
class PublicSite:
    centre: Centre
    other_centre: Centre
    card: Service

    @property
    def home(self) -> str:
        return f"/{self.centre.slug}/"

    @property
    def catalog(self) -> str:
        return f"/{self.centre.slug}/services/"

    @property
    def card_url(self) -> str:
        return f"/{self.centre.slug}/services/{self.card.slug}/"


def _service_data(code, name, category, fee, days) -> dict:
    provider = PROVIDERS[category.name if category else None]
    return {
        "code": code,
        "name": name,
        "category": category,
        "provider_name": provider,
        "legal_basis": "Закон України «Про адміністративні послуги»",
        "documents": "Заява встановленого зразка\nПаспорт громадянина України",
        "is_free": fee is None,
        "fee_amount": Decimal(fee) if fee else None,
        "max_term_days": days,
        "result": "Рішення суб’єкта надання послуги або мотивована відмова",
        "delivery_methods": "Особисто у ЦНАП\nЕлектронною поштою",
        "appeal_procedure": (
            "Відмову можна оскаржити до органу вищого рівня або до суду в порядку, "
            "встановленому Кодексом адміністративного судочинства України."
        ),
    }


@pytest.fixture
def public_site(transactional_db, live_server) -> PublicSite:
    centre = CentreFactory(
        slug="verbivka",
        name="ЦНАП Вербівської міської ради",
        hromada="Вербівська міська територіальна громада",
        oblast=Oblast.POLTAVA,
        address="вул. Соборна, 12, м. Вербівка, Полтавська обл., 38100",
        phones="+380 53 000 12 00, +380 800 000 120",
        email="cnap@verbivka.example",
        website="https://verbivka.example",
        description=(
            "Тут можна отримати паспортні, соціальні, земельні послуги, зареєструвати місце "
            "проживання чи бізнес."
        ),
    )
    other_centre = CentreFactory(
        slug="luhove",
        name="ЦНАП Лугівської сільської ради",
        hromada="Лугівська сільська територіальна громада",
        oblast=Oblast.KHARKIV,
    )
    actor = None  # as the demo loader writes them: no staff member behind these rows

    main = office_create(
        centre=centre,
        data={
            "slug": "main",
            "name": "Головний офіс ЦНАП",
            "kind": OfficeKind.MAIN,
            "address": "вул. Соборна, 12, м. Вербівка",
            "phone": "+380 53 000 12 00",
            "accessibility": "Вхід без сходинок, автоматичні двері, доступний туалет.",
            "position": 0,
        },
        actor=actor,
    )
    office_hours_replace(
        office=main,
        intervals=[(1, dt.time(8), dt.time(20))]
        + [(day, dt.time(8), dt.time(17)) for day in (0, 2, 3, 4)]
        + [(5, dt.time(8), dt.time(15))],
        actor=actor,
    )
    office_closure_set(
        office=main, date=dt.date(2026, 12, 25), opens=None, closes=None,
        note="Різдво Христове", actor=actor,
    )  # fmt: skip
    office_closure_set(
        office=main, date=dt.date(2026, 12, 31), opens=dt.time(8), closes=dt.time(14),
        note="Передноворічний день", actor=actor,
    )  # fmt: skip
    remote = office_create(
        centre=centre,
        data={
            "slug": "luhove",
            "name": "Віддалене робоче місце в с. Лугове",
            "kind": OfficeKind.REMOTE,
            "address": "вул. Шкільна, 3, с. Лугове",
            "phone": "+380 53 000 12 10",
            "accessibility": "Пандус біля входу, робоче місце на першому поверсі.",
            "position": 1,
        },
        actor=actor,
    )
    office_hours_replace(
        office=remote,
        intervals=[(day, dt.time(8), dt.time(12)) for day in range(5)]
        + [(day, dt.time(12, 45), dt.time(16)) for day in range(5)],
        actor=actor,
    )
    starosta = office_create(
        centre=centre,
        data={
            "slug": "krynychne",
            "name": "Старостат с. Криничне",
            "kind": OfficeKind.STAROSTA,
            "address": "вул. Центральна, 40, с. Криничне",
            "position": 2,
        },
        actor=actor,
    )
    office_hours_replace(
        office=starosta,
        intervals=[(day, dt.time(9), dt.time(13)) for day in (1, 3)],
        actor=actor,
    )

    categories = {
        name: category_get_or_create(centre=centre, name=name, actor=actor) for name in CATEGORIES
    }
    situations = {
        name: life_situation_get_or_create(centre=centre, name=name, actor=actor)
        for name in LIFE_SITUATIONS
    }
    services = []
    for code, name, category, situation_names, fee, days in SERVICES:
        data = _service_data(code, name, categories.get(category), fee, days)
        if code == "01-001":
            data.update(CARD_DETAILS)
        services.append(
            service_create(
                centre=centre,
                data=data,
                life_situations=[situations[s] for s in situation_names],
                offices=[main, remote] if code.startswith("01") else [main],
                actor=actor,
            )
        )
    draft = _service_data(
        "10-001", "Видача дозволу на розміщення зовнішньої реклами", None, None, 15
    )
    service_create(centre=centre, data={**draft, "is_published": False}, actor=actor)

    return PublicSite(centre=centre, other_centre=other_centre, card=services[0])


@pytest.fixture
def staff_member(public_site) -> User:
    """A head of the centre; created only where a test signs in (hashing a password is slow)."""
    return MembershipFactory(centre=public_site.centre, role=Role.HEAD).user


@pytest.fixture
def signed_in(open_page, live_server):
    """`signed_in(user)` → a browser page whose session is the user's, password and code done."""

    def make(user, **page_options):
        client = Client()
        sign_in_verified(client, user)
        page = open_page(**page_options)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return make


# The page's width, and the innermost elements that stick out past the right edge of the
# viewport, so a failure names what to fix.
_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > width + 0.5 && el.querySelector('*') === null) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(`${name} right=${Math.round(rect.right)} «${el.textContent.trim().slice(0, 50)}»`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    overflowing: out,
  };
}"""


def sticking_out(page: Page) -> list[str]:
    """The innermost elements past the right edge when the page scrolls sideways, else []."""
    page.wait_for_load_state()
    layout = page.evaluate(_OVERFLOW_JS)
    return layout["overflowing"] if layout["scrollWidth"] > layout["innerWidth"] else []
