"""The resident's pages: the guided start, the form of each kind, voluntary demographics."""

from __future__ import annotations

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import Channel, Kind, YesNoUndisclosed
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests import factories, public_form
from vidhuk.appeals.tests.public_form import (
    errors_of,
    form_url,
    send,
)
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory

frozen = factories.frozen
_isolated = public_form._isolated


# --- the guided start ---------------------------------------------------------------------------


def test_start_asks_what_the_resident_wants_to_do(client, centre):
    response = client.get("/verbivka/appeals/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Що ви хочете зробити?" in html
    assert "Подякувати, зауважити щодо обслуговування або поставити запитання" in html
    assert "Подати пропозицію, заяву (клопотання) або скаргу" in html
    assert "Запросити публічну інформацію" in html
    assert [value for value, _label in response.context["form"].fields["group"].choices] == [
        "feedback",
        "appeal",
        "info_request",
    ]


@pytest.mark.parametrize(
    ("group", "next_url"),
    [
        pytest.param("feedback", "/verbivka/appeals/feedback/", id="feedback"),
        pytest.param("appeal", "/verbivka/appeals/appeal/", id="appeal"),
        pytest.param("info_request", "/verbivka/appeals/who/info_request/", id="info-request"),
    ],
)
def test_start_leads_to_the_next_question(client, centre, group, next_url):
    response = client.post("/verbivka/appeals/", {"group": group})

    assert response.status_code == 302
    assert response["Location"] == next_url


def test_start_without_an_answer_shows_the_error_at_the_top_and_in_the_title(client, centre):
    response = client.post("/verbivka/appeals/", {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Помилка:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_group_0"' in html
    assert "Виберіть, що ви хочете зробити." in html


@pytest.mark.parametrize(
    ("group", "kind"),
    [
        pytest.param("feedback", Kind.QUALITY_REMARK, id="feedback"),
        pytest.param("appeal", Kind.COMPLAINT, id="appeal"),
    ],
)
def test_choosing_a_kind_leads_to_the_name_question(client, centre, group, kind):
    response = client.post(f"/verbivka/appeals/{group}/", {"kind": kind})

    assert response["Location"] == f"/verbivka/appeals/who/{kind}/"


def test_a_kind_of_another_group_is_refused(client, centre):
    response = client.post("/verbivka/appeals/feedback/", {"kind": Kind.COMPLAINT})

    assert response.status_code == 200
    assert errors_of(response) == ["Виберіть один із запропонованих варіантів."]


@pytest.mark.parametrize(
    ("kind", "identity", "next_url"),
    [
        pytest.param(Kind.THANKS, "named", "/verbivka/appeals/new/thanks/", id="feedback-named"),
        pytest.param(
            Kind.THANKS, "anonymous", "/verbivka/appeals/new/thanks/anonymous/", id="feedback-anon"
        ),
        pytest.param(
            Kind.COMPLAINT, "anonymous", "/verbivka/appeals/new/complaint/anonymous/", id="appeal"
        ),
    ],
)
def test_the_name_question_leads_to_the_right_form(client, centre, kind, identity, next_url):
    response = client.post(f"/verbivka/appeals/who/{kind}/", {"identity": identity})

    assert response["Location"] == next_url


def test_unknown_kind_is_a_404(client, centre):
    assert client.get("/verbivka/appeals/who/petition/").status_code == 404
    assert client.get("/verbivka/appeals/new/petition/").status_code == 404


@pytest.mark.parametrize("kind", [Kind.PROPOSAL, Kind.STATEMENT, Kind.COMPLAINT, Kind.INFO_REQUEST])
def test_anonymous_appeal_explains_article_8_and_offers_anonymous_feedback(client, centre, kind):
    response = client.get(form_url(kind, anonymous=True))

    html = response.content.decode()
    assert response.status_code == 200
    assert "form" not in response.context
    assert 'href="/verbivka/appeals/new/quality_remark/anonymous/"' in html
    assert f'href="/verbivka/appeals/new/{kind}/"' in html


def test_anonymous_appeal_is_explained_under_article_8(client, centre):
    html = client.get(form_url(Kind.COMPLAINT, anonymous=True)).content.decode()

    assert "Анонімне звернення не розглядається" in html
    assert "статтею 8 Закону «Про звернення громадян»" in html


def test_an_anonymous_appeal_never_becomes_a_case(client, centre):
    response = send(client, Kind.COMPLAINT, anonymous=True)

    assert response.status_code == 200
    assert Appeal.objects.count() == 0


# --- each kind through the form ------------------------------------------------------------------


@pytest.mark.parametrize("kind", [kind.value for kind in Kind])
def test_each_kind_is_registered_from_the_web_form(client, centre, kind):
    response = send(client, kind)

    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/verbivka/appeals/sent/?r=")
    assert (appeal.kind, appeal.channel, appeal.full_name, appeal.email, appeal.phone) == (
        kind,
        Channel.WEB,
        "Шевченко Марія Петрівна",
        "maria@example.com",
        "+380671234567",
    )
    assert appeal.consent_text.startswith("ЦНАП Вербівської міської ради обробляє")
    assert appeal.consent_given_at is not None


def test_a_formal_appeal_keeps_signatories_and_benefits(client, centre):
    send(client, Kind.COMPLAINT, signatories_count="12", is_benefit_holder="on",
         applicant_category="combatant")  # fmt: skip

    appeal = Appeal.objects.get()
    assert (appeal.signatories_count, appeal.is_collective, appeal.is_benefit_holder) == (
        12,
        True,
        True,
    )
    assert appeal.applicant_category == "combatant"


def test_an_urgent_information_request_keeps_its_grounds(client, centre):
    send(client, Kind.INFO_REQUEST, is_urgent="on", urgency_reason="Підтоплення вулиці.")

    appeal = Appeal.objects.get()
    assert (appeal.is_urgent, appeal.urgency_reason) == (True, "Підтоплення вулиці.")
    assert appeal.due_at - appeal.received_at <= dt.timedelta(hours=48)


def test_an_information_request_needs_only_a_name_and_a_postal_address(client, centre):
    send(client, Kind.INFO_REQUEST, email="", phone="")

    assert Appeal.objects.get().address == "м. Вербівка, вул. Садова, 5, кв. 2"


def test_anonymous_feedback_keeps_no_personal_data_even_when_sent(client, centre):
    response = send(client, Kind.QUALITY_REMARK, anonymous=True)

    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert (appeal.is_anonymous, appeal.full_name, appeal.email, appeal.phone, appeal.address) == (
        True,
        "",
        "",
        "",
        "",
    )
    assert appeal.registration_index.startswith("Ан-")


@pytest.mark.parametrize(
    ("kind", "overrides", "message"),
    [
        pytest.param(Kind.COMPLAINT, {"full_name": ""},
                     "Вкажіть прізвище, ім’я та по батькові.", id="appeal-name"),
        pytest.param(Kind.COMPLAINT, {"address": ""},
                     "Вкажіть місце проживання.", id="appeal-residence"),
        pytest.param(Kind.PROPOSAL, {"email": "", "phone": ""},
                     "Вкажіть електронну пошту або телефон, щоб ми могли вам відповісти.",
                     id="appeal-contact"),
        pytest.param(Kind.STATEMENT, {"consent": ""},
                     "Щоб ми могли розглянути ваше повідомлення, погодьтеся на обробку "
                     "персональних даних.", id="appeal-consent"),
        pytest.param(Kind.INFO_REQUEST, {"email": "", "address": ""},
                     "Вкажіть електронну пошту або поштову адресу для відповіді.",
                     id="info-address"),
        pytest.param(Kind.INFO_REQUEST, {"is_urgent": "on"},
                     "Поясніть, чому запит терміновий.", id="info-urgent-reason"),
        pytest.param(Kind.THANKS, {"full_name": ""},
                     "Вкажіть прізвище, ім’я та по батькові.", id="feedback-named"),
        pytest.param(Kind.QUESTION, {"text": ""},
                     "Напишіть, про що ваше повідомлення.", id="text"),
        pytest.param(Kind.COMPLAINT, {"phone": "12"},
                     "Вкажіть номер телефону так: 067 123 45 67 або +380 67 123 45 67.",
                     id="phone"),
    ],
)  # fmt: skip
def test_fields_the_law_requires_for_each_kind(client, centre, kind, overrides, message):
    response = send(client, kind, **overrides)

    assert response.status_code == 200
    assert errors_of(response) == [message]
    assert message in response.content.decode()
    assert "<title>Помилка:" in response.content.decode()
    assert Appeal.objects.count() == 0


def test_feedback_needs_no_contact(client, centre):
    send(client, Kind.THANKS, email="", phone="", address="")

    assert Appeal.objects.get().kind == Kind.THANKS


def test_the_form_shows_only_the_fields_of_its_kind(client, centre):
    appeal_form = client.get(form_url(Kind.COMPLAINT)).context["form"]
    request_form = client.get(form_url(Kind.INFO_REQUEST)).context["form"]
    anonymous_form = client.get(form_url(Kind.THANKS, anonymous=True)).context["form"]

    assert {"signatories_count", "is_benefit_holder"} <= set(appeal_form.fields)
    assert "is_urgent" not in appeal_form.fields
    assert {"is_urgent", "urgency_reason"} <= set(request_form.fields)
    assert "is_benefit_holder" not in request_form.fields
    assert not {"full_name", "email", "consent"} & set(anonymous_form.fields)


def test_the_consent_text_says_how_long_data_is_kept(client, centre):
    services.appeals_settings_update(
        centre=centre, actor=MembershipFactory(centre=centre, role=Role.HEAD).user,
        retention_days=3 * 365, digest_enabled=True,
    )  # fmt: skip

    html = client.get(form_url(Kind.COMPLAINT)).content.decode()

    assert "Після завершення розгляду їх зберігають не довше 3 років" in html


def test_office_and_service_come_from_the_centres_own_lists(client, centre, other_centre):
    office = OfficeFactory(centre=centre)
    service = ServiceFactory(centre=centre)
    foreign = ServiceFactory(centre=other_centre)

    refused = send(client, Kind.QUALITY_REMARK, service=str(foreign.pk))
    send(client, Kind.QUALITY_REMARK, office=str(office.pk), service=str(service.pk))

    assert errors_of(refused) == ["Виберіть послугу зі списку."]
    appeal = Appeal.objects.get()
    assert (appeal.office, appeal.service) == (office, service)


# --- voluntary demographics ----------------------------------------------------------------------


def test_demographics_are_kept_only_with_their_own_consent(client, centre):
    send(client, Kind.THANKS, anonymous=True, sex="female", age_group="60_plus",
         is_idp="undisclosed", is_veteran="no", demographics_consent="on")  # fmt: skip

    appeal = Appeal.objects.get()
    assert (appeal.sex, appeal.age_group, appeal.is_idp, appeal.is_veteran) == (
        "female",
        "60_plus",
        YesNoUndisclosed.UNDISCLOSED,
        YesNoUndisclosed.NO,
    )
    assert appeal.demographics_consent_at is not None


def test_demographic_answers_without_consent_are_not_taken(client, centre):
    response = send(client, Kind.COMPLAINT, sex="male")

    assert errors_of(response) == [
        "Щоб зберегти відповіді про себе, погодьтеся на їх використання — або залиште ці "
        "питання без відповіді."
    ]
    assert Appeal.objects.count() == 0


def test_no_demographics_no_consent_date(client, centre):
    send(client, Kind.COMPLAINT)

    appeal = Appeal.objects.get()
    assert (appeal.sex, appeal.demographics_consent_at) == ("", None)


def test_a_resident_is_told_of_decisions_only_when_they_tick_the_box(client, centre):
    page = client.get(form_url(Kind.COMPLAINT)).content.decode()
    send(client, Kind.COMPLAINT, wants_decision_updates="on")
    send(client, Kind.COMPLAINT)

    assert "Повідомляйте мене про рішення, які центр ухвалить за цим повідомленням" in page
    assert list(Appeal.objects.order_by("id").values_list("wants_decision_updates", flat=True)) == [
        True,
        False,
    ]


def test_anonymous_feedback_is_never_asked_to_be_told(client, centre):
    page = client.get(form_url(Kind.THANKS, anonymous=True)).content.decode()
    send(client, Kind.THANKS, anonymous=True, wants_decision_updates="on")

    assert "Повідомляйте мене про рішення" not in page
    assert Appeal.objects.get().wants_decision_updates is False
