"""Analytics owns the register of services provided (`provision.py`, issue 14 part 1), the archive
of quarterly reports (`report.py`) and the gender audits (`gender.py`). Everything else it shows is
read from the metrics registry (`vidhuk/core/metrics.py`)."""

from .gender import GenderAudit, GenderAuditAnswer
from .provision import ProvisionImport, ServiceProvision
from .report import QuarterlyReport

__all__ = [
    "GenderAudit",
    "GenderAuditAnswer",
    "ProvisionImport",
    "QuarterlyReport",
    "ServiceProvision",
]
