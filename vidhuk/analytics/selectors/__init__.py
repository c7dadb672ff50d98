"""Reads of analytics, scoped to the centre: `provisions.py` (the register of services provided)."""
