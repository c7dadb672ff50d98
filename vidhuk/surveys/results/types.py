"""What the results engine returns: filters, rows, tables and the whole report, plus the two
formulas every row uses (share, loyalty index)."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ResultFilters:
    """What the results page can narrow to; every field is optional."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    office_id: int | None = None
    service_id: int | None = None
    channel: str = ""
    version_id: int | None = None

    def is_empty(self) -> bool:
        return self == ResultFilters()

    def cache_part(self) -> str:
        return ":".join(str(value or "") for value in astuple(self))

    def as_json(self) -> dict[str, Any]:
        """The filters as JSON values, to hand to a background task."""
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "office_id": self.office_id,
            "service_id": self.service_id,
            "channel": self.channel,
            "version_id": self.version_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ResultFilters:
        def day(value: Any) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        return cls(
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            office_id=data.get("office_id"),
            service_id=data.get("service_id"),
            channel=data.get("channel") or "",
            version_id=data.get("version_id"),
        )


NO_FILTERS = ResultFilters()


@dataclass(frozen=True)
class Bucket:
    value: str
    label: str
    count: int
    hidden: bool = False  # on public pages: a group under 5, or one that would reveal it


@dataclass(frozen=True)
class QuestionResult:
    code: str
    type: str
    text: str
    respondents: int
    buckets: list[Bucket]
    mean: float | None
    hidden: bool = False  # on public pages: answered by fewer than the threshold
    lang: str = ""  # "uk": the text is Ukrainian on an English page (no English text)


@dataclass(frozen=True)
class LoyaltyRow:
    """Loyalty index (КМУ №864): % promoters (9–10) − % detractors (0–6), from −100 to +100."""

    key: str
    label: str
    responses: int
    promoters: int
    passives: int
    detractors: int
    index: float | None


@dataclass(frozen=True)
class SatisfactionRow:
    key: str
    label: str
    responses: int
    satisfied: int
    share: float | None  # per cent


@dataclass(frozen=True)
class ResultRow:
    """Responses of one group (an office, a month…) with its share satisfied and loyalty index.

    ``rated`` answered the satisfaction question, ``recommended`` the 0–10 question.
    """

    key: str
    label: str
    responses: int
    rated: int
    satisfied: int
    share: float | None
    recommended: int
    promoters: int
    passives: int
    detractors: int
    index: float | None
    # On public pages: ``hidden`` — a group under 5 (or one that would reveal it), its figures
    # emptied; ``details_hidden`` — counts inside the group (satisfied, promoters…) under 5.
    hidden: bool = False
    details_hidden: bool = False


@dataclass(frozen=True)
class DisaggregationTable:
    """Counts of respondents by a demographic answer (rows) and an answer (columns).

    ``None`` is a suppressed cell or total: see ``vidhuk.core.suppression.hidden_cells``.
    ``row_shares`` is the share satisfied of each row, given only where no cell of the row is
    hidden (a share and a shown total would otherwise give a hidden cell away).
    """

    code: str
    by_code: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    title: str = ""
    row_shares: list[float | None] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[int | None], int | None, float | None]]:
        shares = self.row_shares or [None] * len(self.row_labels)
        return list(zip(self.row_labels, self.cells, self.row_totals, shares, strict=True))

    @property
    def has_suppressed(self) -> bool:
        return any(value is None for line in self.cells for value in line) or None in (
            *self.row_totals,
            *self.column_totals,
        )


@dataclass(frozen=True)
class ResultsReport:
    """Everything the results page, its PDF and the public page show, computed in one go."""

    total: ResultRow
    by_month: list[ResultRow]
    by_office: list[ResultRow]
    by_service: list[ResultRow]
    by_channel: list[ResultRow]
    questions: list[QuestionResult]
    disaggregation: list[DisaggregationTable]
    satisfaction_question: str  # its text, blank when the questionnaire has none
    has_loyalty: bool
    computed_at: dt.datetime | None = None
    # True when responses arrived after ``computed_at``: shown while the new report is computed.
    is_stale: bool = False
    # Public pages: fewer responses than the threshold in all, so nothing is shown.
    withheld: bool = False


def loyalty_index(*, responses: int, promoters: int, detractors: int) -> float | None:
    if not responses:
        return None
    return round(100 * (promoters - detractors) / responses, 1)


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
