"""Appeals, information requests and feedback from every channel, with their case history.

The models live by part (`appeal`, `history`, `hotline`, `centre_settings`); Django and the
migrations find them here.
"""

from .appeal import Appeal, SuggestionBoxOpening
from .centre_settings import DEFAULT_RETENTION_DAYS, AppealsSettings, RegistrationCounter
from .history import AppealAttachment, AppealEvent, attachment_path
from .hotline import HotlineCall

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "Appeal",
    "AppealAttachment",
    "AppealEvent",
    "AppealsSettings",
    "HotlineCall",
    "RegistrationCounter",
    "SuggestionBoxOpening",
    "attachment_path",
]
