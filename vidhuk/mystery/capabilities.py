"""The mystery shopper's capability codes, for the views' checks. Their labels and the roles that
hold them by default are registered in `extensions.py` (for now surveys' `extensions.py`)."""

from enum import StrEnum


class Capability(StrEnum):
    MYSTERY_REVIEW = "mystery.review"
    MYSTERY_FILE = "mystery.file"
