"""Rules the models themselves hold: clean() and the database constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vidhuk.appeals.choices import Channel, EventStage, Kind, KindGroup
from vidhuk.appeals.models import Appeal, AppealEvent
from vidhuk.appeals.tests.factories import AppealFactory

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).


@pytest.mark.parametrize(
    ("kind", "group"),
    [
        (Kind.PROPOSAL, KindGroup.APPEAL),
        (Kind.STATEMENT, KindGroup.APPEAL),
        (Kind.COMPLAINT, KindGroup.APPEAL),
        (Kind.INFO_REQUEST, KindGroup.INFO_REQUEST),
        (Kind.THANKS, KindGroup.FEEDBACK),
        (Kind.QUALITY_REMARK, KindGroup.FEEDBACK),
        (Kind.QUESTION, KindGroup.FEEDBACK),
    ],
    ids=str,
)
def test_kind_group_follows_the_law(kind, group):
    assert Appeal(kind=kind).kind_group == group


def test_clean_refuses_an_anonymous_complaint(centre):
    appeal = AppealFactory.build(centre=centre, is_anonymous=True, full_name="")

    with pytest.raises(ValidationError) as error:
        appeal.clean()

    assert "kind" in error.value.message_dict


def test_database_refuses_a_nameless_appeal(centre):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(full_name="")


def test_database_keeps_the_index_unique_in_a_centre_and_year(centre):
    AppealFactory(centre=centre, registration_index="Ш-1/2026", registration_number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        AppealFactory(centre=centre, registration_index="Ш-1/2026", registration_number=2)


def test_the_same_index_may_exist_in_another_centre(centre, other_centre):
    AppealFactory(centre=centre, registration_index="Ш-1/2026", registration_number=1)
    AppealFactory(centre=other_centre, registration_index="Ш-1/2026", registration_number=1)

    assert Appeal.objects.count() == 2


def test_database_refuses_a_public_internal_note(centre):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(IntegrityError), transaction.atomic():
        AppealEvent.objects.create(
            appeal=appeal, stage=EventStage.NOTE, at=appeal.received_at, is_public=True
        )


def test_box_opening_only_on_box_items(centre):
    from vidhuk.appeals.models import SuggestionBoxOpening
    from vidhuk.core.tests.factories import OfficeFactory

    opening = SuggestionBoxOpening.objects.create(
        centre=centre, office=OfficeFactory(centre=centre), opened_on="2026-03-02", opened_by="Х"
    )
    appeal = AppealFactory.build(centre=centre, channel=Channel.POST, box_opening=opening)

    with pytest.raises(ValidationError) as error:
        appeal.clean()

    assert "box_opening" in error.value.message_dict


def test_no_ip_address_field_anywhere():
    from django.apps import apps

    fields = [
        field.name
        for model in apps.get_app_config("appeals").get_models()
        for field in model._meta.get_fields()
    ]

    assert not [name for name in fields if "ip" in name.split("_")]
