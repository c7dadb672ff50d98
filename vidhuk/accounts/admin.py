"""Platform administrators' view of accounts and memberships.

Centre heads manage their own people on the staff pages (with audit); this admin is for the
platform's operators: fixing an account, removing a lost authenticator device (django-otp's
own admin), or adding the first head of a new centre.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("centre", "role", "is_active")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Особисті дані"), {"fields": ("last_name", "first_name", "patronymic", "email")}),
        (
            _("Права"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Важливі дати"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "last_name",
                    "first_name",
                    "patronymic",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("username", "email", "last_name", "first_name", "is_active", "is_superuser")
    search_fields = ("username", "email", "last_name", "first_name", "patronymic")
    ordering = ("last_name", "first_name")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "centre", "role", "is_active", "created_at")
    list_filter = ("role", "is_active", "centre")
    search_fields = ("user__username", "user__email", "user__last_name", "centre__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "centre")


class PlatformAdminSite(OTPAdminSite):
    """Django's admin for platform administrators, behind the same two-factor sign-in as staff.

    `OTPAdminSite` admits only users verified with a second factor; its own sign-in page is
    replaced by the staff sign-in, which asks for the password and then the TOTP code.
    """

    site_header = _("Vidhuk — адміністрування платформи")
    site_title = _("Vidhuk")

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), reverse("accounts:login")
        )


admin.site.__class__ = PlatformAdminSite
