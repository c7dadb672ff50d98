"""Writes of analytics: `provisions.py` (the register of services provided) and its import."""
