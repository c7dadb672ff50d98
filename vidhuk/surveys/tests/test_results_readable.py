"""Results pages people can read: charts sized for a phone and titled, the page folded below its
headline figures, the questionnaire's English text on English pages (Ukrainian marked so)."""

# ruff: noqa: F811 — fixtures are imported from test_results_views

import re

from vidhuk.surveys.charts import FONT_SIZE, WIDTH, Bar, bar_chart
from vidhuk.surveys.models import Question
from vidhuk.surveys.tests.test_results_views import answered, standard  # noqa: F401

URL = "/verbivka/survey/visitor-survey/results/"


def test_a_chart_is_drawn_at_phone_size_with_long_labels_wrapped():
    chart = bar_chart(
        chart_id="c",
        title="Частка задоволених за офісами, %",
        description="",
        bars=[Bar("Віддалене робоче місце в селі Лугове біля старого млина", 70.0, "70,0 %")],
        maximum=100,
    )

    svg = str(chart.svg)
    assert chart.title == "Частка задоволених за офісами, %"
    # Drawn 340 px wide and never scaled up: 16 px type stays ≥ 12 px down to a 320 px phone.
    assert f'viewBox="0 0 {WIDTH} ' in svg
    assert f'width="{WIDTH}"' in svg
    assert WIDTH * 12 / FONT_SIZE <= 320 - 2 * 15
    assert set(re.findall(r'font-size="(\d+)"', svg)) == {str(FONT_SIZE)}
    # The long name is two lines of text, not one running off the chart.
    assert "Віддалене робоче місце в селі" in svg
    assert svg.count("<text") == 3


def test_the_public_page_starts_with_the_headline_figures_and_folds_the_rest(
    client, centre, answered
):
    answered.results_public = True
    answered.save()

    html = client.get(URL).content.decode()

    headline = html.index("Головні показники")
    assert html.index("<details") > headline
    assert "vd-chart" not in html[:headline]
    # Every chart sits in a folded section, with a visible title.
    charts = html.count('<figure class="vd-results-chart">')
    assert charts > 5
    assert html.count('<figcaption class="vd-results-chart__title"') == charts
    for figure in re.findall(r'<figure class="vd-results-chart">.*?</figure>', html, re.S):
        start = html.index(figure)
        assert html.rfind("<details", 0, start) > html.rfind("</details>", 0, start)


def test_english_results_show_the_english_questions_and_mark_ukrainian_text(
    client, centre, answered
):
    answered.results_public = True
    answered.save()
    # A question staff left without English: shown in Ukrainian, marked lang="uk".
    Question.objects.filter(code="purpose").update(text_en="")
    overall = Question.objects.filter(code="overall").first()

    html = client.get("/en" + URL).content.decode()

    assert overall.text_en
    assert overall.text_en in html
    assert f">{overall.text_uk}<" not in html
    assert re.search(r'<span[^>]* lang="uk">Мета вашого візиту</span>', html)
    assert "Administrative service centre visitor questionnaire" in html
