"""Web submissions of appeals per second under gunicorn and PostgreSQL, with a count afterwards.

    .venv/bin/python benchmarks/appeals_submit_http.py --clients 32 --submissions 3000

(The script is a thin entry to this package: form.py — the form as a browser fills it in and
the SQL of one submission; load.py — the browsers, the POSTs and the reference view's load;
counts.py — the lock sampler and the count afterwards; main.py — options, the run, the report;
reference_urls.py — the benchmark-only reference view, one INSERT per request.)

What it does, all on loopback:

1. starts the cached PostgreSQL cluster (benchmarks/appeals_common.py) and works on a copy of
   the 200,000-case database, so numbering continues a busy year as in a real centre;
2. in-process, with Django's test client: the SQL queries of one submission (POST of the form);
3. starts gunicorn (`config.wsgi`, VIDHUK_ENV=production, 5 gthread workers × 2 threads as
   docs/operations.md says) with DJANGO_SETTINGS_MODULE=benchmarks.appeals_settings, which is
   config.settings with the per-client rate limit raised: every client here is 127.0.0.1 and the
   project's settings have no environment override for it (see that module);
4. each of the `--clients` threads opens the form like a browser (GET: CSRF cookie and token,
   session cookie, the signed form stamp), then all wait until the stamps are older than the
   form's minimum (3 s) — once;
5. the threads take submissions from one queue and POST them, each with its own
   `submission_key` (a new UUID), over keep-alive connections: a mix of kinds (statements,
   complaints, proposals, information requests, named questions, anonymous thanks), with and
   without e-mail; `--double-share` of them (5 %) are queued twice in a row, so two clients send
   the same key at about the same moment (a double click); every response must be the redirect
   to the confirmation page (302), anything else is an error;
6. counts in the database afterwards: new rows == unique keys sent (none lost, none
   duplicated), every key once, registration indexes unique per centre and year, numbers
   without gaps, the year's counter equal to the last number, one "registered" event per case;
7. with the same clients and server, each for `--bare-seconds`: the bare view `/healthz` before
   the POSTs (once the forms are open, while their stamps age) and after them (the machine's
   pace moves from minute to minute; the ratio is to the mean of the two), and right after the
   POSTs the reference view (reference_urls.py: one INSERT per
   request through the same middleware, answered with a redirect);
8. prints submissions/s, as ratios to both, median and p95 latency, then stops everything
   (also on Ctrl-C).

Exit code 1 when any response was not 302 or any count is off.
"""
