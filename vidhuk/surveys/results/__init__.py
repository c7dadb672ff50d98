"""Survey results, computed in the database (docs/decisions/0004).

``report`` (the whole page, cached by ``cache``) is made of ``breakdowns`` (total, months,
offices, services, channels), ``questions`` (distributions, loyalty, share satisfied) and
``disaggregation`` (by sex, age and vulnerable group, small cells suppressed). ``catalogue``
matches questions across versions and scopes the answers; ``sql_postgresql`` holds the
PostgreSQL-only queries and ``sql_portable`` their SQLite twins. ``public`` applies the rules
of ``vidhuk.core.suppression`` for the public page. ``types`` holds what they all return.
"""
