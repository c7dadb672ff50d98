from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import Centre, TimeStampedModel

from .choices import Role


class User(AbstractUser):
    """A staff member or platform administrator. Residents never need an account."""

    email = models.EmailField(_("електронна пошта"))
    patronymic = models.CharField(_("по батькові"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("користувач")  # type: ignore[assignment]
        verbose_name_plural = _("користувачі")  # type: ignore[assignment]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                violation_error_message=_("Користувач з такою електронною поштою вже існує."),
            ),
        ]

    def get_full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p).strip()


class Membership(TimeStampedModel):
    """A staff member's place in one centre, with one role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("центр")
    )
    role = models.CharField(_("роль"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("діє"), default=True)

    class Meta:
        verbose_name = _("членство")
        verbose_name_plural = _("членства")
        ordering = ["centre__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "centre"], name="one_membership_per_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.centre} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    """An invitation to join a centre's staff, sent by e-mail. Nobody is added before they
    accept it: a person with an account signs in and accepts, a new person sets their own name
    and password. Only a digest of the mailed token is kept."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("центр")
    )
    email = models.EmailField(_("електронна пошта"))
    role = models.CharField(_("роль"), max_length=32, choices=Role.choices)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("діє до"))
    accepted_at = models.DateTimeField(_("прийнято"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("запрошення")
        verbose_name_plural = _("запрошення")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.centre}"
