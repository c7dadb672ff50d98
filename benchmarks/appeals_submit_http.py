#!/usr/bin/env python
"""Web submissions of appeals per second under gunicorn and PostgreSQL, with a count afterwards:
the entry of the package benchmarks/appeals_submit/ (its docstring says what it does).

    .venv/bin/python benchmarks/appeals_submit_http.py --clients 32 --submissions 3000
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_submit.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
