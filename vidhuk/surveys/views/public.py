"""The resident's side of surveys: a questionnaire by open link or by the code of a visit (the
QR code on a receipt or queue ticket), and the thank-you page.

Anonymous by design (issue 4, §3): these views never read or write the session and set no
cookie of their own; nothing about the client (address, time of day, browser) reaches the
database — the service stores the day only. Abuse checks: a honeypot field and a signed stamp of
when the form was shown, and a rate limit per client kept only in the cache under an HMAC of
its address, for the length of the window.

CSRF: the form views are ``csrf_exempt``. A forged cross-site POST gains nothing here — there is
no session or signed-in account whose authority it could borrow, it only sends an anonymous
answer the forger could send directly, and that is what the stamp, the honeypot and the rate
limit are for. Requiring the CSRF cookie would instead refuse the visitor whose browser blocks
cookies or who scanned the QR code in a private tab. (The header's language switch still renders
Django's CSRF token, so the CSRF cookie may be set by the page shell; no other cookie is.)
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from vidhuk.catalog.models import Service
from vidhuk.core import antiabuse
from vidhuk.core.models import Centre, Office
from vidhuk.core.pagecache import public_fragment, public_page, public_value
from vidhuk.core.selectors import centre_get_public
from vidhuk.core.tokens import code_normalise

from ..choices import Channel, QuestionnaireKind
from ..forms.public import KEPT_READ, SurveyForm, VisitCodeForm, in_language
from ..forms.questions_html import questions_html
from ..models import QuestionnaireVersion, VisitToken
from ..qr import display_code
from ..selectors.questionnaires import (
    questionnaire_list,
    version_get_published,
    visitor_survey_slug,
)
from ..services import VISIT_TOKEN_VALID_DAYS, response_submit
from ..services.responses import visit_code_is_spent
from ..tokens import visit_code_hash

RATE_LIMIT_DEFAULT = 20
RATE_WINDOW_SECONDS_DEFAULT = 10 * 60
# The first GET of a visit's page has the code in its query string: never send it on in a Referer
# header, only the site's origin. (Not "no-referrer": browsers then send `Origin: null` with the
# page's POSTs and Django's CSRF check refuses the header's language switch.)
REFERRER_POLICY = "strict-origin"
# The survey form's hidden field that carries a visit code back in the POST body.
VISIT_CODE_FIELD = "visit_code"
STANDARD_SLUG = "visitor-survey"


def _private(response: HttpResponse) -> HttpResponse:
    """Never cached by the browser or a proxy (a shared phone, a kiosk), never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _published_or_404(centre: Centre, slug: str) -> QuestionnaireVersion:
    """The published version with its sections and questions. A published version is frozen and
    only ``version_publish`` and ``questionnaire_update`` change which one is answered (both
    announce it), so it is kept under the centre's page version: the form, an answer and the
    thanks page read no questionnaire. A slug with nothing published keeps nothing."""
    try:
        version = public_value(centre, f"survey-version:{slug}", lambda: _read(centre, slug))
    except QuestionnaireVersion.DoesNotExist:
        raise Http404("No published questionnaire") from None
    if version.questionnaire.kind != QuestionnaireKind.VISITOR_SURVEY:
        raise Http404("Not a public questionnaire")  # mystery-shopper checklists are for staff
    return version


def _read(centre: Centre, slug: str) -> QuestionnaireVersion:
    """The version read afresh, with a new mark: the form builds its fields once per mark
    (``SurveyForm``), so a version read again after a change never gets the old fields."""
    version = version_get_published(centre=centre, slug=slug)
    setattr(version, KEPT_READ, uuid.uuid4().hex)
    return version


# --- the open link -------------------------------------------------------------------------------


@csrf_exempt
# The same page for every visitor but its key and stamp (holes): see `_survey_page`.
@public_page(holes=True)
def survey(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    version = _published_or_404(centre, slug)
    return _survey_page(request, centre, version, visit=None, holes=True)


# --- the code of a visit -------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """What a visit code says, shown to the visitor: the place and day, never a person."""

    code: str
    office: Office
    service: Service | None
    valid_on: dt.date


def _visit_token(centre: Centre, code: str) -> VisitToken | None:
    # Read here for lack of a selector (see the report): the same lookup as the service's.
    return (
        VisitToken.objects.select_related("office", "service")
        .filter(centre=centre, code_hash=visit_code_hash(code))
        .first()
    )


def _refused_token(
    request: HttpRequest, centre: Centre, state: str, *, code: str = ""
) -> HttpResponse:
    """Why a code opens nothing; an unknown code (a typo, most often) can be typed again here."""
    status = 404 if state == "unknown" else 410
    again = VisitCodeForm(initial={"code": display_code(code) if code else ""})
    return _private(
        render(
            request,
            "surveys/public/token_refused.html",
            {
                "centre": centre,
                "state": state,
                "valid_days": VISIT_TOKEN_VALID_DAYS,
                "form": again if state == "unknown" else None,
            },
            status=status,
        )
    )


def _token_state(centre: Centre, code: str, token: VisitToken | None) -> str:
    if token is None:
        # An answered code has no token any more, only its spent digest (see the service).
        return "used" if visit_code_is_spent(code=code, centre=centre) else "unknown"
    today = timezone.localdate()
    if today < token.valid_on:
        return "unknown"
    if today > token.valid_on + dt.timedelta(days=VISIT_TOKEN_VALID_DAYS):
        return "expired"
    return "valid"


def _standard_version(centre: Centre) -> QuestionnaireVersion:
    """The questionnaire a visit code opens: the centre's visitor questionnaire (the standard
    one when it has several)."""
    slugs = [
        questionnaire.slug
        for questionnaire in questionnaire_list(centre=centre)
        if questionnaire.kind == QuestionnaireKind.VISITOR_SURVEY
    ]
    slugs.sort(key=lambda slug: slug != STANDARD_SLUG)
    for slug in slugs:
        try:
            return version_get_published(centre=centre, slug=slug)
        except QuestionnaireVersion.DoesNotExist:
            continue
    raise Http404("No published visitor questionnaire")


@csrf_exempt
def visit_code_entry(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """``/survey/v/``: the address a visit code's QR code holds (``?code=…``, the first GET
    only), the form to type the code printed under it, and every POST of a visit's answers.

    The code is a secret that pairs answers with a ticket, so it never stands in a path (paths
    reach the access log; the documented log formats drop query strings) and never in a Referer.
    From here on it travels in POST bodies: typed, or carried in the survey form's hidden
    ``visit_code`` field."""
    centre = centre_get_public(slug=centre_slug)
    if request.method == "POST" and VISIT_CODE_FIELD in request.POST:
        return _by_visit(request, centre, request.POST[VISIT_CODE_FIELD], answering=True)
    if request.method == "POST":
        form = VisitCodeForm(request.POST)
    else:
        form = VisitCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return _by_visit(request, centre, form.cleaned_data["code"], answering=False)
    return _private(
        render(
            request,
            "surveys/public/visit_code.html",
            {"centre": centre, "form": form, "survey_slug": visitor_survey_slug(centre=centre)},
        )
    )


@csrf_exempt  # like the open link (see the module's docstring): the form carries no CSRF token
def survey_by_visit(request: HttpRequest, centre_slug: str, code: str) -> HttpResponse:
    """The old ``/survey/v/<code>/`` of slips printed before the code left the path: the same
    page as ``/survey/v/?code=…`` (no redirect, which would only log the code again). Nothing
    builds this address any more."""
    centre = centre_get_public(slug=centre_slug)
    return _by_visit(request, centre, code, answering=request.method == "POST")


def _by_visit(request: HttpRequest, centre: Centre, code: str, *, answering: bool) -> HttpResponse:
    """The survey of the visit a code names, or why not; ``answering`` when the POST holds
    answers (not just the typed code)."""
    code = code_normalise(code)[:40]
    token = _visit_token(centre, code)
    state = _token_state(centre, code, token)
    if state == "used" and answering:
        return _repeat_submit(request, centre, code)
    if token is None or state != "valid":
        return _refused_token(request, centre, state, code=code)
    visit = Visit(code=code, office=token.office, service=token.service, valid_on=token.valid_on)
    return _survey_page(
        request, centre, _standard_version(centre), visit=visit, answering=answering
    )


def _repeat_submit(request: HttpRequest, centre: Centre, code: str) -> HttpResponse:
    """A used code still reaches the service on POST: a double submit of the form that used it
    finds its response by the submission key and gets the thanks; anything else is refused."""
    version = _standard_version(centre)
    form = SurveyForm(request.POST, version=version, client=antiabuse.client_address(request))
    if form.is_valid():
        try:
            response_submit(
                version=version,
                channel=Channel.VISIT_TOKEN,
                answers=form.answers(),
                submission_key=str(form.cleaned_data["submission_key"]),
                visit_token=code,
            )
        except ValidationError:
            pass
        else:
            return _private(
                redirect("surveys:thanks", centre_slug=centre.slug, slug=version.questionnaire.slug)
            )
    return _refused_token(request, centre, "used")


# --- the page, both ways -------------------------------------------------------------------------


def _survey_page(
    request: HttpRequest,
    centre: Centre,
    version: QuestionnaireVersion,
    *,
    visit: Visit | None,
    answering: bool | None = None,
    holes: bool = False,
) -> HttpResponse:
    """The questionnaire, or the stored answers' redirect; ``answering`` says whether the request
    carries answers (by default: it is a POST — but the POST of a typed visit code does not).
    ``holes``: a form not yet answered carries its key and stamp as holes the page cache fills
    per visitor (``@public_page(holes=True)``), so the page itself is the same for everyone."""
    if answering is None:
        answering = request.method == "POST"
    client = antiabuse.client_address(request)
    # Only stored responses count, so answers sent back with errors never reach the counter.
    # Otherwise valid answers are counted with the form's stamp, in one statement, and given
    # back unless stored; past the limit the form comes back unbound, holding what was typed.
    form = SurveyForm(
        request.POST if answering else None,
        version=version,
        client=client,
        rate=_rate(request, centre) if answering else None,
    )
    valid = answering and form.is_valid()
    over_limit = form.over_rate_limit
    if valid:
        done = _submit(request, centre, version, form, visit)
        if done is not None:
            if done.status_code != 302:  # a refused visit code: nothing stored
                _rate_give_back(request, centre)
            return done
    if over_limit:
        initial = antiabuse.typed_initial(request.POST)
        form = SurveyForm(None, initial=initial, version=version, client=client)
    elif form.rate_taken:
        _rate_give_back(request, centre)
    if form.is_bound:
        form.refresh_stamp()
    if holes and not form.is_bound and not over_limit:
        form.open_page_holes()
    context = {
        "centre": centre,
        "version": version,
        # Kept, but not when typed answers come back (refused, or past the rate limit).
        "questions_html": questions_html(form)
        if form.is_bound or over_limit
        else _questions_html(centre, version, form),
        "title": in_language(version.questionnaire, "title"),
        "privacy_note": in_language(version.questionnaire, "privacy_note"),
        "form": form,
        "visit": visit,
    }
    if over_limit:
        return _private(
            antiabuse.rate_limited_response(
                request, template="surveys/public/survey.html", context=context
            )
        )
    return _private(render(request, "surveys/public/survey.html", context))


def _questions_html(centre: Centre, version: QuestionnaireVersion, form: SurveyForm) -> str:
    """The questions of a form not yet answered: the same HTML for every visitor (the stamp and
    the submission key sit outside them), so rendered once per version and language."""
    return public_fragment(
        centre,
        f"survey-questions:{version.pk}",
        lambda: questions_html(form),
    )


def _submit(
    request: HttpRequest,
    centre: Centre,
    version: QuestionnaireVersion,
    form: SurveyForm,
    visit: Visit | None,
) -> HttpResponse | None:
    """Store a valid response and redirect to the thanks (PRG); None to show the form again."""
    if not form.is_valid():
        return None
    try:
        response_submit(
            version=version,
            channel=Channel.VISIT_TOKEN if visit else Channel.WEB,
            answers=form.answers(),
            submission_key=str(form.cleaned_data["submission_key"]),
            visit_token=visit.code if visit else None,
            questions=form.questions,
        )
    except ValidationError as error:
        if visit is not None and not hasattr(error, "error_dict"):
            # The code was refused (used meanwhile, or expired): say so, save nothing.
            state = _token_state(centre, visit.code, _visit_token(centre, visit.code))
            return _refused_token(request, centre, "used" if state == "valid" else state)
        form.add_service_error(error)
        return None
    return _private(
        redirect("surveys:thanks", centre_slug=centre.slug, slug=version.questionnaire.slug)
    )


def thanks(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    version = _published_or_404(centre, slug)
    context: dict[str, Any] = {
        "centre": centre,
        "title": in_language(version.questionnaire, "title"),
    }
    return _private(render(request, "surveys/public/thanks.html", context))


# --- rate limit ----------------------------------------------------------------------------------


def _rate_window() -> int:
    return int(getattr(settings, "VIDHUK_SURVEY_RATE_WINDOW_SECONDS", RATE_WINDOW_SECONDS_DEFAULT))


def _rate(request: HttpRequest, centre: Centre) -> antiabuse.RateTake:
    """Only stored responses count: past the limit within the window, in this centre, the
    client waits. Checked and counted with the form's stamp (`GuardedForm`); `_rate_give_back`
    when nothing was stored. The limit is higher than for appeals: a centre's hall Wi-Fi or
    kiosk is one address for many."""
    limit: int = getattr(settings, "VIDHUK_SURVEY_RATE_LIMIT", RATE_LIMIT_DEFAULT)
    return antiabuse.client_rate(
        request, scope="surveys", limit=limit, window=_rate_window(), centre=centre
    )


def _rate_give_back(request: HttpRequest, centre: Centre) -> None:
    antiabuse.client_rate_give_back(request, scope="surveys", centre=centre)
