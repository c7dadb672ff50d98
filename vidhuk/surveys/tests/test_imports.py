"""Importing KoboToolbox and ODK Central submission exports (CSV and XLSX) into a version.

The export files are written here in code, shaped like the tools write them: KoboToolbox's CSV
(semicolons, BOM, group paths with "/", both a space-separated select_multiple column and its
0/1 columns, meta columns such as _uuid, deviceid, _submitted_by), its XLSX «labels» export, and
ODK Central's CSV (commas, group paths with "-", meta-instanceID, SubmissionDate).
"""

import csv
import datetime as dt
import io
import os
import re
import time
import uuid

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import BatchKind, Channel, VersionStatus
from vidhuk.surveys.models import Answer, Response, ResponseBatch
from vidhuk.surveys.services import version_new_draft, version_publish
from vidhuk.surveys.services.imports import submissions_import
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import VersionFactory
from vidhuk.surveys.xlsform import storage
from vidhuk.surveys.xlsform.mapping import DATE, IGNORED, KEY, auto_columns
from vidhuk.surveys.xlsform.naming import form_id, form_names
from vidhuk.surveys.xlsform.reading import read_submissions

every_type = factories.every_type
frozen = factories.frozen

BASE = "/staff/verbivka/surveys/offline/"

KOBO_META_BEFORE = ["start", "end", "today"]
KOBO_META_AFTER = [
    "deviceid",
    "username",
    "phonenumber",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]
KOBO_ANSWERS = [
    "section_1/purpose",
    "section_1/sources",
    "section_1/sources/x",
    "section_1/sources/y",
    "section_1/sources/z",
    "section_1/speed",
    "section_1/recommend",
    "section_1/resolved",
    "section_1/why_not",
    "section_1/rooms/generated_table_list_label_12",
    "section_1/rooms/reserved_name_for_field_list_labels_13",
    "section_1/rooms/rooms_hall",
    "section_1/rooms/rooms_toilet",
    "vidhuk_form",
]
KOBO_HEADER = KOBO_META_BEFORE + KOBO_ANSWERS + KOBO_META_AFTER


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def enterer(staff_client, frozen):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    return client


def kobo_row(version, number, **answers):
    """One submission as KoboToolbox exports it (XML names, both select_multiple styles)."""
    sources = answers.get("sources", "x y")
    chosen = sources.split()
    instance = answers.get("uuid", str(uuid.UUID(int=number)))
    row = {
        "start": "2026-03-01T10:00:00.000+02:00",
        "end": "2026-03-01T10:05:00.000+02:00",
        "today": answers.get("today", "2026-03-01"),
        "section_1/purpose": answers.get("purpose", "a"),
        "section_1/sources": sources,
        **{f"section_1/sources/{v}": "1" if v in chosen else "0" for v in "xyz"},
        "section_1/speed": answers.get("speed", "4"),
        "section_1/recommend": answers.get("recommend", "9"),
        "section_1/resolved": answers.get("resolved", "yes"),
        "section_1/why_not": answers.get("why_not", ""),
        "section_1/rooms/rooms_hall": answers.get("hall", "clean"),
        "section_1/rooms/rooms_toilet": answers.get("toilet", "dirty"),
        "vidhuk_form": answers.get("form", form_id(version)),
        "deviceid": "collect:Xk82hdP0",
        "username": "social.worker.olena",
        "phonenumber": "+380671234567",
        "meta/instanceID": f"uuid:{instance}",
        "_id": str(1000 + number),
        "_uuid": instance,
        "_submission_time": "2026-03-01T12:00:00",
        "_submitted_by": "olena_kovalenko",
        "__version__": "vQx8T3kLfP2",
        "_index": str(number),
    }
    return row


def kobo_csv(rows, *, header=KOBO_HEADER, delimiter=";", bom=True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    text = buffer.getvalue()
    return ("\ufeff" + text if bom else text).encode("utf-8")


def xlsx(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Анкета"
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, version, data, name="kobo.csv"):
    return client.post(
        f"{BASE}versions/{version.pk}/import/",
        {"file": SimpleUploadedFile(name, data)},
    )


def token_of(response) -> str:
    return re.search(r'name="upload" value="([^"]+)"', response.content.decode()).group(1)


def mapping_of(response) -> dict[str, str]:
    """The mapping the preview proposes, as the browser would send it back."""
    form = response.context["form"]
    data = {"upload": token_of(response), "mode": "all_or_none"}
    for column in form.columns:
        if column.is_mappable:
            data[column.field_name] = column.target
    return data


def confirm(client, version, data, *, action="import", **changes):
    return client.post(
        f"{BASE}versions/{version.pk}/import/preview/", {**data, **changes, "action": action}
    )


def stored_answers(response: Response) -> dict[str, object]:
    answers: dict[str, object] = {}
    for answer in response.answers.select_related("question"):
        code = answer.question.code
        if answer.question.type == "multiple_choice":
            answers.setdefault(code, set()).add(answer.choice)
        elif answer.row:
            answers.setdefault(code, {})[answer.row] = answer.choice
        elif answer.number is not None:
            answers[code] = answer.number
        else:
            answers[code] = answer.choice or answer.text
    return answers


def uploads_left(media) -> list[str]:
    folder = media / "survey-imports"
    return sorted(os.listdir(folder)) if folder.exists() else []


# --- reading and mapping ------------------------------------------------------------------------


def test_kobo_columns_match_questions_by_name_with_the_group_path_stripped(every_type):
    table = read_submissions(kobo_csv([kobo_row(every_type, 1)]), "kobo.csv")

    columns = {c.header: c for c in auto_columns(table, form_names(every_type))}

    assert columns["section_1/purpose"].target == "q:purpose"
    assert columns["section_1/sources"].target == "q:sources"
    assert columns["section_1/sources/y"].target == "o:sources:y"
    assert columns["section_1/rooms/rooms_hall"].target == "r:rooms:hall"
    assert columns["section_1/why_not"].target == "q:why_not"
    assert {columns[h].role for h in ("deviceid", "username", "phonenumber", "_id")} == {IGNORED}
    assert {columns[h].role for h in ("_submitted_by", "__version__", "start")} == {IGNORED, DATE}
    assert columns["section_1/rooms/generated_table_list_label_12"].role == IGNORED
    assert columns["_uuid"].role == KEY
    assert columns["today"].role == DATE


def test_odk_central_columns_with_dashes_are_matched(every_type):
    header = [
        "SubmissionDate",
        "section_1-purpose",
        "section_1-speed",
        "section_1-rooms-rooms_hall",
        "meta-instanceID",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "ReviewState",
        "DeviceID",
    ]
    data = (
        ",".join(header).encode()
        + b"\n2026-03-01T08:00:00.000Z,a,5,clean,uuid:1,uuid:1,5,Olena,,abc\n"
    )

    columns = {
        c.header: c for c in auto_columns(read_submissions(data, "c.csv"), form_names(every_type))
    }

    assert columns["section_1-purpose"].target == "q:purpose"
    assert columns["section_1-speed"].target == "q:speed"
    assert columns["section_1-rooms-rooms_hall"].target == "r:rooms:hall"
    assert columns["meta-instanceID"].role == KEY
    assert {
        columns[h].role for h in ("SubmitterID", "SubmitterName", "ReviewState", "DeviceID")
    } == {IGNORED}


# --- the import through the pages ----------------------------------------------------------------


def test_kobo_csv_import_stores_anonymous_responses_in_one_batch(enterer, every_type, media):
    rows = [
        kobo_row(every_type, 1, sources="x z"),
        kobo_row(every_type, 2, resolved="no", why_not="Довго чекала", today="2026-02-27"),
    ]

    preview = upload(enterer, every_type, kobo_csv(rows))
    done = confirm(enterer, every_type, mapping_of(preview))

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Не імпортується (службовий або персональний стовпець)" in page
    assert preview.context["check"].valid == 2
    assert done.status_code == 302
    assert done["Location"] == f"{BASE}batches/"
    responses = list(Response.objects.order_by("submitted_on"))
    assert [r.submitted_on for r in responses] == [dt.date(2026, 2, 27), dt.date(2026, 3, 1)]
    assert {r.channel for r in responses} == {Channel.XLSFORM_IMPORT}
    batch = ResponseBatch.objects.get()
    assert batch.kind == BatchKind.IMPORT
    assert batch.source_name == "kobo.csv"
    assert {r.batch_id for r in responses} == {batch.pk}
    assert stored_answers(responses[1]) == {
        "purpose": "a",
        "sources": {"x", "z"},
        "speed": 4,
        "recommend": 9,
        "resolved": "yes",
        "rooms": {"hall": "clean", "toilet": "dirty"},
    }
    assert stored_answers(responses[0])["why_not"] == "Довго чекала"
    # Nothing of the tools' ids, device or person is stored; the key is a keyed hash.
    keys = {r.submission_key for r in responses}
    assert not keys & {str(uuid.UUID(int=1)), str(uuid.UUID(int=2))}
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    texts = " ".join(Answer.objects.values_list("text", flat=True))
    assert "olena" not in texts
    assert "+38067" not in texts
    assert uploads_left(media) == []
    assert AuditEvent.objects.filter(object_type="surveys.responsebatch").count() == 1


def test_importing_the_same_file_twice_adds_nothing(enterer, every_type):
    data = kobo_csv([kobo_row(every_type, 1), kobo_row(every_type, 2)])
    confirm(enterer, every_type, mapping_of(upload(enterer, every_type, data)))

    preview = upload(enterer, every_type, data)
    again = confirm(enterer, every_type, mapping_of(preview))

    assert preview.context["check"].duplicates == 2
    assert "Уже імпортовано раніше" in preview.content.decode()
    assert Response.objects.count() == 2
    assert ResponseBatch.objects.count() == 1
    page = enterer.get(again["Location"]).content.decode()
    assert "2 уже імпортовано раніше" in page


def test_a_double_submit_of_the_import_stores_one_batch(enterer, every_type):
    data = mapping_of(upload(enterer, every_type, kobo_csv([kobo_row(every_type, 1)])))

    confirm(enterer, every_type, data)
    second = confirm(enterer, every_type, data)

    assert Response.objects.count() == 1
    assert ResponseBatch.objects.count() == 1
    assert second.status_code == 302
    assert (
        "уже імпортовано або перегляд застарів" in enterer.get(second["Location"]).content.decode()
    )


def test_all_or_none_imports_nothing_when_a_row_is_wrong(enterer, every_type, media):
    rows = [
        kobo_row(every_type, 1),
        kobo_row(every_type, 2, speed="7"),
        kobo_row(every_type, 3, purpose="c"),
    ]
    data = mapping_of(upload(enterer, every_type, kobo_csv(rows)))

    refused = confirm(enterer, every_type, data, mode="all_or_none")

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Нічого не імпортовано: у 2 рядках є помилки" in page
    assert "Рядок 3, питання «speed»: Вкажіть ціле число від 1 до 5." in page
    assert "Рядок 4, питання «purpose»: «c» — такого варіанта відповіді немає." in page
    assert Response.objects.count() == 0
    assert ResponseBatch.objects.count() == 0
    assert len(uploads_left(media)) == 1  # the preview can still be used


def test_skip_invalid_imports_the_valid_rows(enterer, every_type):
    rows = [
        kobo_row(every_type, 1),
        kobo_row(every_type, 2, resolved="no"),
        kobo_row(every_type, 3),
    ]
    data = mapping_of(upload(enterer, every_type, kobo_csv(rows)))

    done = confirm(enterer, every_type, data, mode="skip_invalid")

    assert done.status_code == 302
    assert Response.objects.count() == 2
    batch = ResponseBatch.objects.get()
    assert batch.label == "Пропущено рядків з помилками: 1; уже імпортованих раніше: 0"
    page = enterer.get(done["Location"]).content.decode()
    assert "Імпортовано відповідей: 2; пропущено рядків з помилками: 1" in page


def test_row_errors_name_the_row_and_the_question(enterer, every_type):
    rows = [kobo_row(every_type, 1, resolved="no", why_not=""), kobo_row(every_type, 2, hall="wet")]

    preview = upload(enterer, every_type, kobo_csv(rows))

    assert preview.context["check"].errors == [
        "Рядок 2, питання «why_not»: Дайте відповідь на це питання.",
        "Рядок 3, питання «rooms_hall»: «wet» — такого варіанта відповіді немає.",
    ]


def test_a_day_in_the_future_is_a_row_error(enterer, every_type):
    preview = upload(enterer, every_type, kobo_csv([kobo_row(every_type, 1, today="2026-03-09")]))

    assert preview.context["check"].errors == ["Рядок 2: дата заповнення 09.03.2026 ще не настала."]


def test_kobo_labels_export_in_xlsx_maps_labels_back_to_values(enterer, every_type):
    questions = {q.code: q for q in every_type.questions.all()}
    header = [
        "start",
        questions["purpose"].text_uk,
        questions["sources"].text_uk,
        questions["speed"].text_uk,
        questions["resolved"].text_uk,
        "Варіант hall",
        "Варіант toilet",
        "_uuid",
        "_submission_time",
    ]
    rows = [
        {
            # Excel cells carry no time zone.
            "start": dt.datetime(2026, 2, 28, 9, 30),  # noqa: DTZ001
            header[1]: "Варіант b",
            header[2]: "Варіант x Варіант z",
            header[3]: 5,
            header[4]: "Ні",
            "Варіант hall": "Варіант dirty",
            "Варіант toilet": "Варіант clean",
            "_uuid": "2f1b3c4d",
            "_submission_time": dt.datetime(2026, 2, 28, 10, 0),  # noqa: DTZ001
        }
    ]
    # why_not is required when resolved is "no".
    rows[0][questions["why_not"].text_uk] = "Немає пандуса"
    header.append(questions["why_not"].text_uk)

    preview = upload(enterer, every_type, xlsx(header, rows), name="kobo-labels.xlsx")
    confirm(enterer, every_type, mapping_of(preview))

    assert preview.context["check"].errors == []
    response = Response.objects.get()
    assert response.submitted_on == dt.date(2026, 2, 28)
    assert stored_answers(response) == {
        "purpose": "b",
        "sources": {"x", "z"},
        "speed": 5,
        "resolved": "no",
        "why_not": "Немає пандуса",
        "rooms": {"hall": "dirty", "toilet": "clean"},
    }


def test_select_multiple_as_0_1_columns_only(enterer, every_type):
    header = [
        "section_1/speed",
        "section_1/sources/x",
        "section_1/sources/y",
        "section_1/sources/z",
        "_uuid",
    ]
    rows = [
        {
            "section_1/speed": "3",
            "section_1/sources/x": "0",
            "section_1/sources/y": "1",
            "section_1/sources/z": "1",
            "_uuid": "u1",
        }
    ]

    confirm(
        enterer,
        every_type,
        mapping_of(
            upload(enterer, every_type, kobo_csv(rows, header=header, delimiter=",", bom=False))
        ),
    )

    assert stored_answers(Response.objects.get()) == {"speed": 3, "sources": {"y", "z"}}


def test_odk_central_csv_is_imported(enterer, every_type):
    header = [
        "SubmissionDate",
        "section_1-speed",
        "section_1-resolved",
        "meta-instanceID",
        "KEY",
        "SubmitterName",
        "FormVersion",
    ]
    data = (
        ",".join(header) + "\n2026-02-28T23:30:00.000Z,2,yes,uuid:aa,uuid:aa,Olena,1\n"
    ).encode()

    confirm(enterer, every_type, mapping_of(upload(enterer, every_type, data, name="central.csv")))

    response = Response.objects.get()
    # 23:30 UTC on 28 February is already 1 March in Kyiv.
    assert response.submitted_on == dt.date(2026, 3, 1)
    assert stored_answers(response) == {"speed": 2, "resolved": "yes"}


def test_staff_can_map_an_unmatched_column_by_hand(enterer, every_type):
    header = ["overall_rating", "_uuid"]
    rows = [{"overall_rating": "5", "_uuid": "k1"}, {"overall_rating": "2", "_uuid": "k2"}]
    header.append("section_1/purpose")
    for row in rows:
        row["section_1/purpose"] = "a"
    preview = upload(enterer, every_type, kobo_csv(rows, header=header))
    data = mapping_of(preview)
    column = next(c for c in preview.context["form"].columns if c.header == "overall_rating")
    assert data[column.field_name] == ""

    refreshed = confirm(
        enterer, every_type, data, action="refresh", **{column.field_name: "q:speed"}
    )
    done = confirm(enterer, every_type, data, **{column.field_name: "q:speed"})

    assert refreshed.context["check"].valid == 2
    assert done.status_code == 302
    speeds = Answer.objects.filter(question__code="speed").values_list("number", flat=True)
    assert sorted(speeds) == [2, 5]


def test_two_columns_for_one_question_is_a_mapping_error(enterer, every_type):
    header = ["section_1/speed", "speed_again", "_uuid"]
    preview = upload(
        enterer,
        every_type,
        kobo_csv([{"section_1/speed": "3", "speed_again": "4", "_uuid": "x"}], header=header),
    )
    data = mapping_of(preview)
    column = next(c for c in preview.context["form"].columns if c.header == "speed_again")

    response = confirm(enterer, every_type, data, **{column.field_name: "q:speed"})

    assert response.status_code == 200
    assert "Це питання вже зіставлено зі стовпцем «section_1/speed»" in response.content.decode()
    assert Response.objects.count() == 0


# --- malformed files ---------------------------------------------------------------------------


def _xlsx_broken() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + b"\x00" * 50,
            "Це не таблиця CSV чи XLSX",
            id="not-a-table",
        ),
        pytest.param("kobo.xlsx", _xlsx_broken(), "Файл XLSX пошкоджений", id="broken-xlsx"),
        pytest.param(
            "kobo.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "старого формату Excel",
            id="old-xls",
        ),
        pytest.param(
            "kobo.csv", "purpose;speed\na;4\n".encode("utf-16"), "кодування не UTF-8", id="utf-16"
        ),
        pytest.param("kobo.csv", b"\xef\xbb\xbf\r\n", "Файл порожній", id="empty"),
        pytest.param(
            "kobo.csv", b"section_1/purpose;section_1/speed\n", "лише заголовки", id="header-only"
        ),
        pytest.param(
            "kobo.csv",
            b"name;age\nOlena;40\n",
            "Жоден стовпець файлу не відповідає",
            id="no-matching-column",
        ),
        pytest.param(
            "kobo.csv",
            b"section_1/speed;vidhuk_form\n4;vidhuk_q999_v1\n",
            "Це експорт іншої форми",
            id="another-form",
        ),
        pytest.param(
            "central.csv",
            b"section_1-speed,FormVersion\n4,7\n",
            "Це експорт версії",
            id="another-version",
        ),
        pytest.param(
            "kobo.csv",
            b'section_1/speed;_uuid\n"4;x\n',
            "Файл CSV пошкоджений",
            id="unclosed-quote",
        ),
    ],
)
def test_a_malformed_file_gets_a_clear_message_and_nothing_is_saved(
    enterer, every_type, media, name, data, message
):
    response = upload(enterer, every_type, data, name=name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0
    assert ResponseBatch.objects.count() == 0
    assert uploads_left(media) == []


def test_a_file_over_the_size_limit_is_refused(enterer, every_type, monkeypatch):
    monkeypatch.setattr("vidhuk.surveys.forms.staff_offline.MAX_BYTES", 1000)
    data = kobo_csv([kobo_row(every_type, n) for n in range(20)])

    response = upload(enterer, every_type, data)

    assert response.status_code == 400
    assert "Файл завеликий" in response.content.decode()


def test_a_file_over_the_row_limit_is_refused(enterer, every_type, monkeypatch):
    monkeypatch.setattr("vidhuk.surveys.xlsform.reading.MAX_ROWS", 3)

    response = upload(enterer, every_type, kobo_csv([kobo_row(every_type, n) for n in range(4)]))

    assert response.status_code == 400
    assert "понад 3 рядки відповідей" in response.content.decode()


def test_a_tampered_or_foreign_upload_value_is_refused(enterer, every_type, centre):
    data = mapping_of(upload(enterer, every_type, kobo_csv([kobo_row(every_type, 1)])))
    other = VersionFactory(questionnaire__centre=centre, questionnaire__slug="other")
    forged = signing.dumps(
        {"n": "../../etc/passwd", "k": "csv", "s": "x", "c": centre.pk, "v": every_type.pk},
        salt=storage.SALT,
    )

    for response in (
        confirm(enterer, every_type, {**data, "upload": data["upload"] + "x"}),
        confirm(enterer, every_type, {**data, "upload": forged}),
        confirm(enterer, other, data),
    ):
        assert response.status_code == 302
    assert Response.objects.count() == 0


def test_old_uploads_are_deleted_after_a_day(enterer, every_type, media):
    upload(enterer, every_type, kobo_csv([kobo_row(every_type, 1)]))
    [name] = uploads_left(media)
    path = media / "survey-imports" / name
    day_ago = time.time() - 24 * 60 * 60 - 1
    os.utime(path, (day_ago, day_ago))

    assert storage.purge_old_uploads() == 1
    assert uploads_left(media) == []


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


# --- access --------------------------------------------------------------------------------------


def test_import_needs_the_enter_capability(staff_client, every_type, frozen):
    client, _membership = staff_client(Role.ANALYST)

    page = client.get(f"{BASE}versions/{every_type.pk}/import/")
    posted = upload(client, every_type, kobo_csv([kobo_row(every_type, 1)]))
    batches = client.get(f"{BASE}batches/")

    assert (page.status_code, posted.status_code, batches.status_code) == (403, 403, 403)
    assert Response.objects.count() == 0


def test_another_centres_version_cannot_take_an_import(enterer, other_centre):
    version = VersionFactory(questionnaire__centre=other_centre)

    response = upload(enterer, version, b"section_1/speed\n4\n")

    assert response.status_code == 404
    assert Response.objects.count() == 0


# --- imported files ------------------------------------------------------------------------------


def test_batches_list_shows_file_counts_and_who(
    staff_client, every_type, frozen, django_assert_max_num_queries
):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    membership.user.first_name, membership.user.last_name = "Олена", "Коваленко"
    membership.user.save()
    for number in range(3):
        rows = [kobo_row(every_type, number * 10 + n, uuid=f"{number}-{n}") for n in range(2)]
        rows.append(kobo_row(every_type, 99, uuid=f"bad-{number}", speed="9"))
        data = mapping_of(upload(client, every_type, kobo_csv(rows), name=f"olena-{number}.csv"))
        confirm(client, every_type, data, mode="skip_invalid")

    with django_assert_max_num_queries(12):
        page = client.get(f"{BASE}batches/")

    text = page.content.decode()
    assert text.count("olena-") == 3
    assert "Коваленко Олена" in text
    assert "Пропущено рядків з помилками: 1" in text
    assert [b.imported for b in page.context["page"].object_list] == [2, 2, 2]


def test_batches_list_shows_only_my_centres_imports(enterer, other_centre, every_type):
    version = VersionFactory(questionnaire__centre=other_centre)
    ResponseBatch.objects.create(
        centre=other_centre,
        kind=BatchKind.IMPORT,
        version=version,
        received_on=dt.date(2026, 3, 1),
        source_name="luhove.csv",
    )

    page = enterer.get(f"{BASE}batches/").content.decode()

    assert "luhove.csv" not in page


def test_the_preview_and_the_import_cost_the_same_queries_for_any_number_of_rows(
    enterer, every_type, django_assert_max_num_queries
):
    data = kobo_csv([kobo_row(every_type, n, uuid=f"n{n}") for n in range(300)])

    with django_assert_max_num_queries(25):
        preview = upload(enterer, every_type, data)
    with django_assert_max_num_queries(30):
        confirm(enterer, every_type, mapping_of(preview))

    assert Response.objects.count() == 300
