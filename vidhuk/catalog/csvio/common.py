"""CSV of the service catalog: common."""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

from django.conf import settings

from ..models import Service

COLUMNS: tuple[str, ...] = (
    "code", "name", "category", "life_situations", "offices",
    "provider_name", "provider_address", "provider_hours", "provider_phone", "provider_email",
    "provider_website", "legal_basis", "documents", "requirements",
    "is_free", "fee_amount", "fee_details", "fee_legal_basis", "max_term_days", "term_text",
    "result", "delivery_methods", "refusal_grounds", "appeal_procedure", "online_url",
    "keywords", "is_published",
)  # fmt: skip
# The columns of the card's required fields; an optional column may be left out of the file:
# a new service then takes the model's default and an existing one keeps its value.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "code", "name", "provider_name", "legal_basis", "documents", "max_term_days", "result",
    "delivery_methods", "appeal_procedure",
)  # fmt: skip
LIST_SEPARATOR = ";"
BOOLEAN_COLUMNS = frozenset({"is_free", "is_published"})
TRUE_WORDS = frozenset({"так", "true", "1", "yes"})
FALSE_WORDS = frozenset({"ні", "false", "0", "no"})
# Applying costs ~15 ms a row on modest hardware (service_create/service_update validate and
# audit-free save each row): 1,000 rows stay well inside one request's time budget.
DEFAULT_MAX_ROWS = 1000
EXPORT_CHUNK_SIZE = 500
_RELATION_COLUMNS = frozenset({"category", "life_situations", "offices"})
_SCALAR_COLUMNS = tuple(c for c in COLUMNS if c not in _RELATION_COLUMNS)
_BOOLEAN_DEFAULTS = {"is_free": True, "is_published": True}  # as on the model
_NAME_MAX_LENGTH = 200  # of Category.name and LifeSituation.name
_BOM = "\ufeff"
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CsvFileError(Exception):
    """The file as a whole cannot be imported; `message` is shown at the file field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RowAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


def max_bytes() -> int:
    return int(settings.VIDHUK_CSV_IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(getattr(settings, "VIDHUK_CSV_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def column_label(column: str) -> str:
    """The Ukrainian name of a column, from the model field it fills."""
    return str(getattr(Service._meta.get_field(column), "verbose_name", column))


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()
