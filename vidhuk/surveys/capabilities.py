"""Surveys's capability codes, for the views' checks (`centre_staff_view(Capability.X)`). Their
labels and the roles that hold them by default are registered in `extensions.py`."""

from enum import StrEnum


class Capability(StrEnum):
    SURVEYS_EDIT = "surveys.edit"
    SURVEYS_ENTER = "surveys.enter"
    SURVEYS_RESULTS = "surveys.results"
    SURVEYS_MODERATE = "surveys.moderate"
