"""CSV import and export of a centre's service catalog.

The file is the information card (Art. 8, Law on Administrative Services) one service a row, with
stable machine column names. Import runs in two steps: `read_upload` checks the file as a whole
(size, encoding, CSV syntax, header, number of rows) and raises `CsvFileError` with a Ukrainian
message; `plan_import` then checks each row with the model's own rules and says what would happen
to it, writing nothing. `import_apply` re-plans the same text, refuses if the outcome differs from
the preview the member saw (`digest`), and applies it in one transaction through `service_create`
and `service_update`, with one audit event for the whole import.

Rows are matched to existing services by `code` within the centre, so applying the same file twice
changes nothing the second time. Services missing from the file are left as they are.
"""

from .applying import ImportPlanChanged, ImportResult, import_apply
from .common import (
    BOOLEAN_COLUMNS,
    COLUMNS,
    DEFAULT_MAX_ROWS,
    EXPORT_CHUNK_SIZE,
    FALSE_WORDS,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
    TRUE_WORDS,
    CsvFileError,
    RowAction,
    column_label,
    max_bytes,
    max_rows,
    text_checksum,
)
from .export import export_lines, export_record, export_rows, service_to_row
from .planning import ImportPlan, RowError, RowPlan, plan_import
from .reading import CsvRow, CsvTable, decode, parse_text, read_bytes, read_upload, sniff_delimiter

__all__ = [
    "BOOLEAN_COLUMNS",
    "COLUMNS",
    "CsvFileError",
    "DEFAULT_MAX_ROWS",
    "EXPORT_CHUNK_SIZE",
    "FALSE_WORDS",
    "ImportPlanChanged",
    "LIST_SEPARATOR",
    "REQUIRED_COLUMNS",
    "RowAction",
    "TRUE_WORDS",
    "column_label",
    "max_bytes",
    "max_rows",
    "text_checksum",
    "CsvRow",
    "CsvTable",
    "decode",
    "parse_text",
    "read_bytes",
    "read_upload",
    "sniff_delimiter",
    "ImportPlan",
    "RowError",
    "RowPlan",
    "plan_import",
    "ImportResult",
    "import_apply",
    "export_lines",
    "export_record",
    "export_rows",
    "service_to_row",
]
