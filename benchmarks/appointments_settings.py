"""Settings for benchmarks/appointments_booking.py: the project's settings with the booking
form's per-client rate limit raised (every benchmark client is 127.0.0.1, i.e. one client to
the limit). Used as DJANGO_SETTINGS_MODULE=benchmarks.appointments_settings."""

import os

from config.settings import *  # noqa: F403 — the project's settings, then the override

VIDHUK_BOOKING_RATE_LIMIT = int(os.environ.get("VIDHUK_BENCH_BOOKING_RATE_LIMIT", "1000000"))
