"""The responses and answers of the surveys benchmark, written by SQL (``INSERT … SELECT
generate_series``, no Python per row): the weights and the statements of ``surveys_seed.py``'s
``load``. Split from it so that neither module passes 500 lines."""

from __future__ import annotations

import time
from typing import Any

from appeals_common import log

# --------------------------------------------------------------------------------------------
# The load itself (runs with Django set up against the template database)
# --------------------------------------------------------------------------------------------

# Weights per option; a response draws one uniform number per question.
PURPOSE = [("consultation", 30), ("submit_documents", 40), ("collect_result", 25), ("other", 5)]
WAIT = [("under_5", 30), ("5_15", 35), ("15_30", 20), ("30_60", 10), ("over_60", 5)]
RESOLVED = [("fully", 62), ("partly", 18), ("no", 8), ("in_progress", 12)]
DEMOGRAPHIC = {
    "sex": ([("female", 58), ("male", 38), ("prefer_not_to_say", 4)], 0.75),
    "age_group": (
        [("under_18", 2), ("18_35", 30), ("36_59", 44), ("60_plus", 21), ("prefer_not_to_say", 3)],
        0.72,
    ),
    "idp": ([("yes", 14), ("no", 82), ("prefer_not_to_say", 4)], 0.6),
    "disability": ([("yes", 7), ("no", 88), ("prefer_not_to_say", 5)], 0.58),
    "pensioner": ([("yes", 24), ("no", 73), ("prefer_not_to_say", 3)], 0.6),
    "veteran": ([("yes", 0.4), ("no", 96), ("prefer_not_to_say", 3.6)], 0.55),
    "parent_under_6": ([("yes", 11), ("no", 86), ("prefer_not_to_say", 3)], 0.57),
    "residence": (
        [("centre_town", 64), ("starosta_village", 33), ("prefer_not_to_say", 3)],
        0.62,
    ),
}
CHANNELS = [("web", 40), ("visit_token", 30), ("paper", 20), ("xlsform_import", 10)]
COMMENTS = [
    "Мало місць для сидіння, доводиться стояти.",
    "Дякую адміністраторці, все швидко й зрозуміло.",
    "У залі спекотно влітку, потрібен кондиціонер.",
    "Хотілося б працювати в суботу довше.",
    "Довго чекав у черзі, електронна черга не працювала.",
    "Незрозуміло, які документи потрібні, на сайті інше.",
]


def _case(expression: str, weights: list[tuple[str, float]]) -> tuple[str, list[Any]]:
    """CASE over a uniform number in [0, 1) (the column ``expression``) picking by weight."""
    total = sum(weight for _value, weight in weights)
    parts, params, upto = [], [], 0.0
    for value, weight in weights[:-1]:
        upto += weight / total
        parts.append(f"WHEN {expression} < %s THEN %s")
        params += [upto, value]
    return "CASE " + " ".join(parts) + " ELSE %s END", [*params, weights[-1][0]]


def load(cursor: Any, *, centre_id: int, version_id: int, responses: int, first_key: int) -> None:
    """Responses of one centre and then their answers, question by question."""
    cursor.execute(
        "SELECT id, slug FROM core_office WHERE centre_id = %s ORDER BY position, id", [centre_id]
    )
    offices = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT id FROM catalog_service WHERE centre_id = %s ORDER BY id", [centre_id])
    services = [row[0] for row in cursor.fetchall()]
    channel_sql, channel_params = _case("c.u_channel", CHANNELS)
    office_pick = "CASE WHEN c.u_office < 0.08 THEN NULL " + (
        "WHEN c.u_office < 0.63 THEN %s WHEN c.u_office < 0.86 THEN %s ELSE %s END"
        if len(offices) >= 3
        else "ELSE %s END"
    )
    office_params = offices[:3] if len(offices) >= 3 else offices[:1]
    log(f"  {responses:,} responses of centre {centre_id}")
    # seed_demo may have stored a few responses with their answers already: leave them alone.
    cursor.execute("SELECT coalesce(max(id), 0) FROM surveys_response")
    (before,) = cursor.fetchone()
    cursor.execute(
        f"""
        INSERT INTO surveys_response
            (centre_id, version_id, office_id, service_id, channel, submitted_on,
             submission_key, batch_id)
        SELECT %s, %s, {office_pick},
               CASE WHEN c.u_service < 0.45
                    THEN (%s::bigint[])[1 + floor(c.u_service / 0.45 * %s)::int] END,
               {channel_sql},
               current_date - (floor(power(c.u_day, 0.8) * 730))::int,
               md5((%s + c.i)::text), NULL
        FROM (SELECT i, random() AS u_channel, random() AS u_office, random() AS u_service,
                     random() AS u_day
              FROM generate_series(1, %s) AS i) c
        """,  # noqa: S608 — no user input: the benchmark's own constants
        [
            centre_id,
            version_id,
            *office_params,
            services or [0],
            max(len(services), 1),
            *channel_params,
            first_key,
            responses,
        ],
    )
    cursor.execute(
        "SELECT id, code, type FROM surveys_question WHERE version_id = %s", [version_id]
    )
    questions = {code: (pk, kind) for pk, code, kind in cursor.fetchall()}
    # One temporary table of the new responses with a "mood" per response: it shifts every
    # rating together (by office and over the months), so the results are not flat.
    cursor.execute(
        """
        CREATE TEMPORARY TABLE seed_mood ON COMMIT DROP AS
        SELECT r.id,
               least(greatest(
                   random() * 0.8 + 0.1
                   + CASE WHEN r.office_id = %s THEN 0.08 ELSE 0 END
                   - (current_date - r.submitted_on) / 730.0 * 0.12,
               0), 0.999) AS mood
        FROM surveys_response r WHERE r.version_id = %s AND r.id > %s
        """,
        [offices[1] if len(offices) > 1 else 0, version_id, before],
    )

    def insert(code: str, select_sql: str, params: list[Any]) -> None:
        if code not in questions:
            return
        started = time.monotonic()
        cursor.execute(
            "INSERT INTO surveys_answer (response_id, question_id, row, choice, number, text, "
            f"moderation, public_text) {select_sql}",
            params,
        )
        log(f"    {code}: {cursor.rowcount:,} answers in {time.monotonic() - started:.1f} s")

    def single(code: str, weights: list[tuple[str, float]], share: float = 1.0) -> None:
        case, params = _case("u", weights)
        insert(
            code,
            f"SELECT id, %s, '', {case}, NULL, '', '', '' FROM "  # noqa: S608
            "(SELECT id, random() AS u, random() AS p FROM seed_mood) x WHERE p < %s",
            [questions.get(code, (0,))[0], *params, share],
        )

    single("purpose", PURPOSE)
    single("wait_time", WAIT, 0.93)
    single("resolved", RESOLVED, 0.9)
    for code in (
        "rate_information",
        "rate_politeness",
        "rate_competence",
        "rate_speed",
        "rate_comfort",
        "rate_accessibility",
        "rate_hours",
    ):
        # Rating 1–5 around the response's mood, with its own noise.
        insert(
            code,
            "SELECT id, %s, '', '', least(5, greatest(1, round(mood * 4.6 + 0.7 + "
            "(random() - 0.5) * 1.6)))::smallint, '', '', '' FROM seed_mood WHERE random() < 0.88",
            [questions.get(code, (0,))[0]],
        )
    insert(
        "overall",
        "SELECT id, %s, '', CASE WHEN m < 0.11 THEN 'terrible' WHEN m < 0.29 THEN 'acceptable' "
        "WHEN m < 0.62 THEN 'good' ELSE 'excellent' END, NULL, '', '', '' FROM "
        "(SELECT id, least(0.999, greatest(0, mood + (random() - 0.5) * 0.3)) AS m "
        "FROM seed_mood) x",
        [questions.get("overall", (0,))[0]],
    )
    insert(
        "recommend",
        "SELECT id, %s, '', '', least(10, greatest(0, round(mood * 11 - 0.2 + "
        "(random() - 0.5) * 3)))::smallint, '', '', '' FROM seed_mood WHERE random() < 0.85",
        [questions.get("recommend", (0,))[0]],
    )
    options = [
        "community_website",
        "social_networks",
        "family_friends",
        "media",
        "starosta",
        "notice_boards",
        "social_worker",
        "other",
    ]
    insert(
        "learned_from",
        # random() in the inner select list: in the WHERE clause PostgreSQL would push it down
        # to the unnest and draw once per option instead of once per response and option.
        "SELECT id, %s, '', value, NULL, '', '', '' FROM (SELECT x.id, o.value, o.p, "
        "random() AS u FROM seed_mood x CROSS JOIN unnest(%s::text[], %s::float8[]) "
        "AS o(value, p)) y WHERE u < p",
        [
            questions.get("learned_from", (0,))[0],
            options,
            [0.3, 0.28, 0.35, 0.08, 0.1, 0.07, 0.04, 0.05],
        ],
    )
    insert(
        "improve",
        "SELECT id, %s, '', '', NULL, (%s::text[])[1 + floor(random() * %s)::int], "
        "CASE WHEN q < 0.6 THEN 'pending' WHEN q < 0.85 THEN 'published' ELSE 'rejected' END, "
        "'' FROM (SELECT id, random() AS p, random() AS q FROM seed_mood) x WHERE p < 0.06",
        [questions.get("improve", (0,))[0], COMMENTS, len(COMMENTS)],
    )
    cursor.execute(
        "UPDATE surveys_answer SET public_text = text WHERE moderation = 'published' "
        "AND public_text = '' AND question_id = %s",
        [questions.get("improve", (0,))[0]],
    )
    for code, (weights, share) in DEMOGRAPHIC.items():
        single(code, weights, share)
    cursor.execute("DROP TABLE seed_mood")
