"""A visit code's answer cannot be paired with its token: on PostgreSQL, in committed
transactions, proven on the system column ``xmin`` (the id of the transaction that wrote a row).

Before, the token row was updated in the answering transaction, so ``response.xmin ==
token.xmin + 1`` paired every answer with its token (and the token with its queue ticket).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from vidhuk.core.tests.factories import CentreFactory, OfficeFactory
from vidhuk.surveys import services
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Response, SpentVisitCode, VisitToken
from vidhuk.surveys.services.responses import spent_visit_codes_tidy, visit_code_is_spent
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, VersionFactory
from vidhuk.surveys.tokens import spent_code_digest, visit_code_hash

DAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _xmin(table: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text::bigint FROM {table}")  # noqa: S608 — our own names
        return [row[0] for row in cursor.fetchall()]


def _pairs_by_xmin() -> list[tuple[int, int]]:
    """The reviewer's query: every token next to a response written one transaction id later
    (the answer's savepoint), or in the same transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id, r.id FROM surveys_visittoken t JOIN surveys_response r"
            " ON r.xmin::text::bigint IN (t.xmin::text::bigint, t.xmin::text::bigint + 1)"
        )
        return cursor.fetchall()


def _setup(count: int = 3):
    centre = CentreFactory()
    office = OfficeFactory(centre=centre)
    version = VersionFactory(questionnaire__centre=centre)
    QuestionFactory(section=SectionFactory(version=version), code="speed")
    codes = services.visit_tokens_issue(
        centre=centre,
        office=office,
        service=None,
        valid_on=timezone.localdate(),
        count=count,
        actor=None,
    )
    return centre, version, codes


def _answer(version, code, key="form-1"):
    return services.response_submit(
        version=version,
        channel=Channel.VISIT_TOKEN,
        answers={"speed": 4},
        submission_key=key,
        visit_token=code,
    )


@pytest.mark.django_db(transaction=True)
def test_an_answered_code_leaves_no_token_row_to_pair_with_the_answer():
    centre, version, codes = _setup()
    # Life goes on between printing the slips and a visitor answering: another transaction
    # commits. (Without it the answer's transaction id follows the issuing one's by chance and
    # the query below would pair the codes left unanswered with it.)
    CentreFactory()

    response = _answer(version, codes[0])

    assert _pairs_by_xmin() == []
    assert not VisitToken.objects.filter(code_hash=visit_code_hash(codes[0])).exists()
    assert VisitToken.objects.count() == 2  # the codes not answered with are untouched
    # No row written with the answer shares a transaction id with a token left.
    written = set(_xmin("surveys_response")) | set(_xmin("surveys_answer"))
    written |= set(_xmin("surveys_spentvisitcode"))
    assert written.isdisjoint(_xmin("surveys_visittoken"))
    assert response.office_id is not None


@pytest.mark.django_db(transaction=True)
def test_the_spent_row_holds_a_digest_of_its_own_and_only_the_centre():
    centre, version, [code] = _setup(count=1)
    token_hash = visit_code_hash(code)

    _answer(version, code)

    spent = SpentVisitCode.objects.get()
    assert spent.digest == spent_code_digest(code)
    assert spent.digest != token_hash  # a backup of the token row does not find it
    assert [f.name for f in SpentVisitCode._meta.concrete_fields] == [
        "centre",
        "digest",
        "spent_on",
    ]
    assert visit_code_is_spent(code=code.lower(), centre=centre)
    assert not visit_code_is_spent(code=code, centre=CentreFactory())


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_rewrites_the_spent_rows_away_from_the_answers_transaction():
    _centre, version, [code] = _setup(count=1)
    _answer(version, code)
    [answered_in] = _xmin("surveys_answer")
    assert _xmin("surveys_spentvisitcode") == [answered_in]

    out = io.StringIO()
    call_command("surveys_daily", stdout=out)

    assert out.getvalue() == "surveys: 0 spent visit code(s) forgotten\n"

    assert SpentVisitCode.objects.count() == 1
    assert _xmin("surveys_spentvisitcode") != [answered_in]


@pytest.mark.django_db
def test_spent_codes_are_kept_while_a_code_could_be_valid_then_forgotten():
    with time_machine.travel(DAY, tick=False):
        _centre, version, [code] = _setup(count=1)
        _answer(version, code)

    kept = spent_visit_codes_tidy(today=DAY.date() + dt.timedelta(days=14))
    forgotten = spent_visit_codes_tidy(today=DAY.date() + dt.timedelta(days=15))

    assert (kept, forgotten) == (0, 1)
    assert SpentVisitCode.objects.count() == 0
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_reused_code_is_told_already_used_and_nothing_is_saved():
    with time_machine.travel(DAY, tick=False):
        _centre, version, [code] = _setup(count=1)
        _answer(version, code)

        with pytest.raises(ValidationError, match="За цим кодом уже відповіли"):
            _answer(version, code, key="form-2")

    assert (Response.objects.count(), Answer.objects.count()) == (1, 1)
    assert SpentVisitCode.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_code_is_told_invalid_and_an_old_one_expired():
    with time_machine.travel(DAY, tick=False):
        _centre, version, [code] = _setup(count=1)
        with pytest.raises(ValidationError, match="Код візиту недійсний"):
            _answer(version, "ABCDEFGHJKMN")
    with (
        time_machine.travel(DAY + dt.timedelta(days=8), tick=False),
        pytest.raises(ValidationError, match="Строк дії коду візиту минув"),
    ):
        _answer(version, code)

    assert Response.objects.count() == 0
    assert VisitToken.objects.count() == 1
    assert SpentVisitCode.objects.count() == 0
