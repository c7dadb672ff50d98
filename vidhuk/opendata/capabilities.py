"""Capability codes of open data (registered with their labels and roles in `extensions.py`)."""

from enum import StrEnum


class Capability(StrEnum):
    # Release the datasets, see the dry-run diff, publish to the portal (head, administrator).
    PUBLISH = "opendata.publish"
