"""KoboToolbox and ODK Central submission exports written in code, shaped like the tools
write them, and the steps of the import pages, for the import tests."""

import csv
import io
import os
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from vidhuk.accounts.choices import Role
from vidhuk.surveys.models import Response
from vidhuk.surveys.xlsform.naming import form_id

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
