"""What one survey answer costs the database (issue 15, part 4: the same as an appeal, ≤ 12).

Counted as production runs it (`transaction=True`, so no test savepoints are counted). The
response, its answers and the results version are one statement, atomic on its own
(services/response_store.py): no BEGIN or COMMIT.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.surveys.models import Response
from vidhuk.surveys.tests import factories, survey_form
from vidhuk.surveys.tests.survey_form import (
    CLIENT_ADDRESS,
    COMPLETE,
    MINIMAL,
    SURVEY_URL,
    form_data,
    shown_version,
)

_fresh_cache = survey_form._fresh_cache
standard = factories.standard
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("answers", [MINIMAL, COMPLETE], ids=["minimal", "complete"])
def test_an_answer_runs_at_most_six_statements(client, standard, answers):
    data = {"shown_version": shown_version(SURVEY_URL), **form_data(answers)}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(SURVEY_URL, data, REMOTE_ADDR=CLIENT_ADDRESS)

    statements = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 302
    assert Response.objects.count() == 1
    # Centre, version, sections, questions, the rate limit with the stamp, and the response with
    # its answers and the results version: 6.
    assert len(statements) <= 6, "\n".join(sql[:200] for sql in statements)
    assert [sql for sql in statements if "core_ratecount" in sql and "core_spentstamp" in sql]
    assert "surveys_resultsversion" in statements[-1]
    assert not {"BEGIN", "COMMIT"} & set(statements)
    assert not any("SAVEPOINT" in sql for sql in statements)
    assert not any("django_session" in sql for sql in statements)


def _post(client, answers):
    data = {"shown_version": shown_version(SURVEY_URL), **form_data(answers)}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(SURVEY_URL, data, REMOTE_ADDR=CLIENT_ADDRESS)
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_next_answer_reads_no_questionnaire(client, standard):
    """The published version with its sections and questions is kept under the centre's page
    version (it is frozen once published): only the first answer reads it."""
    _post(client, MINIMAL)

    response, statements = _post(client, COMPLETE)

    assert response.status_code == 302
    assert Response.objects.count() == 2
    assert len(statements) <= 3, "\n".join(sql[:200] for sql in statements)
    assert not any("surveys_question" in sql for sql in statements)


def test_answers_sent_back_with_errors_touch_no_counter(client, standard):
    """Only stored answers count against the per-client limit: a form with errors is checked
    before the counter, and then only the centre was read (the page's footer and navigation are
    kept after the first page)."""
    _post(client, MINIMAL)
    _post(client, {})

    response, statements = _post(client, {})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert len(statements) <= 1, "\n".join(sql[:200] for sql in statements)
    assert not any("ratecount" in sql.lower() for sql in statements)
