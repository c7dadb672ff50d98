"""The public board «Ви сказали — ми зробили» and a decision's page, as a resident reads them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from vidhuk.decisions.services import PhotoIntake, indicator_add, progress_update_add
from vidhuk.surveys.models import Answer
from vidhuk.surveys.tests.factories import QuestionFactory, ResponseFactory

from .board_data import PERSONAL, board_fixture  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def board_url(board, **query) -> str:
    url = reverse("decisions:board", args=[board.centre.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, number: int) -> str:
    """The board's card of decision ``number``."""
    start = html.index(f'id="decision-{number}-title"')
    return html[start : html.index("</article>", start)]


def test_board_shows_each_published_decision_with_its_order_owner_unit_due_date_and_progress(
    client, board
):
    html = page_text(client, board_url(board))

    assert "Додаткові місця в залі очікування" in html
    assert "Розпорядження керівника № 45-од від 20.03.2026" in html
    assert "Відділ господарського забезпечення" in html
    assert "29.05.2026" in html
    assert "Виконано: 50 %" in html
    assert '<progress class="vd-decision-progress" max="100" value="50"' in html
    assert "Запис на час у Луговому" in html


def test_board_says_a_decision_past_its_due_date_is_overdue_and_a_milestone_slipped(client, board):
    html = page_text(client, board_url(board))
    seats = card(html, board.seats.number)

    assert "Прострочено" in seats
    assert "строк минув" in seats
    assert "запізнюється</strong>: <span>Встановлення крісел" in seats
    assert "Прострочено: 1" in html


def test_board_shows_what_residents_said_as_the_centres_summary(client, board):
    html = page_text(client, board_url(board))

    assert "Ви сказали" in html
    assert "в залі очікування бракує місць" in html


def test_board_lists_findings_still_awaiting_a_decision_overdue_and_closed_with_reason(
    client, board
):
    html = page_text(client, board_url(board))
    awaiting = html[html.index("Ви сказали — рішення ще немає") :]

    assert "Незрозумілі вказівники" in awaiting
    assert "Рішення мало бути до" in awaiting
    assert "Прохання працювати в неділю" in awaiting
    assert "Неділя — вихідний за регламентом" in awaiting
    assert "Мало місць для очікування" not in awaiting


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param(PERSONAL["draft"], id="draft-decision"),
        pytest.param(PERSONAL["internal_finding"], id="internal-finding"),
        pytest.param(PERSONAL["owner"], id="responsible-member"),
    ],
)
def test_board_never_shows_drafts_internal_findings_or_the_responsible_member(
    client, board, hidden
):
    assert hidden not in page_text(client, board_url(board))


@pytest.mark.parametrize(
    ("query", "shown", "not_shown"),
    [
        pytest.param({"state": "overdue"}, "Додаткові місця", "Запис на час", id="overdue"),
        pytest.param({"state": "done"}, "Запис на час", "Додаткові місця", id="done"),
        pytest.param({"topic": "Черги"}, "Запис на час", "Додаткові місця", id="topic"),
    ],
)
def test_board_filters_narrow_the_decisions(client, board, query, shown, not_shown):
    html = page_text(client, board_url(board, **query))
    decisions = html[html.index('id="decisions-title"') : html.index("Стежити й завантажити")]

    assert shown in decisions
    assert not_shown not in decisions


def test_board_filter_by_office(client, board):
    html = page_text(client, board_url(board, office=board.remote.pk))
    decisions = html[html.index('id="decisions-title"') :]

    assert "Запис на час у Луговому" in decisions
    assert "Додаткові місця" not in decisions
    assert "Незрозумілі вказівники" not in decisions  # a finding about the main office


def test_board_filter_with_an_unknown_value_says_so_and_shows_everything(client, board):
    html = page_text(client, board_url(board, office=999999))

    assert "Деякі фільтри не знайдено — їх не застосовано" in html
    assert "Додаткові місця" in html
    assert "Запис на час у Луговому" in html


def test_board_in_english_uses_the_english_texts_staff_wrote(client, board):
    html = page_text(client, "/en" + board_url(board))

    assert "More seats in the waiting area" in html
    assert "We are buying and installing 12 chairs" in html
    assert 'lang="uk">Запис на час у Луговому' in html


def test_board_pages_through_many_decisions(client, board):
    from vidhuk.decisions.services import decision_create, decision_transition

    for n in range(25):
        decision = decision_create(
            centre=board.centre,
            actor=None,
            kind="organisational",
            title=f"Захід {n:02d}",
            data={"owner_unit": "Відділ", "due_on": dt.date(2026, 12, 1)},
        )
        decision_transition(decision=decision, to_state="adopted", actor=None)

    first = page_text(client, board_url(board))
    second = page_text(client, board_url(board, page=2))

    assert first.count("vd-decision-card") == 20
    assert second.count("vd-decision-card") == 7
    assert 'aria-label="Сторінки рішень"' in first


def queries_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        page_text(client, url)
    return [query["sql"] for query in captured.captured_queries]


def test_board_query_count_does_not_grow_with_the_decisions(client, board):
    from vidhuk.decisions.services import decision_create, decision_transition, milestone_save

    page_text(client, board_url(board))  # the footer's hours are cached from the first page on
    few = queries_of(client, board_url(board))
    for n in range(15):
        decision = decision_create(
            centre=board.centre,
            actor=None,
            kind="organisational",
            title=f"Захід {n:02d}",
            findings=[board.overdue_finding],
            offices=[board.main],
            data={"owner_unit": "Відділ", "due_on": dt.date(2026, 12, 1)},
        )
        decision_transition(decision=decision, to_state="adopted", actor=None)
        milestone_save(decision=decision, actor=None, title="Етап", planned_on=dt.date(2026, 7, 1))

    many = queries_of(client, board_url(board))

    assert len(many) == len(few)
    assert len(many) <= 16


def test_decision_page_shows_milestones_public_updates_and_history(client, board):
    html = page_text(client, reverse("decisions:decision", args=[board.centre.slug, 1]))
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())

    assert "Етапи виконання" in html
    assert (
        "Закупівля крісел — заплановано на 15.04.2026: виконано 20.04.2026 — із запізненням" in text
    )
    assert "Встановлення крісел — заплановано на 15.05.2026: запізнюється" in text
    assert "Крісла закуплено, чекаємо доставку." in html
    assert PERSONAL["internal_update"] not in html
    assert "Історія" in html
    assert "Виконується" in html
    assert "Начальник ЦНАП" in html


@pytest.mark.parametrize(
    "which", [pytest.param("draft", id="draft"), pytest.param("unknown", id="unknown")]
)
def test_decision_page_of_a_draft_or_unknown_number_is_not_found(client, board, which):
    number = board.draft.number if which == "draft" else 999
    response = client.get(reverse("decisions:decision", args=[board.centre.slug, number]))

    assert response.status_code == 404


def test_decision_of_another_centre_is_not_found_under_this_centre(client, board, other_centre):
    from vidhuk.decisions.services import decision_create, decision_transition

    foreign = decision_create(
        centre=other_centre,
        actor=None,
        kind="organisational",
        title="Рішення Лугівського центру",
        data={"owner_unit": "Відділ", "due_on": dt.date(2026, 12, 1)},
    )
    decision_transition(decision=foreign, to_state="adopted", actor=None)
    Decision = type(foreign)
    Decision.objects.filter(pk=foreign.pk).update(number=77)

    response = client.get(reverse("decisions:decision", args=[board.centre.slug, 77]))

    assert response.status_code == 404


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _photo_url(board, *, is_public: bool) -> str:
    update = progress_update_add(
        decision=board.seats,
        actor=None,
        text="Крісла встановлено",
        is_public=is_public,
        photos=[
            PhotoIntake(
                file=SimpleUploadedFile("after.jpg", _jpeg(), "image/jpeg"),
                stage="after",
                caption="Нові крісла",
            )
        ],
    )
    photo = update.photos.get()
    return reverse("decisions:photo", args=[board.centre.slug, board.seats.number, photo.pk])


def test_photo_of_a_public_update_is_served_as_an_image_never_sniffed(
    client, board, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = _photo_url(board, is_public=True)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert "Нові крісла" in page_text(client, url.split("photos/")[0])


def test_photo_of_an_internal_update_is_not_found(client, board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = _photo_url(board, is_public=False)

    assert client.get(url).status_code == 404


def test_decision_page_shows_the_indicator_before_and_in_each_later_quarter_with_n(client, board):
    question = QuestionFactory(
        code="seats",
        text_uk="Місця очікування",
        section__version__questionnaire__centre=board.centre,
    )
    answers = [(dt.date(2026, 3, 25), 2), (dt.date(2026, 3, 26), 3)]  # fewer than 5: withheld
    answers += [(dt.date(2026, 4, 10), value) for value in (4, 5, 4, 5, 4)]
    for day, value in answers:
        response = ResponseFactory(version=question.version, office=board.main, submitted_on=day)
        Answer.objects.create(response=response, question=question, number=value)
    indicator_add(
        decision=board.seats,
        actor=None,
        questionnaire_id=question.version.questionnaire.pk,
        question_key="seats",
        label="Місця очікування, головний офіс",
        office=board.main,
        baseline={
            "value": 2.9,
            "scale_max": 5,
            "n": 214,
            "period_from": "2025-12-01",
            "period_to": "2026-02-28",
        },
    )

    html = page_text(client, reverse("decisions:decision", args=[board.centre.slug, 1]))
    start = html.index("Місця очікування, головний офіс")
    effect = html[start : html.index("</ul>", start)]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in effect.split("<li>")[1:]]

    assert rows == [
        "До рішення, 01.12.2025 – 28.02.2026: 2,9 з 5 (n = 214)",
        "01.01.2026 – 31.03.2026: приховано (менше 5 відповідей)",
        "01.04.2026 – 30.06.2026: 4,4 з 5 (n = 5)",
    ]
