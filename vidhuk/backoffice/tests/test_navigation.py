"""The back-office menu offers each member the areas their role can open, and a mystery shopper
(a civic activist, not staff) only their own reports."""

import re

import pytest

from vidhuk.accounts.choices import Role


def _menu(page: str) -> str:
    start = page.index('class="govuk-service-navigation__list"')
    return page[start : page.index("</ul>", start)]


@pytest.mark.parametrize(
    ("role", "sees_surveys", "sees_appeals"),
    [
        pytest.param(Role.HEAD, True, True, id="head"),
        pytest.param(Role.ANALYST, True, False, id="analyst-reads-results-not-appeals"),
        pytest.param(Role.HOTLINE_OPERATOR, True, True, id="operator-enters-paper-forms"),
    ],
)
def test_staff_see_the_surveys_area_when_their_role_reaches_it(
    staff_client, role, sees_surveys, sees_appeals
):
    client, _membership = staff_client(role)

    menu = _menu(client.get("/staff/verbivka/").content.decode())

    assert ("/staff/verbivka/surveys/" in menu) is sees_surveys
    assert ("/staff/verbivka/appeals/" in menu) is sees_appeals


STAFF_ROLES = [role for role in Role if role != Role.EVALUATOR]


@pytest.mark.parametrize("role", STAFF_ROLES, ids=[str(role.value) for role in STAFF_ROLES])
def test_every_menu_link_of_every_role_opens(staff_client, role):
    """Menus show only what the role opens: following each staff link of the home page (its menu,
    key figures and tasks) and of the appeals sub-menu never ends in «Немає доступу»."""
    client, _membership = staff_client(role)
    home = client.get("/staff/verbivka/").content.decode()
    links = _links(home)
    if "/staff/verbivka/appeals/" in links:
        links |= _links(_subnav(client.get("/staff/verbivka/appeals/").content.decode()))

    answers = {link: client.get(link).status_code for link in sorted(links)}

    assert len(answers) >= 3
    assert {link: code for link, code in answers.items() if code not in (200, 302)} == {}


@pytest.mark.parametrize(
    ("role", "hidden"),
    [
        pytest.param(Role.ANALYST, ["Звернення", "Персонал", "Журнал аудиту"], id="analyst"),
        pytest.param(Role.HOTLINE_OPERATOR, ["Персонал", "Журнал аудиту"], id="operator"),
    ],
)
def test_a_role_does_not_see_the_areas_it_cannot_open(staff_client, role, hidden):
    client, _membership = staff_client(role)

    menu = _menu(client.get("/staff/verbivka/").content.decode())

    assert [label for label in hidden if f">{label}</a>" in menu] == []


def test_the_refusal_keeps_the_staff_menu_and_names_the_roles_that_open_the_page(staff_client):
    client, _membership = staff_client(Role.ANALYST)

    response = client.get("/staff/verbivka/audit/")
    page = response.content.decode()

    assert response.status_code == 403
    assert "/staff/verbivka/queue/" in _menu(page)
    assert "Аналітик" in page
    assert "Читати журнал аудиту" in page
    assert "Керівник центру" in page


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/staff/[^"]+)"', html))


def _subnav(page: str) -> str:
    start = page.index('class="vd-subnav__list"')
    return page[start : page.index("</ul>", start)]


def test_a_mystery_shopper_is_sent_to_their_reports_and_sees_no_staff_menu(staff_client):
    client, _membership = staff_client(Role.EVALUATOR)

    home = client.get("/staff/verbivka/")
    page = client.get(home["Location"]).content.decode()
    menu = _menu(page)

    assert home.status_code == 302
    assert home["Location"] == "/staff/verbivka/mystery/"
    assert "/staff/verbivka/mystery/" in menu
    for staff_area in ("appeals", "services", "surveys", "offices", "people", "audit"):
        assert f"/staff/verbivka/{staff_area}/" not in menu
    assert client.post("/staff/verbivka/calendar/", {"add": "1"}).status_code == 403
