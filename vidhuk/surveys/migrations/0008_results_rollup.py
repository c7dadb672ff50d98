"""The results rollup (issue 15 part 5): counts per questionnaire × day (and × month) × office ×
channel × version × question × answer, so a results filter never computed before is a SUM over
a few thousand rows instead of a scan of millions of answers (``results/rollup.py``).

Kept by PostgreSQL itself, in the transaction that changes the answers: statement-level AFTER
triggers on the responses and the answers (with transition tables, so a bulk insert of a
million answers is one aggregate) add what a statement stored and take away what it removed or
changed. Every way a response is written — ``response_submit``, paper entry, scanning, imports,
the checklists, a removal, raw SQL of a benchmark — keeps it exact, and it is never stale: it
commits with the answers or not at all.

Rows (``n`` may reach 0 after removals and is then left):
- ``question_id`` 0 is the response itself (the headline counts);
- ``value`` is the answer as the results count it (``answer_key``), ``*`` a respondent of a
  multiple-choice or matrix question (counted once however many boxes are ticked);
- ``by_question_id``/``by_value``: a demographic answer paired with the overall rating of the
  same response (the disaggregation tables);
- ``service_id`` -1 sums every service; the response, the overall rating and the 0–10 question
  are also kept per service (0: none) for the table by service and the service filter;
- ``grain`` 'd' a day, 'm' a month (``day`` its first day): a date range reads whole months
  from 'm' and only the days at its ends from 'd'.

PostgreSQL only, created with SQL and so outside the model state (like 0004): SQLite, used by
`make run`, counts the answers directly. The codes below are those of the standard visitor
questionnaire (``results/catalogue.py``); a change of them needs a new migration.
The backfill of existing responses runs here: ~N s for 1,000,000 responses (benchmarks/README).
"""

# ruff: noqa: S608 — every piece of SQL here is built from the constants of this module, no input

from django.db import migrations

TABLE = "surveys_results_rollup"
SATISFACTION = "overall"
LOYALTY = "recommend"
DEMOGRAPHIC = (
    "sex",
    "age_group",
    "idp",
    "disability",
    "pensioner",
    "veteran",
    "parent_under_6",
    "residence",
)
KEY = (
    "questionnaire_id, grain, service_id, day, office_id, channel, version_id, question_id,"
    " value, by_question_id, by_value"
)

CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    questionnaire_id bigint NOT NULL,
    grain char(1) NOT NULL,
    service_id bigint NOT NULL,
    day date NOT NULL,
    office_id bigint NOT NULL,
    channel varchar(20) NOT NULL,
    version_id bigint NOT NULL,
    question_id bigint NOT NULL,
    value text NOT NULL,
    by_question_id bigint NOT NULL,
    by_value text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY ({KEY})
)
"""


def _value(alias: str) -> str:
    """``answer_key`` in SQL."""
    return (
        f"CASE WHEN {alias}.number IS NOT NULL THEN {alias}.number::text "
        f"""WHEN {alias}."row" <> '' THEN {alias}."row" || ':' || {alias}.choice """
        f"ELSE {alias}.choice END"
    )


def _facts(answers: str, sign: int) -> str:
    """What a set of answers (a relation with response_id, question_id, row, choice, number)
    counts: its values, its respondents of multiple questions, its demographic pairs."""
    demographic = ", ".join(f"'{code}'" for code in DEMOGRAPHIC)
    return f"""
        SELECT a.response_id, a.question_id, {_value("a")} AS value, 0 AS by_question_id,
               '' AS by_value, q.code IN ('{SATISFACTION}', '{LOYALTY}') AS headline,
               {sign} AS sign
        FROM {answers} a JOIN surveys_question q ON q.id = a.question_id
        WHERE q.type <> 'text'
        UNION ALL
        SELECT DISTINCT a.response_id, a.question_id, '*', 0, '', false, {sign}
        FROM {answers} a JOIN surveys_question q ON q.id = a.question_id
        WHERE q.type IN ('multiple_choice', 'matrix')
        UNION ALL
        SELECT o.response_id, o.question_id, {_value("o")}, d.question_id, d.choice, false,
               {sign}
        FROM {answers} o
        JOIN surveys_question qo ON qo.id = o.question_id AND qo.code = '{SATISFACTION}'
        JOIN {answers} d ON d.response_id = o.response_id
        JOIN surveys_question qd ON qd.id = d.question_id AND qd.code IN ({demographic})
    """


def _upsert(facts: str, dims: str, ctes: str = "", *, is_ordered: bool = True) -> str:
    """Add ``facts`` (signed) at the responses' ``dims`` (signed: a re-filed response is taken
    away where it was and added where it is), at both grains, for every service and, for the
    headline rows, for its own. Rows are locked in key order (no deadlock between writers).
    ``ctes``: the small sets a trigger reads, each computed once (``MATERIALIZED``): without
    statistics on a transition table the planner could otherwise read the answers again for
    every row."""
    return f"""
        {ctes}
        INSERT INTO {TABLE} AS t ({KEY}, n)
        SELECT d.questionnaire_id, g.grain, s.service_id,
               CASE g.grain WHEN 'd' THEN d.day ELSE date_trunc('month', d.day)::date END,
               d.office_id, d.channel, d.version_id, f.question_id, f.value,
               f.by_question_id, f.by_value, SUM(f.sign * d.sign)
        FROM ({facts}) f
        JOIN ({dims}) d ON d.response_id = f.response_id
        CROSS JOIN (VALUES ('d'), ('m')) g(grain)
        CROSS JOIN LATERAL (
            SELECT -1 AS service_id UNION ALL SELECT d.service_id WHERE f.headline
        ) s
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
        HAVING SUM(f.sign * d.sign) <> 0
        {"ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11" if is_ordered else ""}
        ON CONFLICT ({KEY}) DO UPDATE SET n = t.n + EXCLUDED.n
    """


def _dims(responses: str, sign: int) -> str:
    return f"""
        SELECT r.id AS response_id, v.questionnaire_id, r.submitted_on AS day,
               COALESCE(r.office_id, 0) AS office_id, COALESCE(r.service_id, 0) AS service_id,
               r.channel, r.version_id, {sign} AS sign
        FROM {responses} r JOIN surveys_questionnaireversion v ON v.id = r.version_id
    """


def _response_fact(responses: str) -> str:
    return (
        "SELECT x.id AS response_id, 0 AS question_id, '' AS value, 0 AS by_question_id, "
        f"'' AS by_value, true AS headline, 1 AS sign FROM {responses} x"
    )


COLUMNS = 'id, response_id, question_id, "row", choice, number'
ANSWERS = f"(SELECT {COLUMNS} FROM surveys_answer)"


def _answers_function(event: str) -> str:
    """After a statement on the answers: add the affected responses' counts as they are now and
    take away those they had before (now minus the new rows, plus the old ones)."""
    touched = {
        "INSERT": "SELECT response_id FROM new_rows",
        "DELETE": "SELECT response_id FROM old_rows",
        "UPDATE": "SELECT response_id FROM new_rows UNION SELECT response_id FROM old_rows",
    }[event]
    new = "NOT EXISTS (SELECT 1 FROM new_rows x WHERE x.id = c.id)"
    before = {
        "INSERT": f"SELECT * FROM now_answers c WHERE {new}",
        "DELETE": f"SELECT * FROM now_answers c UNION ALL SELECT {COLUMNS} FROM old_rows",
        "UPDATE": (
            f"SELECT * FROM now_answers c WHERE {new} UNION ALL SELECT {COLUMNS} FROM old_rows"
        ),
    }[event]
    ctes = f"""WITH touched AS MATERIALIZED (SELECT DISTINCT response_id FROM ({touched}) t),
        now_answers AS MATERIALIZED (
            SELECT {COLUMNS} FROM surveys_answer
            WHERE response_id IN (SELECT response_id FROM touched)
        ),
        before_answers AS MATERIALIZED ({before}),
        responses AS MATERIALIZED (
            SELECT * FROM surveys_response WHERE id IN (SELECT response_id FROM touched)
        )"""
    changed = ""
    if event == "UPDATE":
        # Moderation and the public text change often and count nothing: skip those statements.
        changed = """
        IF NOT EXISTS (
            SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.response_id, o.question_id, o."row", o.choice, o.number)
                  IS DISTINCT FROM (n.response_id, n.question_id, n."row", n.choice, n.number)
        ) THEN
            RETURN NULL;
        END IF;"""
    facts = f"{_facts('now_answers', 1)} UNION ALL {_facts('before_answers', -1)}"
    return f"""
CREATE OR REPLACE FUNCTION surveys_results_rollup_answers_{event.lower()}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN{changed}
    {_upsert(facts, _dims("responses", 1), ctes)};
    RETURN NULL;
END $$;
"""


def _responses_function(event: str) -> str:
    """After a statement on the responses: count a new response, take away a removed one (its
    answers went first), move a re-filed one (day, office, service, channel, version)."""
    if event == "INSERT":
        body = _upsert(_response_fact("new_rows"), _dims("new_rows", 1))
    elif event == "DELETE":
        body = _upsert(_response_fact("old_rows"), _dims("old_rows", -1))
    else:
        ctes = f"""WITH moved AS MATERIALIZED (
            SELECT n.id AS response_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.submitted_on, o.office_id, o.service_id, o.channel, o.version_id)
                  IS DISTINCT FROM (n.submitted_on, n.office_id, n.service_id, n.channel,
                                    n.version_id)
        ),
        moved_new AS MATERIALIZED (
            SELECT * FROM new_rows WHERE id IN (SELECT response_id FROM moved)
        ),
        moved_old AS MATERIALIZED (
            SELECT * FROM old_rows WHERE id IN (SELECT response_id FROM moved)
        ),
        now_answers AS MATERIALIZED (
            SELECT {COLUMNS} FROM surveys_answer
            WHERE response_id IN (SELECT response_id FROM moved)
        )"""
        facts = f"{_response_fact('moved_new')} UNION ALL {_facts('now_answers', 1)}"
        dims = f"{_dims('moved_old', -1)} UNION ALL {_dims('moved_new', 1)}"
        body = _upsert(facts, dims, ctes)
    return f"""
CREATE OR REPLACE FUNCTION surveys_results_rollup_responses_{event.lower()}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {body};
    RETURN NULL;
END $$;
"""


def _trigger(table: str, kind: str, event: str) -> str:
    transition = {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
        "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[event]
    name = f"surveys_results_rollup_{kind}_{event.lower()}"
    return f"""
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER {event} ON {table} {transition}
FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


EVENTS = ("INSERT", "DELETE", "UPDATE")


def backfill_sql() -> str:
    """Every stored response and answer, counted in one statement (the migration; a benchmark
    that loads with the triggers disabled runs it after)."""
    # Alone on the table: no lock order to keep, so no sort of every counted row.
    return _upsert(
        f"{_response_fact('surveys_response')} UNION ALL {_facts(ANSWERS, 1)}",
        _dims("surveys_response", 1),
        is_ordered=False,
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_TABLE)
    for event in EVENTS:
        schema_editor.execute(_answers_function(event))
        schema_editor.execute(_responses_function(event))
        schema_editor.execute(_trigger("surveys_answer", "answers", event))
        schema_editor.execute(_trigger("surveys_response", "responses", event))
    schema_editor.execute(f"TRUNCATE {TABLE}")
    # Counting a million responses' answers: hash the groups in memory rather than spill a sort.
    schema_editor.execute("SET LOCAL work_mem = '512MB'")
    schema_editor.execute(backfill_sql())
    schema_editor.execute(f"ANALYZE {TABLE}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for event in EVENTS:
        for table, kind in (("surveys_answer", "answers"), ("surveys_response", "responses")):
            name = f"surveys_results_rollup_{kind}_{event.lower()}"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_results_version")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
