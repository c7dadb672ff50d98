"""The questionnaire builder: the centre's questionnaires, their versions, sections and questions,
publishing, and a preview of any version exactly as residents see it.

A published or retired version is frozen (issue 4, §1): its page is read-only and offers
«Створити нову версію», which copies it into a new draft. Changing anything needs
``surveys.edit``; reading the pages needs any of the surveys capabilities.

One module per part of the page; the routes of all of them are gathered here.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from .questionnaires import home, questionnaire_detail, questionnaire_edit, questionnaire_new
from .questions import question_delete, question_edit, question_move_view, question_new
from .sections import section_delete, section_edit, section_move_view, section_new
from .versions import version_copy, version_detail, version_preview, version_publish_view

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home, name="home"),
    path("new/", questionnaire_new, name="builder_new"),
    path("<int:pk>/", questionnaire_detail, name="builder_questionnaire"),
    path("<int:pk>/settings/", questionnaire_edit, name="builder_settings"),
    path("versions/<int:pk>/", version_detail, name="builder_version"),
    path("versions/<int:pk>/new-version/", version_copy, name="builder_version_copy"),
    path("versions/<int:pk>/publish/", version_publish_view, name="builder_publish"),
    path("versions/<int:pk>/preview/", version_preview, name="builder_preview"),
    path("versions/<int:pk>/sections/new/", section_new, name="builder_section_new"),
    path("sections/<int:pk>/", section_edit, name="builder_section"),
    path("sections/<int:pk>/move/", section_move_view, name="builder_section_move"),
    path("sections/<int:pk>/delete/", section_delete, name="builder_section_delete"),
    path("sections/<int:pk>/questions/new/", question_new, name="builder_question_new"),
    path("questions/<int:pk>/", question_edit, name="builder_question"),
    path("questions/<int:pk>/move/", question_move_view, name="builder_question_move"),
    path("questions/<int:pk>/delete/", question_delete, name="builder_question_delete"),
]
