"""The appeals back office in real Chromium: an operator logs offline items, the inbox and the
case page pass axe, and a case is assigned with the keyboard alone.

Staff sign in with a password and a TOTP code; here the session is made by Django's test client
(`sign_in_verified`, the state the sign-in flow leaves) and handed to the browser as its cookie.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.choices import Channel, Kind, Status, Topic
from vidhuk.appeals.models import Appeal, HotlineCall
from vidhuk.appeals.tests.factories import AppealFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def operator(public_site):
    return MembershipFactory(centre=public_site.centre, role=Role.HOTLINE_OPERATOR).user


@pytest.fixture
def cases(public_site):
    """A small inbox: overdue, due soon, a benefit holder, feedback, an answered case."""
    centre = public_site.centre
    now = dt.datetime.now(tz=dt.UTC)
    return [
        AppealFactory(centre=centre, due_at=now - dt.timedelta(days=1), topic=Topic.HOUSING),
        AppealFactory(
            centre=centre,
            due_at=now + dt.timedelta(days=2),
            is_benefit_holder=True,
            channel=Channel.HOTLINE,
        ),
        AppealFactory(
            centre=centre,
            kind=Kind.THANKS,
            is_anonymous=True,
            full_name="",
            due_at=None,
            initial_due_at=None,
            channel=Channel.BOOK,
            book_number="1",
        ),
        AppealFactory(centre=centre, status=Status.ANSWERED, answer_text="Зроблено."),
    ]


def _base(public_site) -> str:
    return f"/staff/{public_site.centre.slug}/appeals/"


def test_operator_logs_a_hotline_call(signed_in, public_site, operator, axe):
    page = signed_in(operator)
    page.goto(_base(public_site) + "hotline/new/")
    axe(page)

    page.get_by_label("Тривалість").fill("3:15")
    page.get_by_label("Питання").fill("Чи можна оформити субсидію онлайн?")
    page.get_by_label("Надана консультація").fill("Так, через Дію; або в ЦНАП з паспортом.")
    page.get_by_label("Тема").select_option(Topic.SOCIAL_PROTECTION.value)
    page.get_by_role("button", name="Зберегти дзвінок").click()

    expect(page.get_by_text("Дзвінок записано.")).to_be_visible()
    call = HotlineCall.objects.get(centre=public_site.centre)
    assert (call.duration_seconds, call.operator, call.appeal_id) == (195, operator, None)
    assert call.office is not None
    assert call.office.slug == "main"


def test_operator_logs_a_book_entry(signed_in, public_site, operator, axe):
    page = signed_in(operator)
    page.goto(_base(public_site) + "new/book/")

    page.get_by_label("Номер книги").fill("3")
    page.get_by_label("Сторінка").fill("27")
    page.get_by_label("Зміст").fill("Дякую за швидке оформлення паспорта, але в залі задушно.")
    page.get_by_label("Автор не назвався (лише для відгуку)").check()
    page.get_by_role("button", name="Зареєструвати", exact=True).click()

    expect(page.get_by_text("Зареєстровано: Ан-1/2026")).to_be_visible()
    appeal = Appeal.objects.get(centre=public_site.centre)
    assert (appeal.channel, appeal.kind, appeal.book_number, appeal.book_page) == (
        Channel.BOOK,
        Kind.QUALITY_REMARK,
        "3",
        27,
    )
    axe(page)


def test_book_entry_error_summary_passes_axe(signed_in, public_site, operator, axe):
    page = signed_in(operator)
    page.goto(_base(public_site) + "new/book/")

    page.get_by_role("button", name="Зареєструвати", exact=True).click()

    expect(page).to_have_title(re.compile(r"^Помилка: "))
    expect(page.locator(".govuk-error-summary").get_by_text("Вкажіть номер книги.")).to_be_visible()
    axe(page)


@pytest.mark.parametrize("width", [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")])
def test_inbox_passes_axe(signed_in, public_site, staff_member, cases, axe, width):
    page = signed_in(staff_member, width=width)

    page.goto(_base(public_site))

    expect(page.get_by_text("Прострочено", exact=True).first).to_be_visible()
    expect(page.get_by_text("Пільговик", exact=True).first).to_be_visible()
    axe(page)


def test_case_page_shows_every_action_unfolded_and_passes_axe(
    signed_in, public_site, staff_member, cases, axe
):
    page = signed_in(staff_member)
    page.goto(_base(public_site) + f"{cases[0].pk}/")

    expect(page.get_by_role("heading", name=cases[0].registration_index)).to_be_visible()
    expect(page.get_by_role("heading", name="Надати відповідь")).to_be_visible()
    expect(page.get_by_role("button", name="Додати службову примітку")).to_be_visible()
    assert page.locator(".vd-case-action details").count() == 0
    axe(page)


def test_inbox_at_1280_shows_every_column_without_sideways_scrolling(
    signed_in, public_site, staff_member, cases, axe
):
    """Number, kind, channel, topic, state, executor and deadline are all in view on a 1280 px
    office screen: the deadline column ends inside the window, the table does not scroll."""
    executor = MembershipFactory(
        centre=public_site.centre,
        role=Role.ADMINISTRATOR,
        user__first_name="Олександра",
        user__last_name="Костянтинівська-Вишневецька",
    ).user
    Appeal.objects.filter(pk__in=[case.pk for case in cases]).update(
        executor=executor, service=public_site.card
    )
    page = signed_in(staff_member, width=1280, height=800)

    page.goto(_base(public_site))

    headers = page.locator(".vd-inbox thead th")
    expect(headers).to_have_text(
        [
            "Вибрати",
            "Номер, надійшло",
            "Вид",
            "Канал",
            "Тема, послуга, офіс",
            "Стан",
            "Виконавець",
            "Строк",
        ]
    )
    deadline = page.locator(".vd-inbox thead th", has_text="Строк").bounding_box()
    assert deadline is not None
    assert deadline["x"] + deadline["width"] <= 1280
    scroll = page.evaluate(
        "() => { const r = document.querySelector('.vd-table-scroll');"
        " return [r.scrollWidth, r.clientWidth]; }"
    )
    assert scroll[0] <= scroll[1]
    axe(page)


def test_inbox_filters_fold_and_open_when_one_is_set(
    signed_in, public_site, staff_member, cases, axe
):
    page = signed_in(staff_member, java_script_enabled=False)
    page.goto(_base(public_site))
    filters = page.locator("details.vd-filters")
    expect(filters).not_to_have_attribute("open", "")

    page.locator("details.vd-filters summary").click()
    page.get_by_label("Тема").select_option(Topic.HOUSING.value)
    page.get_by_role("button", name="Знайти").click()

    expect(page.locator("details.vd-filters summary")).to_have_text("Фільтри (задано 1)")
    expect(filters).to_have_attribute("open", "")
    page.goto(_base(public_site))
    expect(page).to_have_url(re.compile(r"\?topic=housing$"))
    # axe runs on timers, which do not run with JavaScript off: the same page with it on.
    checked = signed_in(staff_member)
    checked.goto(_base(public_site) + "?topic=housing")
    expect(checked.locator("details.vd-filters")).to_have_attribute("open", "")
    axe(checked)


def test_case_page_refusal_passes_axe(signed_in, public_site, staff_member, cases, axe):
    page = signed_in(staff_member)
    page.goto(_base(public_site) + f"{cases[0].pk}/")

    page.get_by_role("button", name="Додати службову примітку").click()

    expect(page.locator(".govuk-error-summary").get_by_text("Напишіть примітку.")).to_be_visible()
    axe(page)


def _tab_to(page, selector: str, limit: int = 150) -> None:
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_bulk_assign(signed_in, public_site, staff_member, cases):
    executor = MembershipFactory(centre=public_site.centre, role=Role.ADMINISTRATOR).user
    target = cases[1]
    page = signed_in(staff_member)
    page.goto(_base(public_site))

    _tab_to(page, f"#appeal-{target.pk}")
    page.keyboard.press("Space")
    _tab_to(page, "#id_assign-executor")
    name = executor.get_full_name()
    for _press in range(10):
        if page.evaluate("() => document.activeElement.selectedOptions[0].text") == name:
            break
        page.keyboard.press("ArrowDown")
    _tab_to(page, ".vd-bulk-assign button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_text("Призначено 1 звернення.")).to_be_visible()
    target.refresh_from_db()
    assert target.executor == executor


@pytest.mark.parametrize(
    ("channel", "extra_label", "extra_value"),
    [
        pytest.param(Channel.RECEPTION, None, None, id="personal-reception"),
        pytest.param(Channel.POST, None, None, id="post"),
        pytest.param(Channel.EMAIL, None, None, id="e-mail"),
        pytest.param(
            Channel.SOCIAL,
            "Посилання на допис",
            "https://www.facebook.com/verbivka.cnap/posts/42",
            id="social-network",
        ),
    ],
)
def test_operator_registers_a_named_complaint_from_each_offline_channel(
    signed_in, public_site, operator, axe, channel, extra_label, extra_value
):
    page = signed_in(operator)
    page.goto(_base(public_site) + f"new/{channel.value}/")
    axe(page)

    page.get_by_label("Вид", exact=True).select_option(Kind.COMPLAINT.value)
    page.get_by_label("Зміст").fill("Другий місяць не можу отримати відповідь на заяву.")
    page.get_by_label("Прізвище, ім’я, по батькові").fill("Ткаченко Ганна Олегівна")
    page.get_by_label("Місце проживання").fill("м. Вербівка, вул. Миру, 3")
    page.get_by_label("Телефон").fill("067 555 44 33")
    if extra_label:
        page.get_by_label(extra_label).fill(extra_value)
    page.get_by_role("button", name="Зареєструвати", exact=True).click()

    expect(page.get_by_text("Зареєстровано: Т-1/2026")).to_be_visible()
    appeal = Appeal.objects.get(centre=public_site.centre)
    assert (appeal.channel, appeal.kind, appeal.full_name, appeal.phone) == (
        channel,
        Kind.COMPLAINT,
        "Ткаченко Ганна Олегівна",
        "+380675554433",
    )
    assert appeal.social_post_url == (extra_value or "")


def test_commission_types_a_suggestion_box_opening_in_one_batch(
    signed_in, public_site, operator, axe
):
    page = signed_in(operator)
    page.goto(_base(public_site) + "box/new/")
    axe(page)

    page.get_by_label("Хто відкривав").fill("Мельник О. П., Гнатюк В. С.")
    first, second = (
        page.locator("fieldset.vd-box-entry").nth(0),
        page.locator("fieldset.vd-box-entry").nth(1),
    )
    first.get_by_label("Вид").select_option(Kind.THANKS.value)
    first.get_by_label("Зміст").fill("Дякую за допомогу з документами!")
    second.get_by_label("Вид").select_option(Kind.QUALITY_REMARK.value)
    second.get_by_label("Зміст").fill("Мало місць для сидіння.")
    page.get_by_role("button", name="Зберегти відкриття й усі записи").click()
    expect(page.get_by_text("Відкриття скриньки записано, записів: 2.")).to_be_visible()

    entries = Appeal.objects.filter(centre=public_site.centre, channel=Channel.BOX)
    assert sorted(entries.values_list("kind", flat=True)) == sorted(
        [Kind.THANKS.value, Kind.QUALITY_REMARK.value]
    )
    assert {e.is_anonymous for e in entries} == {True}
    axe(page)
