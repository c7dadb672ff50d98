"""Importing KoboToolbox and ODK Central submission exports (CSV and XLSX) into a version.

The export files are written here in code, shaped like the tools write them: KoboToolbox's CSV
(semicolons, BOM, group paths with "/", both a space-separated select_multiple column and its
0/1 columns, meta columns such as _uuid, deviceid, _submitted_by), its XLSX «labels» export, and
ODK Central's CSV (commas, group paths with "-", meta-instanceID, SubmissionDate).
"""

import datetime as dt
import re
import uuid

from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import BatchKind, Channel
from vidhuk.surveys.models import Answer, Response, ResponseBatch
from vidhuk.surveys.tests import factories, kobo_exports
from vidhuk.surveys.tests.kobo_exports import (
    BASE,
    confirm,
    kobo_csv,
    kobo_row,
    mapping_of,
    stored_answers,
    upload,
    uploads_left,
    xlsx,
)
from vidhuk.surveys.xlsform.mapping import DATE, IGNORED, KEY, auto_columns
from vidhuk.surveys.xlsform.naming import form_names
from vidhuk.surveys.xlsform.reading import read_submissions

every_type = factories.every_type
frozen = factories.frozen
media = kobo_exports.media
enterer = kobo_exports.enterer


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
