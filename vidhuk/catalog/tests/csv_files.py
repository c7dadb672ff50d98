"""The catalogue's CSV fixture file and rows made from it, for the CSV tests."""

import csv
import io
from pathlib import Path

from vidhuk.catalog import csvio

DATA = Path(__file__).parent / "data"
UTF8_BYTES = (DATA / "services.csv").read_bytes()
UTF8_TEXT = UTF8_BYTES.decode("utf-8")
HEADER = ",".join(csvio.COLUMNS)


def fixture_rows() -> list[dict[str, str]]:
    return [row.cells for row in csvio.read_bytes(UTF8_BYTES).rows]


def with_columns(**values: str) -> bytes:
    """A one-service file: the birth registration row of the fixture with some cells replaced."""
    cells = {**fixture_rows()[0], **values}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csvio.COLUMNS)
    writer.writerow([cells[column] for column in csvio.COLUMNS])
    return buffer.getvalue().encode("utf-8")
