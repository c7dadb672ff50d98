"""A locked-out member unlocks their sign-in: with a code from their authenticator app, or with
a link mailed to them (vidhuk.accounts.lockout). Neither page tells whether an account exists."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import lockout
from ..forms import UnlockByCodeForm, UnlockByMailForm


@sensitive_post_parameters("token")
@never_cache
def unlock(request: HttpRequest) -> HttpResponse:
    """Two ways on one page (a POST `way`): the app's code, or a mailed link."""
    way = request.POST.get("way", "") if request.method == "POST" else ""
    by_code = UnlockByCodeForm(request.POST if way == "code" else None, prefix="code")
    by_mail = UnlockByMailForm(request.POST if way == "mail" else None, prefix="mail")
    status = 200
    if way and not lockout.unlock_tries_left(request):
        (by_code if way == "code" else by_mail).add_error(
            None, _("Забагато спроб розблокування з вашого підключення. Зачекайте 15 хвилин.")
        )
        status = 429
    elif way == "code" and by_code.is_valid():
        lockout.unlock_try_count(request)
        data = by_code.cleaned_data
        if lockout.member_unlock_by_code(login=data["login"], token=data["token"]):
            messages.success(request, _("Вхід розблоковано. Увійдіть зі своїм паролем."))
            return redirect("accounts:login")
        by_code.add_error(
            "token",
            _(
                "Код не підходить до цього облікового запису. Перевірте ім’я користувача "
                "і введіть код, який застосунок показує зараз."
            ),
        )
    elif way == "mail" and by_mail.is_valid():
        lockout.unlock_try_count(request)
        lockout.unlock_link_send(
            login=by_mail.cleaned_data["login"],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        return render(
            request,
            "accounts/unlock_sent.html",
            {"valid_minutes": lockout.UNLOCK_LINK_SECONDS // 60},
        )
    context = {"by_code": by_code, "by_mail": by_mail, "way": way}
    return render(request, "accounts/unlock.html", context, status=status)


@never_cache
def unlock_link(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: a button (mail scanners open links; only a POST spends it)."""
    if request.method == "POST":
        if lockout.member_unlock_by_link(token=token) is not None:
            messages.success(request, _("Вхід розблоковано. Увійдіть зі своїм паролем."))
            return redirect("accounts:login")
        return render(request, "accounts/unlock_link.html", {"is_valid": False}, status=410)
    is_valid = lockout.unlock_link_user(token=token) is not None
    return render(
        request,
        "accounts/unlock_link.html",
        {"is_valid": is_valid},
        status=200 if is_valid else 410,
    )
