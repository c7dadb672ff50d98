"""Appeals's capability codes, for the views' checks (`centre_staff_view(Capability.X)`). Their
labels and the roles that hold them by default are registered in `extensions.py`."""

from enum import StrEnum


class Capability(StrEnum):
    APPEALS_READ = "appeals.read"
    APPEALS_REGISTER = "appeals.register"
    APPEALS_WORK = "appeals.work"
    APPEALS_ASSIGN = "appeals.assign"
    APPEALS_MANAGE = "appeals.manage"
