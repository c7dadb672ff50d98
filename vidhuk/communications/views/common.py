"""What the communications back-office views share. A service's refusal goes on a form with
core's ``add_service_error`` (shared plumbing, vidhuk/core/forms.py)."""

from __future__ import annotations

from vidhuk.core.forms import add_service_error

__all__ = ["add_service_error"]
