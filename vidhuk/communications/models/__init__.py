"""The communications app's models, one module per part of issue 13 (each owned by one part)."""

from .events import (
    Event,
    EventDocument,
    EventKind,
    EventRegistration,
    EventState,
    RegistrationState,
)
from .mailings import DeliveryState, Mailing, MailingDelivery, MailingPace, MailingState
from .plan import MeasureStatus, PlanMeasure
from .press import (
    DistributionState,
    MediaContact,
    MediaOutlet,
    OutletKind,
    Partner,
    PartnerKind,
    PressDistribution,
    SocialNetwork,
    SocialPost,
    SocialPostState,
)
from .publications import (
    FiringAction,
    Publication,
    PublicationFiring,
    PublicationKind,
    PublicationState,
)
from .subscriptions import (
    ConsentAction,
    ConsentRecord,
    ConsentSource,
    Subscriber,
    SubscriberLanguage,
    Subscription,
    Suppression,
    SuppressionReason,
)
from .topics import Topic

__all__ = [
    "ConsentAction",
    "ConsentRecord",
    "ConsentSource",
    "DeliveryState",
    "DistributionState",
    "Event",
    "EventDocument",
    "EventKind",
    "EventRegistration",
    "EventState",
    "FiringAction",
    "Mailing",
    "MailingDelivery",
    "MailingPace",
    "MailingState",
    "MeasureStatus",
    "MediaContact",
    "MediaOutlet",
    "OutletKind",
    "Partner",
    "PartnerKind",
    "PlanMeasure",
    "PressDistribution",
    "Publication",
    "PublicationFiring",
    "PublicationKind",
    "PublicationState",
    "RegistrationState",
    "SocialNetwork",
    "SocialPost",
    "SocialPostState",
    "Subscriber",
    "SubscriberLanguage",
    "Subscription",
    "Suppression",
    "SuppressionReason",
    "Topic",
]
