"""The back-office menu offers each member the areas their role can open, and a mystery shopper
(a civic activist, not staff) only their own reports."""

import pytest

from vidhuk.accounts.choices import Role


def _menu(page: str) -> str:
    start = page.index('class="govuk-service-navigation__list"')
    return page[start : page.index("</ul>", start)]


@pytest.mark.parametrize(
    ("role", "sees_surveys"),
    [
        pytest.param(Role.HEAD, True, id="head"),
        pytest.param(Role.ANALYST, True, id="analyst-reads-results"),
        pytest.param(Role.HOTLINE_OPERATOR, True, id="operator-enters-paper-forms"),
    ],
)
def test_staff_see_the_surveys_area_when_their_role_reaches_it(staff_client, role, sees_surveys):
    client, _membership = staff_client(role)

    menu = _menu(client.get("/staff/verbivka/").content.decode())

    assert ("/staff/verbivka/surveys/" in menu) is sees_surveys
    assert "/staff/verbivka/appeals/" in menu


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
