"""Included under `staff/`: signing in and passwords, then each centre's people and roles."""

from django.urls import path

from .views import auth, invitations, staff, unlock

app_name = "accounts"
urlpatterns = [
    path("login/", auth.sign_in, name="login"),
    path("login/verify/", auth.second_factor, name="second_factor"),
    path("login/setup/", auth.setup_second_factor, name="setup_second_factor"),
    path("logout/", auth.sign_out, name="logout"),
    path("login/unlock/", unlock.unlock, name="unlock"),
    path("login/unlock/<str:token>/", unlock.unlock_link, name="unlock_link"),
    path("password-reset/", auth.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDone.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
    path("password-change/", auth.password_change, name="password_change"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("<slug:centre_slug>/people/", staff.staff_list, name="staff_list"),
    path("<slug:centre_slug>/people/add/", staff.staff_add, name="staff_add"),
    path("<slug:centre_slug>/people/<int:pk>/", staff.staff_edit, name="staff_edit"),
]
