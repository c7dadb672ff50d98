"""The public dashboard /<centre>/dashboard/ and the staff figures: the quarter beside the
previous one and a year earlier, every chart equal to its table and its CSV, nothing about 1–4
people on anything public, staff see everything of their own centre only."""

import csv
import io
import re

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.surveys.tests.factories import standard  # noqa: F401 — a fixture

from .dashboard_seed import TODAY, seed_dashboard

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def seeded(centre, standard, time_machine):  # noqa: F811
    time_machine.move_to(TODAY, tick=False)
    return seed_dashboard(centre, standard)


def _url(centre, **query):
    url = reverse("analytics_dashboard:dashboard", args=[centre.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _rows(table_html):
    return [
        [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr class=\"govuk-table__row\"[^>]*>(.*?)</tr>", table_html, re.S)
    ]


def _charts(page):
    """Each chart's slug, its SVG's bars (label, figure) and its table's rows."""
    found = {}
    for slug, body in re.findall(r'<section [^>]*data-chart="([^"]+)">(.*?)</section>', page, re.S):
        svg = ElementTree.fromstring(re.search(r"<svg.*?</svg>", body, re.S).group(0))
        texts = list(svg.iter(f"{SVG}text"))
        bars, label = [], []
        for text in texts:
            if text.get("font-weight") == "bold":
                bars.append((" ".join(label), text.text))
                label = []
            else:
                label.append(text.text or "")
        table = re.search(r"<tbody.*?</tbody>", body, re.S).group(0)
        found[slug] = {"bars": bars, "rows": _rows(table), "body": body}
    return found


def _figures(page):
    table = re.search(r'<table[^>]*id="key-figures-table".*?</table>', page, re.S).group(0)
    return {row[0]: row[1:] for row in _rows(table)}


def test_the_last_complete_quarter_is_shown_beside_the_previous_and_a_year_earlier(
    client, centre, seeded
):
    page = client.get(_url(centre)).content.decode()

    assert "Показники роботи центру: III квартал 2026" in page
    figures = _figures(page)
    assert figures["Талони електронної черги"] == ["33", "12", "8"]
    assert figures["Частка задоволених відвідувачів (чудово або добре), %"][0] == "80,0 %"
    assert figures["Індекс лояльності (КМУ №864), від −100 до +100"][0] == "+25,0"
    assert figures["Записи на прийом"][0] == "6"
    # Two no-shows: two people, so not shown at all.
    assert figures["Записані відвідувачі, які не прийшли"][0] == "приховано"


def test_every_chart_draws_exactly_the_figures_of_its_table(client, centre, seeded):
    page = client.get(_url(centre)).content.decode()

    charts = _charts(page)
    assert {"rating-scale", "tickets-by-weekday", "wait-by-hour"} <= set(charts)
    for slug, chart in charts.items():
        table = [(row[0], row[1]) for row in chart["rows"][:-1]]  # the total closes the table
        assert chart["bars"] == table, slug


def test_the_national_scale_chart_reads_the_four_levels(client, centre, seeded):
    page = client.get(_url(centre)).content.decode()

    assert _charts(page)["rating-scale"]["bars"] == [
        ("чудово", "12"), ("добре", "приховано"), ("прийнятно", "приховано"),
        ("жахливо", "приховано"),
    ]  # fmt: skip


def test_each_charts_csv_holds_the_same_lines_as_its_table(client, centre, seeded):
    page = client.get(_url(centre)).content.decode()

    for slug, chart in _charts(page).items():
        link = re.search(r'href="([^"]+\.csv[^"]*)"', chart["body"]).group(1).replace("&amp;", "&")
        response = client.get(link)
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(content), delimiter=";"))

        assert response.status_code == 200
        assert [_number(cell) for row in lines[1:] for cell in row] == [
            _number(cell) for row in chart["rows"] for cell in row
        ], slug


def _number(cell):
    """A cell as the same thing whether the page wrote it («1 234», «74,5 %», «+25,0») or the
    CSV («1234», «74.5», «25.0»)."""
    plain = cell.replace("\xa0", "").replace(" %", "").replace(",", ".").lstrip("+")
    try:
        return float(plain)
    except ValueError:
        return cell


def _small_counts(page):
    """Every figure of people that is 1–4: counts (and the answers behind a share) are written
    as whole numbers, means and shares always with a decimal, so a bare 1–4 is a small count."""
    cells = [cell for chart in _charts(page).values() for row in chart["rows"] for cell in row]
    cells += [text for chart in _charts(page).values() for _label, text in chart["bars"]]
    cells += [cell for row in _figures(page).values() for cell in row]
    return [cell for cell in cells if cell in {"1", "2", "3", "4"}]


def test_no_public_figure_is_about_one_to_four_people(client, centre, seeded):
    page = client.get(_url(centre)).content.decode()

    assert _small_counts(page) == []
    # The remote office's 3 tickets at 14:00 are hidden, and so the 9 o'clock figure with them.
    assert _charts(page)["wait-by-hour"]["rows"][:2] == [
        ["09:00–10:00", "приховано", "приховано"],
        ["14:00–15:00", "приховано", "приховано"],
    ]


def test_the_staff_page_of_the_same_centre_has_the_small_counts(staff_client, centre, seeded):
    client, _membership = staff_client(Role.HEAD)

    page = client.get(reverse("analytics_staff:figures", args=[centre.slug])).content.decode()

    assert _small_counts(page) != []  # the check above would have caught them


def test_staff_see_the_small_figures_the_public_page_hides(staff_client, centre, seeded):
    client, _membership = staff_client(Role.ANALYST)

    page = client.get(reverse("analytics_staff:figures", args=[centre.slug])).content.decode()

    assert _figures(page)["Записані відвідувачі, які не прийшли"][0] == "2"
    assert ("добре", "4") in _charts(page)["rating-scale"]["bars"]


def test_staff_without_the_capability_are_refused(staff_client, centre, seeded):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    response = client.get(reverse("analytics_staff:figures", args=[centre.slug]))

    assert response.status_code == 403


def test_another_centres_staff_get_404(staff_client, centre, other_centre, seeded):
    client, _membership = staff_client(Role.HEAD, for_centre=other_centre)

    figures = reverse("analytics_staff:figures", args=[centre.slug])
    csv_file = reverse("analytics_staff:figures_csv", args=[centre.slug, "rating-scale"])

    assert client.get(figures).status_code == 404
    assert client.get(csv_file).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "2027", "quarter": "1"}, "Виберіть рік зі списку."),
        ({"year": "²", "quarter": "x"}, "Виберіть квартал від I до IV."),
    ],
    ids=["year-ahead", "garbage"],
)
def test_a_wrong_period_is_explained_and_the_last_complete_quarter_shown(
    client, centre, seeded, query, message
):
    response = client.get(_url(centre, **query))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Показники роботи центру: III квартал 2026" in page


def test_a_chosen_quarter_is_shown(client, centre, seeded):
    page = client.get(_url(centre, year=2026, quarter=2)).content.decode()

    assert "Показники роботи центру: II квартал 2026" in page
    assert _figures(page)["Талони електронної черги"] == ["12", "0", "0"]


def test_a_quarter_that_has_not_started_is_refused(client, centre, seeded, time_machine):
    time_machine.move_to("2026-05-15 12:00+03:00", tick=False)

    page = client.get(_url(centre, year=2026, quarter=4)).content.decode()

    assert "Цей квартал ще не почався" in page
    assert "Показники роботи центру: I квартал 2026" in page


def test_an_unknown_chart_csv_is_404(client, centre, seeded):
    url = reverse("analytics_dashboard:csv", args=[centre.slug, "nothing-here"])

    assert client.get(url).status_code == 404


def test_the_dashboard_runs_a_bounded_number_of_queries_and_is_cached(
    client, centre, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(150):
        client.get(_url(centre))
    with django_assert_max_num_queries(3):
        client.get(_url(centre))


def test_a_csv_is_only_read(client, centre, seeded):
    known = reverse("analytics_dashboard:csv", args=[centre.slug, "rating-scale"])
    unknown = reverse("analytics_dashboard:csv", args=[centre.slug, "nothing-here"])

    assert client.post(known).status_code == 405
    assert client.post(unknown).status_code == 404
