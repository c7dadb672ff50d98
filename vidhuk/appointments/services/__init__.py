"""Writes of booking, by part: `booking` (book a visit), `changes` (move, cancel), `checkin` (the
queue's API: check in, outcome, no-shows), `schedules` (windows, working hours, bookable
services, the booking policy), `retention` (personal data cleared on schedule); `slots` holds
what booking and moving share (the locked slot, the code, the refusals). Import from the part.
"""
