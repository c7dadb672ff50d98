"""The resident's form: abuse and safety (double submit, honeypot, speed, rate limit, no
address stored).

Time is moved with time-machine, never slept on.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.models import Appeal, AppealEvent
from vidhuk.appeals.tests import factories, public_form
from vidhuk.appeals.tests.public_form import (
    CLIENT_ADDRESS,
    errors_of,
    form_data,
    form_url,
    send,
    stamp,
)
from vidhuk.core.models import AuditEvent, RateCount, SpentStamp

frozen = factories.frozen
_isolated = public_form._isolated


# --- abuse and safety ----------------------------------------------------------------------------


def test_a_double_submit_makes_one_case(client, centre):
    data = form_data()

    first = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)
    second = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)

    assert Appeal.objects.count() == 1
    assert first["Location"].startswith("/verbivka/appeals/sent/?r=")
    # The browser shows the answer to the last click: the confirmation of the one case.
    receipt = client.get(second["Location"]).context["receipt"]
    assert receipt["registration_index"] == Appeal.objects.get().registration_index


def test_a_filled_honeypot_is_refused_with_a_plain_message(client, centre):
    response = send(client, Kind.QUESTION, website="https://spam.example")

    assert response.status_code == 200
    assert errors_of(response) == [
        "Форму не надіслано: заповнено службове поле, яке має лишатися порожнім. Якщо ви "
        "людина, очистьте поле «Залиште це поле порожнім» і надішліть ще раз."
    ]
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize(
    ("form_stamp", "message"),
    [
        pytest.param(
            lambda: stamp(seconds_ago=1),
            "Форму надіслано надто швидко — так роблять автоматичні програми. Перевірте "
            "відповіді й надішліть ще раз.",
            id="too-fast",
        ),
        pytest.param(
            lambda: stamp(seconds_ago=25 * 3600),
            "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз.",
            id="older-than-a-day",
        ),
        pytest.param(
            lambda: "forged:stamp",
            "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз.",
            id="forged",
        ),
        pytest.param(
            lambda: "",
            "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз.",
            id="missing",
        ),
    ],
)
def test_a_form_sent_too_fast_or_too_late_is_refused(client, centre, form_stamp, message):
    response = send(client, Kind.QUESTION, form_stamp=form_stamp())

    assert errors_of(response) == [message]
    assert message in response.content.decode()
    assert Appeal.objects.count() == 0


def test_a_person_correcting_mistakes_is_not_told_about_speed(client, centre):
    response = send(client, Kind.QUESTION, text="", form_stamp=stamp(seconds_ago=0))

    assert errors_of(response) == ["Напишіть, про що ваше повідомлення."]


def test_a_refused_form_can_be_sent_again_after_a_pause(client, centre, time_machine):
    data = form_data(form_stamp=stamp(seconds_ago=0))
    refused = client.post(form_url(Kind.QUESTION), data)
    fresh_stamp = refused.context["form"]["form_stamp"].value()

    time_machine.move_to(timezone.now() + dt.timedelta(seconds=5))
    accepted = client.post(form_url(Kind.QUESTION), {**data, "form_stamp": fresh_stamp})

    assert fresh_stamp != data["form_stamp"]
    assert accepted.status_code == 302
    assert Appeal.objects.count() == 1


def test_the_honeypot_is_hidden_from_everyone(client, centre):
    html = client.get(form_url(Kind.QUESTION)).content.decode()

    trap = re.search(r'<div class="vd-appeal-extra" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap is not None
    assert 'tabindex="-1"' in trap.group(1)
    assert "Залиште це поле порожнім" in trap.group(1)


def test_more_than_the_limit_from_one_client_gets_429_and_saves_nothing(client, centre, settings):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 10
    for _ in range(10):
        assert send(client, Kind.QUESTION).status_code == 302  # saved, so counted

    limited = send(client, Kind.QUESTION)
    other = "198.51.100.5"
    other_client = client.post(
        form_url(Kind.QUESTION), form_data(form_stamp=stamp(client=other)), REMOTE_ADDR=other
    )

    assert limited.status_code == 429
    assert "надіслали забагато форм" in limited.content.decode()
    assert other_client.status_code == 302
    assert Appeal.objects.count() == 11


def test_the_rate_limit_window_passes(client, centre, settings, time_machine):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 2
    for _ in range(3):
        send(client, Kind.QUESTION)
    assert send(client, Kind.QUESTION).status_code == 429

    time_machine.move_to(timezone.now() + dt.timedelta(minutes=11))
    response = send(client, Kind.QUESTION)

    assert response.status_code == 302


def test_the_rate_limit_counters_hold_no_address(client, centre):
    send(client, Kind.QUESTION)

    counted = [(row.key, row.count) for row in RateCount.objects.all()]
    stamps = list(SpentStamp.objects.values_list("digest", "once_for"))
    assert [count for _key, count in counted] == [1]
    assert len(stamps) == 1
    assert not any(CLIENT_ADDRESS in text for row in [*counted, *stamps] for text in map(str, row))


def test_no_client_address_is_stored_with_the_case(client, centre):
    client.post(
        form_url(Kind.COMPLAINT),
        form_data(),
        REMOTE_ADDR=CLIENT_ADDRESS,
        HTTP_X_FORWARDED_FOR=CLIENT_ADDRESS,
    )

    appeal = Appeal.objects.get()
    rows = [
        model_to_dict(appeal),
        {field.attname: getattr(appeal, field.attname) for field in Appeal._meta.concrete_fields},
        *AppealEvent.objects.filter(appeal=appeal).values(),
        *AuditEvent.objects.values(),
    ]
    assert not [row for row in rows if CLIENT_ADDRESS in repr(row)]
