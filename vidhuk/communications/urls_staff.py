"""The back office's communications under /staff/<centre>/communications/ (namespace
"communications_staff"). Each part appends its paths."""

from django.urls import URLPattern, URLResolver, path

from .views import (
    channels_staff,
    events_staff,
    mailings_staff,
    media_register,
    media_staff,
    plan_staff,
    press_staff,
    publications_staff,
    topics_staff,
)

app_name = "communications_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", publications_staff.publication_list, name="publications"),
    path("publications/new/", publications_staff.publication_new, name="publication_new"),
    path("topics/", topics_staff.topics, name="topics"),
    path("topics/<int:pk>/edit/", topics_staff.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/delete/", topics_staff.topic_remove, name="topic_remove"),
    path("publications/<int:pk>/", publications_staff.publication_detail, name="publication"),
    path(
        "publications/<int:pk>/edit/", publications_staff.publication_edit, name="publication_edit"
    ),
    path(
        "publications/<int:pk>/move/", publications_staff.publication_move, name="publication_move"
    ),
    path(
        "publications/<int:pk>/image",
        publications_staff.publication_image,
        name="publication_image",
    ),
    path("events/", events_staff.event_list, name="events"),
    path("events/new/", events_staff.event_new, name="event_new"),
    path("events/check-in/", events_staff.check_in, name="event_checkin"),
    path("events/<int:pk>/", events_staff.event_detail, name="event"),
    path("events/<int:pk>/edit/", events_staff.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", events_staff.event_cancel_view, name="event_cancel"),
    path("events/<int:pk>/documents/", events_staff.document_add, name="event_document_add"),
    path(
        "events/<int:pk>/registrations/",
        events_staff.registrations,
        name="event_registrations",
    ),
    path("events/<int:pk>/minutes/", events_staff.minutes, name="event_minutes"),
    path("events/<int:pk>/finding/", events_staff.finding_from_minutes, name="event_finding"),
    path("plan/", plan_staff.plan_list, name="plan"),
    path("channels/", channels_staff.channels, name="channels"),
    path("plan/new/", plan_staff.plan_measure_new, name="plan_measure_new"),
    path("plan/<int:pk>/", plan_staff.plan_measure_edit, name="plan_measure_edit"),
    path("media/", media_staff.media_list, name="media"),
    path("media/media.csv", media_staff.media_csv, name="media_csv"),
    path("media/new/", media_staff.outlet_new, name="outlet_new"),
    path("media/<int:pk>/contacts/new/", media_staff.contact_new, name="contact_new"),
    path("media/partners/new/", media_staff.partner_new, name="partner_new"),
    path("media/<int:pk>/edit/", media_register.outlet_edit, name="outlet_edit"),
    path("media/<int:pk>/delete/", media_register.outlet_remove, name="outlet_remove"),
    path("media/contacts/<int:pk>/edit/", media_register.contact_edit, name="contact_edit"),
    path("media/contacts/<int:pk>/delete/", media_register.contact_remove, name="contact_remove"),
    path("media/partners/<int:pk>/edit/", media_register.partner_edit, name="partner_edit"),
    path("media/partners/<int:pk>/delete/", media_register.partner_remove, name="partner_remove"),
    path("press/<int:pk>/", media_staff.press_distribution, name="press"),
    path(
        "posters/publication/<int:pk>.pdf",
        press_staff.poster,
        {"kind": "publication"},
        name="poster_publication",
    ),
    path("posters/event/<int:pk>.pdf", press_staff.poster, {"kind": "event"}, name="poster_event"),
    path(
        "posters/decision/<int:pk>.pdf",
        press_staff.poster,
        {"kind": "decision"},
        name="poster_decision",
    ),
    path(
        "posters/service/<int:pk>.pdf",
        press_staff.poster,
        {"kind": "service"},
        name="poster_service",
    ),
    path("signature/", press_staff.signature, name="signature"),
    path("mailings/", mailings_staff.mailing_list, name="mailings"),
    path("mailings/new/", mailings_staff.mailing_new, name="mailing_new"),
    path("mailings/<int:pk>/", mailings_staff.mailing_detail, name="mailing"),
    path("mailings/<int:pk>/move/", mailings_staff.mailing_move, name="mailing_move"),
]
