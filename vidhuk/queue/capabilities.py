"""The queue's capability codes, for the views' checks (`centre_staff_view(Capability.X)`). Their
labels and the roles that hold them by default are registered in `extensions.py`."""

from enum import StrEnum


class Capability(StrEnum):
    QUEUE_FIGURES = "queue.figures"
    QUEUE_OPERATE = "queue.operate"
