"""Who may do what with booking.

Booking for a caller and reading a day's visits (names and phones) belong to the reception and
the hotline: ``appointments.book``. Schedules are offices' hours: ``offices.edit``.
"""

from vidhuk.core.capabilities import CoreCapability

from .capabilities import Capability

BOOK_CAPABILITY: str = str(Capability.APPOINTMENTS_BOOK)
SCHEDULE_CAPABILITY: str = str(CoreCapability.OFFICES_EDIT)
