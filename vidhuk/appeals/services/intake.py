"""What registering an item takes: the applicant, the card, the channel's details, and the one
`AppealIntake` each channel's service builds and hands to registration."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office

from ..choices import Sign
from ..models import Appeal, SuggestionBoxOpening


@dataclass(frozen=True)
class Applicant:
    """Who wrote. Art. 5 of the Law on Citizens' Appeals; only feedback may be anonymous."""

    full_name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    is_anonymous: bool = False
    signatories_count: int = 1
    is_benefit_holder: bool = False
    applicant_category: str = ""
    social_status: str = ""
    consent_text: str = ""
    wants_decision_updates: bool = False  # told of the decisions that answer it (issue 12)


@dataclass(frozen=True)
class Demographics:
    """Voluntary answers, each may be "undisclosed"; stored as given on the day."""

    sex: str = ""
    age_group: str = ""
    is_idp: str = ""
    has_disability: str = ""
    is_pensioner: str = ""
    is_veteran: str = ""


@dataclass(frozen=True)
class RegistrationCard:
    """Card fields of Instruction КМУ №348 that staff may set; blanks follow from the channel."""

    sign: str = Sign.PRIMARY
    subject: str = ""
    receipt_form: str = ""
    document_type: str = ""
    document_date: dt.date | None = None
    sent_from: str = ""
    sent_from_index: str = ""
    sent_from_date: dt.date | None = None


@dataclass(frozen=True)
class ChannelDetails:
    book_number: str = ""
    book_page: int | None = None
    social_post_url: str = ""


@dataclass(frozen=True)
class BoxEntry:
    """One item taken out of a suggestion box, as typed by staff."""

    kind: str
    text: str
    applicant: Applicant = field(default_factory=Applicant)
    topic: str = ""
    staff_remark: str = ""
    service: Service | None = None
    demographics: Demographics | None = None


@dataclass(frozen=True)
class AppealIntake:
    """One item to register, whatever its channel: built by `appeal_submit`, `appeal_register`,
    `hotline_call_make_case` and `box_opening_create`, checked and written by registration.

    `received_at` must be timezone-aware. `submission_key` makes a double submit return the
    case the first one made; `needs_study` picks the one-month deadline for an appeal.
    """

    centre: Centre
    channel: str
    kind: str
    text: str
    received_at: dt.datetime
    applicant: Applicant
    actor: Any = None
    card: RegistrationCard = field(default_factory=RegistrationCard)
    details: ChannelDetails = field(default_factory=ChannelDetails)
    demographics: Demographics | None = None
    topic: str = ""
    office: Office | None = None
    service: Service | None = None
    staff_remark: str = ""
    is_urgent: bool = False
    urgency_reason: str = ""
    needs_study: bool = False
    submission_key: uuid.UUID | None = None
    box_opening: SuggestionBoxOpening | None = None
    executor: Any = None
    files: Sequence[UploadedFile] = ()
    base_url: str = ""


@dataclass(frozen=True)
class Registered:
    """The item and its tracker token. The token is never stored in the clear (tokens.py); a
    repeated submit of the same form gets the same token back, `created` False."""

    appeal: Appeal
    tracker_token: str
    created: bool
