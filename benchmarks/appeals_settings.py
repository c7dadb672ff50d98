"""Settings for benchmarks/appeals_submit_http.py: the project's settings with the appeal form's
per-client rate limit raised.

All the benchmark's clients come from 127.0.0.1, i.e. one client to the rate limit, and
config/settings.py has no environment override for it (the public view reads
`VIDHUK_APPEAL_RATE_LIMIT` and `VIDHUK_APPEAL_RATE_WINDOW_SECONDS` with getattr and defaults of 10
per 10 minutes), so this module sets them from VIDHUK_BENCH_APPEAL_RATE_LIMIT (default: a
million). Used as DJANGO_SETTINGS_MODULE=benchmarks.appeals_settings, with the repository root on
sys.path (gunicorn runs there).
"""

import os

from config.settings import *  # noqa: F403 — the project's settings, then the override

VIDHUK_APPEAL_RATE_LIMIT = int(os.environ.get("VIDHUK_BENCH_APPEAL_RATE_LIMIT", "1000000"))
# The questionnaire's too (benchmarks/surveys_submit_http.py).
VIDHUK_SURVEY_RATE_LIMIT = int(os.environ.get("VIDHUK_BENCH_SURVEY_RATE_LIMIT", "1000000"))
# The reference view of one INSERT per request (benchmarks/appeals_submit/reference_urls.py),
# for the benchmark's run only.
if os.environ.get("VIDHUK_BENCH_REFERENCE_VIEW") == "1":
    ROOT_URLCONF = "benchmarks.appeals_submit.reference_urls"
