"""The back of the registration card (Instruction КМУ №348): the co-executors of a case, in the
order the resolution names them (the first executor is `Appeal.executor`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .appeal import Appeal


class AppealCoExecutor(models.Model):
    """One more staff member a case is assigned to, beside its responsible executor."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="co_executor_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("співвиконавець"),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("співвиконавець")
        verbose_name_plural = _("співвиконавці")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "user"], name="appeal_co_executor_once_per_case"
            ),
        ]
        indexes = [models.Index(fields=["user", "appeal"], name="appeal_co_executor_user")]

    def __str__(self) -> str:
        return f"{self.appeal} — {self.user}"
