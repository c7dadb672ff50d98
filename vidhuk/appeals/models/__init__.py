"""Appeals, information requests and feedback from every channel, with their case history.

The models live by part (`appeal`, `card`, `history`, `hotline`, `centre_settings`); Django and the
migrations find them here.
"""

from .appeal import Appeal, SuggestionBoxOpening
from .card import AppealCoExecutor
from .centre_settings import DEFAULT_RETENTION_DAYS, AppealsSettings, RegistrationCounter
from .history import AppealAttachment, AppealEvent, attachment_path
from .hotline import HotlineCall

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "Appeal",
    "AppealAttachment",
    "AppealCoExecutor",
    "AppealEvent",
    "AppealsSettings",
    "HotlineCall",
    "RegistrationCounter",
    "SuggestionBoxOpening",
    "attachment_path",
]
