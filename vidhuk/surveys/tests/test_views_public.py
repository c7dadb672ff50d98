"""The resident's survey pages: the standard questionnaire by open link and by visit code, abuse
checks, and what a stored response holds (issue 4, §3 and §7).

Time is moved with time-machine, never slept on.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from vidhuk.core.models import RateCount, SpentStamp
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import (
    Answer,
    Response,
)
from vidhuk.surveys.tests import factories, survey_form
from vidhuk.surveys.tests.survey_form import (
    CLIENT_ADDRESS,
    COMPLETE,
    MINIMAL,
    SURVEY_URL,
    THANKS_URL,
    form_data,
    send,
    stamp,
    stored,
)

# Fixtures shared by the surveys tests.
every_type = factories.every_type
frozen = factories.frozen
_fresh_cache = survey_form._fresh_cache
standard = factories.standard
visit_code = survey_form.visit_code


# --- the page ----------------------------------------------------------------------------------


def test_the_page_shows_every_section_and_question_with_the_privacy_note(client, standard):
    response = client.get(SURVEY_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Анкета відвідувача ЦНАП" in html
    assert "Ваші відповіді анонімні" in html
    assert "IP-адреси" in html
    assert html.count('<fieldset class="govuk-fieldset govuk-!-margin-bottom-6">') == 3
    for code in COMPLETE:
        assert f'name="{code}"' in html
    # Scales in a row of numbers, what their ends mean in the hint.
    assert 'class="govuk-radios vd-scale vd-scale--5"' in html
    assert 'class="govuk-radios vd-scale vd-scale--11"' in html
    assert "1 — зовсім незадоволений … 5 — повністю задоволений." in html
    assert 'type="checkbox" name="q_learned_from"' in html
    assert '<textarea name="q_improve"' in html


def test_the_page_speaks_english_when_english_is_chosen(client, standard):
    response = client.get("/en" + SURVEY_URL)

    html = response.content.decode()
    assert "Administrative service centre visitor questionnaire" in html
    assert "Purpose of your visit" in html
    assert "Мета вашого візиту" not in html


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert found, name
    return found.group(1)


def test_the_page_comes_from_the_cache_but_every_visitor_gets_a_form_of_their_own(standard):
    """The page is kept in the page cache with holes for its key and stamp, filled per visitor
    (vidhuk/core/pageholes.py); a form served from the cache is answered like a rendered one."""
    first = Client().get(SURVEY_URL, REMOTE_ADDR=CLIENT_ADDRESS)
    # A browser that accepts gzip still gets the holes filled (a page with holes is never
    # stored compressed).
    second = Client().get(SURVEY_URL, REMOTE_ADDR=CLIENT_ADDRESS, HTTP_ACCEPT_ENCODING="gzip")
    english = Client().get("/en" + SURVEY_URL).content.decode()
    ukrainian = Client().get(SURVEY_URL).content.decode()

    one, two = first.content.decode(), second.content.decode()
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Content-Encoding" not in second
    assert "\ue000" not in two
    for name in ("form_stamp", "submission_key"):
        assert _hidden(one, name) != _hidden(two, name)
    questions = one[one.index("<fieldset") : one.index('<button type="submit"')]
    assert questions in two
    assert "Purpose of your visit" in english
    assert "Purpose of your visit" not in ukrainian
    assert "Мета вашого візиту" in ukrainian
    shown = {name: _hidden(two, name) for name in ("form_stamp", "submission_key")}
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=20), tick=False):
        sent = send(Client(), {**MINIMAL, **shown, "website": ""})
    assert sent.status_code == 302
    assert Response.objects.count() == 1


def test_an_unknown_or_staff_only_questionnaire_is_404(client, standard):
    assert client.get("/verbivka/survey/no-such/").status_code == 404
    assert client.get("/verbivka/survey/mystery-shopper/").status_code == 404


def test_the_pages_are_never_cached_and_write_no_session(client, standard):
    page = client.get(SURVEY_URL)
    sent = send(client, form_data(MINIMAL))
    thanks = client.get(THANKS_URL)

    for response in (page, sent, thanks):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "strict-origin"
        assert set(response.cookies) <= {"csrftoken"}
    assert dict(client.session) == {}


def test_the_form_posts_without_a_csrf_token(standard):

    client = Client(enforce_csrf_checks=True)

    response = send(client, form_data(MINIMAL))

    assert response.status_code == 302
    assert Response.objects.count() == 1


# --- answering ---------------------------------------------------------------------------------


def test_the_standard_questionnaire_answered_completely(client, standard, frozen):
    response = send(client, form_data(COMPLETE))

    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    stored_response = Response.objects.get()
    assert stored_response.channel == Channel.WEB
    assert stored_response.submitted_on == dt.date(2026, 3, 2)
    assert stored(stored_response) == {
        **{code[2:]: value for code, value in COMPLETE.items()},
        **{
            code[2:]: int(COMPLETE[code])
            for code in COMPLETE
            if code.startswith("q_rate_") or code == "q_recommend"
        },
    }


def test_the_standard_questionnaire_answered_minimally(client, standard):
    response = send(client, form_data(MINIMAL))

    assert response.status_code == 302
    assert stored(Response.objects.get()) == {"purpose": "consultation", "overall": "acceptable"}


def test_the_thanks_page_says_what_happens_with_the_answers(client, standard):
    response = client.get(THANKS_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Дякуємо за відповіді" in html
    assert "Що буде з вашими відповідями" in html


def test_missing_required_answers_are_shown_at_each_question(client, standard):
    response = send(client, form_data({}))

    html = response.content.decode()
    assert response.status_code == 200
    purpose, overall = (
        response.context["form"].fields[name].label for name in ("q_purpose", "q_overall")
    )
    assert response.context["form"].errors == {
        "q_purpose": [f"Дайте відповідь на питання «{purpose}»."],
        "q_overall": [f"Дайте відповідь на питання «{overall}»."],
    }
    # The error summary names each question, not «this question» twice.
    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert f"Дайте відповідь на питання «{purpose}»." in summary
    assert f"Дайте відповідь на питання «{overall}»." in summary
    assert "Дайте відповідь на це питання." not in html
    assert 'href="#id_q_purpose_0"' in html
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param(
            "q_purpose", "holiday", "Оберіть один із запропонованих варіантів.", id="single"
        ),
        pytest.param(
            "q_sources",
            ["x", "nope"],
            "Оберіть лише запропоновані варіанти, кожен не більше одного разу.",
            id="multiple",
        ),
        pytest.param("q_speed", "6", "Вкажіть ціле число від 1 до 5.", id="rating"),
        pytest.param("q_recommend", "11", "Вкажіть ціле число від 0 до 10.", id="scale"),
        pytest.param("q_resolved", "maybe", "Відповідайте «так» або «ні».", id="yes-no"),
        pytest.param(
            "q_why_not",
            "x" * 4001,
            "задовга: можна не більше 4000 символів, а у вас 4001. Скоротіть її.",
            id="text",
        ),
        pytest.param(
            "q_rooms__hall",
            "sparkling",
            "Оберіть лише запропоновані варіанти в рядках таблиці.",
            id="matrix",
        ),
    ],
)
def test_each_invalid_answer_is_refused_at_its_question(client, every_type, field, value, message):
    slug = every_type.questionnaire.slug
    answers = {"q_speed": "3", "q_resolved": "no", "q_why_not": "Черга.", field: value}

    response = send(client, form_data(answers), url=f"/verbivka/survey/{slug}/")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    # Each message names its question, so the error summary reads on its own.
    (shown,) = errors[field]
    assert message in shown
    assert shown.startswith(("«", "Відповідь на питання «"))
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_skip_logic_hint_and_a_hidden_question_is_neither_required_nor_stored(client, every_type):
    url = f"/verbivka/survey/{every_type.questionnaire.slug}/"
    page = client.get(url).content.decode()

    response = send(
        client, form_data({"q_speed": "4", "q_resolved": "yes", "q_why_not": "ignored"}), url=url
    )

    assert "Дайте відповідь, якщо на питання" in page
    assert response.status_code == 302
    assert stored(Response.objects.get()) == {"speed": 4, "resolved": "yes"}


def test_skip_logic_requires_the_question_when_its_condition_is_met(client, every_type):
    url = f"/verbivka/survey/{every_type.questionnaire.slug}/"

    response = send(client, form_data({"q_speed": "4", "q_resolved": "no"}), url=url)

    label = response.context["form"].fields["q_why_not"].label
    assert response.context["form"].errors == {
        "q_why_not": [f"Дайте відповідь на питання «{label}»."]
    }
    assert Response.objects.count() == 0


def test_a_double_submit_stores_one_response(client, standard):
    data = form_data(MINIMAL)

    first = send(client, data)
    second = send(client, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == THANKS_URL
    assert Response.objects.count() == 1


# --- abuse checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(lambda: {"website": "http://spam"}, "заповнено службове поле", id="honeypot"),
        pytest.param(lambda: {"form_stamp": stamp(seconds_ago=0)}, "надто швидко", id="too-fast"),
        pytest.param(lambda: {"form_stamp": "forged:stamp"}, "застаріла", id="forged-stamp"),
    ],
)
def test_a_suspicious_form_is_refused_and_nothing_saved(client, standard, overrides, message):
    response = send(client, form_data(MINIMAL, **overrides()))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].non_field_errors())
    assert Response.objects.count() == 0


def test_the_rate_limit_answers_429_and_saves_nothing(client, standard, settings):
    settings.VIDHUK_SURVEY_RATE_LIMIT = 2
    for _ in range(2):
        send(client, form_data(MINIMAL))

    response = send(client, form_data(MINIMAL))

    assert response.status_code == 429
    assert "надіслали забагато форм" in response.content.decode()
    # The questionnaire comes back with the answers given, ready to send again.
    assert re.search(r'value="consultation"[^>]*checked', response.content.decode())
    assert response["Cache-Control"] == "private, no-store"
    assert Response.objects.count() == 2


def test_a_replayed_questionnaire_takes_no_place_in_the_limit(client, standard, settings):
    settings.VIDHUK_SURVEY_RATE_LIMIT = 2
    data = form_data(MINIMAL)
    assert send(client, data).status_code == 302
    for _ in range(3):  # the same stamp with another key: refused, its count given back
        replay = send(client, {**data, "submission_key": str(uuid.uuid4())})
        assert "вже надіслали" in " ".join(replay.context["form"].non_field_errors())

    second, third = send(client, form_data(MINIMAL)), send(client, form_data(MINIMAL))

    assert (second.status_code, third.status_code) == (302, 429)
    assert Response.objects.count() == 2


def test_the_rate_limit_counters_hold_no_address(client, standard):
    send(client, form_data(MINIMAL))

    counted = [(row.key, row.count) for row in RateCount.objects.all()]
    stamps = list(SpentStamp.objects.values_list("digest", "once_for"))
    assert [count for _key, count in counted] == [1]
    assert len(stamps) == 1
    assert not any(CLIENT_ADDRESS in text for row in [*counted, *stamps] for text in map(str, row))


# --- anonymity: what the row holds ---------------------------------------------------------------


def test_the_response_row_holds_no_address_time_or_person(client, standard, frozen):
    send(client, form_data(COMPLETE), url=SURVEY_URL)

    row = Response.objects.get()
    fields = model_to_dict(row)
    assert set(fields) == {
        "id",
        "centre",
        "version",
        "office",
        "service",
        "channel",
        "submitted_on",
        "submission_key",
        "batch",
    }
    assert fields["submitted_on"] == dt.date(2026, 3, 2)
    assert fields["batch"] is None
    assert not isinstance(fields["submitted_on"], dt.datetime)
    assert fields["office"] is None
    assert fields["service"] is None
    assert CLIENT_ADDRESS not in repr(fields)
    answer_columns = {f.name for f in Answer._meta.concrete_fields}
    assert answer_columns == {
        "id",
        "response",
        "question",
        "row",
        "choice",
        "number",
        "text",
        "moderation",
        "public_text",
    }


def test_answers_sent_back_with_errors_speak_the_page_language_one_after_the_other(
    client, standard
):
    """The question fields of a published version are built once per language and kept: each
    language gets its own."""
    english = send(client, form_data({}), url="/en" + SURVEY_URL).content.decode()
    ukrainian = send(client, form_data({}), url=SURVEY_URL).content.decode()
    english_again = send(client, form_data({}), url="/en" + SURVEY_URL).content.decode()

    assert "Purpose of your visit" in english
    assert "Мета вашого візиту" not in english
    assert "Мета вашого візиту" in ukrainian
    assert "Purpose of your visit" not in ukrainian
    assert english_again.count("Purpose of your visit") == english.count("Purpose of your visit")
    assert "govuk-error-summary" in english
    assert "govuk-error-summary" in ukrainian
