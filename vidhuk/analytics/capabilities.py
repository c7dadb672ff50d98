"""Capability codes of analytics (registered with their labels and roles in `extensions.py`)."""

from enum import StrEnum


class Capability(StrEnum):
    # Staff figures of the centre unsuppressed (head, deputy, administrator, communications).
    VIEW = "analytics.view"
    # Keep and import the register of services provided (administrators and the head).
    PROVISIONS = "analytics.provisions"
    # Publish the quarterly report, the gender passport and the gender audit (the head).
    PUBLISH = "analytics.publish"
