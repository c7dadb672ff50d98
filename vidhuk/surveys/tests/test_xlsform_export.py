"""XLSForm export: the workbook converts with pyxform into an XForm with every question,
choice, skip rule and required flag; the pages offer only a file pyxform accepts."""

import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from vidhuk.accounts.choices import Role
from vidhuk.surveys.choices import VersionStatus
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, VersionFactory, opts
from vidhuk.surveys.xlsform.export import xlsform_workbook
from vidhuk.surveys.xlsform.naming import form_names

every_type = factories.every_type

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "x": "http://www.w3.org/2002/xforms",
    "jr": "http://openrosa.org/javarosa",
}
BASE = "/staff/verbivka/surveys/offline/"


def _xform(content: bytes) -> ET.Element:
    result = convert(xlsform=io.BytesIO(content), file_type=".xlsx")
    return ET.fromstring(result.xform)  # noqa: S314 - our own XForm, made just above


def _binds(root: ET.Element) -> dict[str, dict[str, str]]:
    binds = root.findall(".//x:model/x:bind", NS)
    return {bind.get("nodeset").rsplit("/", 1)[-1]: dict(bind.attrib) for bind in binds}


def _sheet(content: bytes, name: str) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(content))[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_question_type_becomes_its_xlsform_type(every_type):
    content = xlsform_workbook(every_type)

    types = {
        row["name"]: row["type"] for row in _sheet(content, "survey") if row["type"] != "end_group"
    }
    assert types["purpose"] == "select_one c_purpose"
    assert types["sources"] == "select_multiple c_sources"
    assert types["speed"] == "select_one rating_1_5"
    assert types["recommend"] == "select_one scale_0_10"
    assert types["resolved"] == "select_one yes_no"
    assert types["why_not"] == "text"
    assert types["rooms"] == "begin_group"
    assert types["rooms_hall"] == "select_one c_rooms"
    assert types["rooms_toilet"] == "select_one c_rooms"
    assert types["section_1"] == "begin_group"


def test_the_workbook_has_settings_and_both_languages(every_type):
    content = xlsform_workbook(every_type)

    settings = _sheet(content, "settings")[0]
    assert settings["form_id"] == f"vidhuk_q{every_type.questionnaire_id}_v1"
    assert settings["version"] == "1"
    assert settings["default_language"] == "Українська (uk)"
    survey = {row["name"]: row for row in _sheet(content, "survey") if row["type"] != "end_group"}
    purpose = every_type.questions.get(code="purpose")
    assert survey["purpose"]["label::Українська (uk)"] == purpose.text_uk
    assert survey["purpose"]["label::English (en)"] == purpose.text_en
    assert survey["section_1"]["label::Українська (uk)"] == "Ваш візит"
    assert survey["section_1"]["label::English (en)"] == "Your visit"
    assert survey["rooms"]["appearance"] == "table-list"


def test_pyxform_converts_the_export_with_questions_choices_relevant_and_required(every_type):
    root = _xform(xlsform_workbook(every_type))

    binds = _binds(root)
    assert binds["speed"]["required"] == "true()"
    assert "required" not in binds["purpose"]
    assert binds["why_not"]["relevant"] == "selected( /data/section_1/resolved , 'no')"
    instance = root.find(".//x:model/x:instance/x:data", NS)
    assert instance.get("id") == f"vidhuk_q{every_type.questionnaire_id}_v1"
    assert instance.get("version") == "1"
    section = instance.find("x:section_1", NS)
    assert [child.tag.split("}")[1] for child in section][:6] == [
        "purpose",
        "sources",
        "speed",
        "recommend",
        "resolved",
        "why_not",
    ]
    lists = {
        instance.get("id"): [
            item.findtext("x:name", namespaces=NS)
            for item in instance.iter("{http://www.w3.org/2002/xforms}item")
        ]
        for instance in root.findall(".//x:model/x:instance", NS)
        if instance.get("id")
    }
    assert lists["c_sources"] == ["x", "y", "z"]
    assert lists["rating_1_5"] == ["1", "2", "3", "4", "5"]
    assert lists["scale_0_10"] == [str(n) for n in range(11)]
    assert lists["yes_no"] == ["yes", "no"]
    assert lists["c_rooms"] == ["clean", "dirty"]
    languages = [t.get("lang") for t in root.findall(".//x:itext/x:translation", NS)]
    assert languages == ["Українська (uk)", "English (en)"]


def test_the_form_asks_the_device_for_the_day_only(every_type):
    root = _xform(xlsform_workbook(every_type))

    binds = _binds(root)
    preloads = {
        name: bind.get("{http://openrosa.org/javarosa}preloadParams")
        for name, bind in binds.items()
        if bind.get("{http://openrosa.org/javarosa}preloadParams")
    }
    assert preloads == {"today": "today"}
    assert "deviceid" not in binds
    assert "start" not in binds


def test_codes_that_are_not_xlsform_names_are_mapped_the_same_way_every_time(centre):
    section = SectionFactory(version__questionnaire__centre=centre)
    QuestionFactory(section=section, code="1-overall", type="rating")
    QuestionFactory(section=section, code="today", type="yes_no")
    QuestionFactory(
        section=section,
        code="how",
        type="multiple_choice",
        options=opts("by phone", "web"),
        show_if=None,
    )
    QuestionFactory(
        section=section,
        code="why",
        type="text",
        show_if={"question": "how", "equals": ["by phone"]},
    )

    first = {n.question.code: n.name for n in form_names(section.version).questions}
    second = {n.question.code: n.name for n in form_names(section.version).questions}
    root = _xform(xlsform_workbook(section.version))

    assert (
        first
        == second
        == {"1-overall": "q_1_overall", "today": "today_2", "how": "how", "why": "why"}
    )
    names = form_names(section.version).by_code["how"]
    assert names.value_to_choice == {"by phone": "option_1", "web": "web"}
    assert _binds(root)["why"]["relevant"] == "selected( /data/section_1/how , 'option_1')"


def test_export_page_offers_the_file_pyxform_accepted(staff_client, every_type):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    page = client.get(f"{BASE}versions/{every_type.pk}/")
    download = client.get(f"{BASE}versions/{every_type.pk}/xlsform.xlsx")

    assert page.status_code == 200
    assert "pyxform перетворив форму на XForm без помилок" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download["Content-Disposition"].startswith("attachment;")
    assert _xform(download.content).find(".//x:instance/x:data", NS) is not None


@pytest.mark.parametrize("role", [Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS, Role.HEAD])
def test_enter_or_edit_capability_may_export(staff_client, every_type, role):
    client, _membership = staff_client(role)

    response = client.get(f"{BASE}versions/{every_type.pk}/xlsform.xlsx")

    assert response.status_code == 200


def test_analyst_may_not_export(staff_client, every_type):
    client, _membership = staff_client(Role.ANALYST)

    assert client.get(f"{BASE}").status_code == 403
    assert client.get(f"{BASE}versions/{every_type.pk}/xlsform.xlsx").status_code == 403


def test_another_centres_version_is_not_found(staff_client, other_centre):
    version = VersionFactory(questionnaire__centre=other_centre)
    client, _membership = staff_client(Role.HEAD)

    assert client.get(f"{BASE}versions/{version.pk}/").status_code == 404
    assert client.get(f"{BASE}versions/{version.pk}/xlsform.xlsx").status_code == 404


def test_a_form_pyxform_refuses_is_explained_not_downloaded(staff_client, centre):
    # A draft whose skip rule names a question that is not there (drafts are checked only on
    # publishing): pyxform cannot resolve ${gone}.
    section = SectionFactory(
        version__questionnaire__centre=centre,
        version__status=VersionStatus.DRAFT,
        version__published_at=None,
    )
    QuestionFactory(
        section=section, code="why", type="text", show_if={"question": "gone", "equals": ["no"]}
    )
    client, _membership = staff_client(Role.HEAD)

    response = client.get(f"{BASE}versions/{section.version.pk}/xlsform.xlsx")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Цю форму не можна завантажити" in page
    assert "gone" in page


def test_index_lists_versions_with_export_and_import_links(staff_client, every_type):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    page = client.get(BASE).content.decode()

    assert f"{BASE}versions/{every_type.pk}/" in page
    assert f"{BASE}versions/{every_type.pk}/import/" in page
