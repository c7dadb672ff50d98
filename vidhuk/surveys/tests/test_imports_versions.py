"""Imports and versions: a retired version takes the forms collected on it (a file of it is
sent to it from the newer one), a draft takes none, and a retired version's XLSForm stays."""

import pytest
from django.core.exceptions import ValidationError

from vidhuk.surveys.choices import Channel, VersionStatus
from vidhuk.surveys.models import Response, ResponseBatch
from vidhuk.surveys.services import version_new_draft, version_publish
from vidhuk.surveys.services.imports import submissions_import
from vidhuk.surveys.tests import factories, kobo_exports
from vidhuk.surveys.tests.kobo_exports import (
    BASE,
    confirm,
    kobo_csv,
    kobo_row,
    mapping_of,
    upload,
)

every_type = factories.every_type
frozen = factories.frozen
media = kobo_exports.media
enterer = kobo_exports.enterer


def publish_next_version(version, actor=None):
    """A typo fixed: the next version is published through the builder, retiring ``version``."""
    draft = version_new_draft(questionnaire=version.questionnaire, actor=actor)
    published = version_publish(version=draft, actor=actor)
    version.refresh_from_db()
    return published


def test_a_retired_version_takes_the_forms_collected_on_it(enterer, every_type):
    """Devices still running the v1 XLSForm send their forms after v2 is published."""
    newer = publish_next_version(every_type)
    data = kobo_csv([kobo_row(every_type, 1, speed="2"), kobo_row(every_type, 2, speed="5")])

    page = enterer.get(f"{BASE}versions/{every_type.pk}/import/").content.decode()
    preview = upload(enterer, every_type, data)
    done = confirm(enterer, every_type, mapping_of(preview))

    assert every_type.status == VersionStatus.RETIRED
    assert "Версія 1 знята з використання" in page
    assert "їх буде збережено як відповіді саме на версію 1" in page
    assert f"{BASE}versions/{newer.pk}/" in page  # the XLSForm to collect on from now
    assert preview.status_code == 200
    assert "Версія 1 знята з використання" in preview.content.decode()
    assert done.status_code == 302
    batch = ResponseBatch.objects.get()
    assert batch.version == every_type
    assert (
        sorted(Response.objects.values_list("version", "channel"))
        == [(every_type.pk, Channel.XLSFORM_IMPORT)] * 2
    )
    assert Response.objects.filter(version=newer).count() == 0


def test_a_draft_takes_no_import(enterer, every_type):
    draft = version_new_draft(questionnaire=every_type.questionnaire, actor=None)

    page = enterer.get(f"{BASE}versions/{draft.pk}/import/")
    posted = upload(enterer, draft, kobo_csv([kobo_row(draft, 1)]))
    preview = confirm(enterer, draft, {"upload": "x", "mode": "all_or_none"})

    assert "За чернеткою відповідей не збирають" in page.content.decode()
    assert f"{BASE}versions/{every_type.pk}/import/" in page.content.decode()
    assert (posted.status_code, preview.status_code) == (409, 409)
    assert Response.objects.count() == 0
    with pytest.raises(ValidationError, match="чернетка"):
        submissions_import(
            version=draft,
            rows=[],
            checksum="x",
            skip_invalid=False,
            source_name="kobo.csv",
            actor=None,
        )


def test_a_file_of_the_retired_version_is_sent_to_it_from_the_new_one(enterer, every_type):
    newer = publish_next_version(every_type)
    data = kobo_csv([kobo_row(every_type, 1)])

    refused = upload(enterer, newer, data)

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Це експорт версії 1 цієї анкети, а імпорт іде у версію 2." in html
    assert "імпортуйте цей файл у версію 1" in html
    assert f'href="{BASE}versions/{every_type.pk}/import/"' in html
    assert Response.objects.count() == 0


def test_an_odk_central_file_of_the_retired_version_is_sent_to_it(enterer, every_type):
    newer = publish_next_version(every_type)
    data = b"section_1-speed,meta-instanceID,FormVersion\n4,uuid:aa,1\n"

    refused = upload(enterer, newer, data, name="central.csv")
    accepted = upload(enterer, every_type, data, name="central.csv")

    assert refused.status_code == 400
    assert "імпортуйте цей файл у версію 1" in refused.content.decode()
    assert accepted.status_code == 200
    assert accepted.context["check"].valid == 1


def test_the_index_offers_import_into_published_and_retired_versions_only(enterer, every_type):
    newer = publish_next_version(every_type)
    draft = version_new_draft(questionnaire=every_type.questionnaire, actor=None)

    page = enterer.get(BASE).content.decode()

    assert f"{BASE}versions/{newer.pk}/import/" in page
    assert f"{BASE}versions/{every_type.pk}/import/" in page
    assert f"{BASE}versions/{draft.pk}/import/" not in page
    assert f"{BASE}versions/{draft.pk}/" in page  # a draft's XLSForm can still be tried out


def test_a_retired_versions_xlsform_stays_available(enterer, every_type):
    newer = publish_next_version(every_type)

    page = enterer.get(f"{BASE}versions/{every_type.pk}/").content.decode()
    download = enterer.get(f"{BASE}versions/{every_type.pk}/xlsform.xlsx")

    assert "Ця версія знята з використання" in page
    assert f"{BASE}versions/{newer.pk}/" in page
    assert f"{BASE}versions/{every_type.pk}/import/" in page
    assert download.status_code == 200
