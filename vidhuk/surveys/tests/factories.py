import datetime as dt
import uuid

import factory
from django.utils import timezone

from vidhuk.core.tests.factories import CentreFactory
from vidhuk.surveys.choices import Channel, QuestionnaireKind, QuestionType, VersionStatus
from vidhuk.surveys.models import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
)
from vidhuk.surveys.services.questionnaires import questionnaire_install_defaults


def opts(*values: str) -> list[dict[str, str]]:
    return [{"value": v, "label_uk": f"Варіант {v}", "label_en": f"Option {v}"} for v in values]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    centre = factory.SubFactory(CentreFactory)
    kind = QuestionnaireKind.VISITOR_SURVEY
    slug = factory.Sequence(lambda n: f"survey-{n}")
    title_uk = factory.Sequence(lambda n: f"Анкета №{n}")
    title_en = factory.Sequence(lambda n: f"Questionnaire {n}")


class VersionFactory(factory.django.DjangoModelFactory):
    """A version straight into the table; published by default (tests of publishing use the
    services)."""

    class Meta:
        model = QuestionnaireVersion

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    number = 1
    status = VersionStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(VersionFactory)
    title_uk = "Ваш візит"
    title_en = "Your visit"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    version = factory.LazyAttribute(lambda o: o.section.version)
    code = factory.Sequence(lambda n: f"q{n}")
    type = QuestionType.RATING
    text_uk = factory.Sequence(lambda n: f"Питання №{n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")
    position = factory.Sequence(lambda n: n)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    version = factory.SubFactory(VersionFactory)
    centre = factory.LazyAttribute(lambda o: o.version.questionnaire.centre)
    channel = Channel.WEB
    submitted_on = dt.date(2026, 3, 2)
    submission_key = factory.LazyFunction(lambda: uuid.uuid4().hex)


# --- fixtures shared by the surveys tests (imported by each test module) ----------------------

import pytest  # noqa: E402

from vidhuk.accounts.choices import Role  # noqa: E402
from vidhuk.accounts.tests.factories import MembershipFactory  # noqa: E402

KYIV_NOON_2026_03_02 = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


@pytest.fixture
def frozen(time_machine):
    """Monday 2 March 2026, noon in Kyiv; tests move on from here."""
    time_machine.move_to(KYIV_NOON_2026_03_02, tick=False)
    return time_machine


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD).user


@pytest.fixture
def every_type(centre):
    """A published version with one question of every type and a skip rule."""
    section = SectionFactory(version__questionnaire__centre=centre)
    QuestionFactory(section=section, code="purpose", type="single_choice", options=opts("a", "b"))
    QuestionFactory(
        section=section, code="sources", type="multiple_choice", options=opts("x", "y", "z")
    )
    QuestionFactory(section=section, code="speed", type="rating", is_required=True)
    QuestionFactory(section=section, code="recommend", type="scale")
    QuestionFactory(section=section, code="resolved", type="yes_no")
    QuestionFactory(
        section=section,
        code="why_not",
        type="text",
        is_required=True,
        show_if={"question": "resolved", "equals": ["no"]},
    )
    QuestionFactory(
        section=section,
        code="rooms",
        type="matrix",
        rows=opts("hall", "toilet"),
        options=opts("clean", "dirty"),
    )
    return section.version


@pytest.fixture
def standard(centre):
    """The published standard visitor questionnaire, as every centre gets it."""
    questionnaire = next(
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    return questionnaire.versions.get()
