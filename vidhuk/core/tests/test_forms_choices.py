"""A form's choices from the database are read with one plain query, however often the page
walks them (a radio group walks them three times), and each form reads its own."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.core.forms import ModelChoiceField, ModelMultipleChoiceField
from vidhuk.core.models import Office
from vidhuk.core.tests.factories import OfficeFactory


class _OfficeForm(forms.Form):
    office = ModelChoiceField(queryset=Office.objects.order_by("name"), widget=forms.RadioSelect)
    others = ModelMultipleChoiceField(
        queryset=Office.objects.order_by("name"), widget=forms.CheckboxSelectMultiple
    )


def test_a_radio_group_reads_its_choices_once_without_a_cursor(centre):
    OfficeFactory(centre=centre, name="Головний офіс")
    OfficeFactory(centre=centre, name="Віддалене робоче місце")
    form = _OfficeForm()

    with CaptureQueriesContext(connection) as captured:
        html = str(form["office"]) + str(form["others"])
        html += str(form["office"])  # rendered again: the same rows

    statements = [query["sql"] for query in captured.captured_queries]
    assert "Головний офіс" in html
    assert "Віддалене робоче місце" in html
    assert len(statements) == 2, statements  # one per field
    assert not [s for s in statements if s.startswith(("DECLARE", "FETCH", "CLOSE"))]


def test_each_form_reads_the_choices_as_they_are_now(centre):
    OfficeFactory(centre=centre, name="Головний офіс")
    str(_OfficeForm()["office"])

    OfficeFactory(centre=centre, name="Новий офіс")

    assert "Новий офіс" in str(_OfficeForm()["office"])


def test_a_chosen_row_is_still_checked_against_the_database(centre):
    office = OfficeFactory(centre=centre, name="Головний офіс")
    form = _OfficeForm(data={"office": str(office.pk), "others": [str(office.pk)]})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["office"] == office
    assert not _OfficeForm(data={"office": "999999", "others": []}).is_valid()


class _GivenRowsForm(forms.Form):
    office = ModelChoiceField(queryset=Office.objects.none(), required=False)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].give_rows(rows)


def test_rows_given_to_a_field_are_its_choices_and_its_check_without_a_query(centre):
    main = OfficeFactory(centre=centre, name="Головний офіс")
    other = OfficeFactory(centre=centre, name="Віддалене робоче місце")
    rows = [main]

    with CaptureQueriesContext(connection) as captured:
        html = str(_GivenRowsForm(rows=rows)["office"])
        chosen = _GivenRowsForm(data={"office": str(main.pk)}, rows=rows)
        not_given = _GivenRowsForm(data={"office": str(other.pk)}, rows=rows)
        nothing = _GivenRowsForm(data={"office": ""}, rows=rows)
        assert chosen.is_valid()
        assert nothing.is_valid()
        assert not not_given.is_valid()

    assert captured.captured_queries == []
    assert "Головний офіс" in html
    assert "Віддалене робоче місце" not in html
    assert chosen.cleaned_data["office"] is main
    assert nothing.cleaned_data["office"] is None
    assert list(not_given.errors) == ["office"]
    assert _OfficeForm.base_fields["office"].queryset is not None  # the class's field untouched


class _GivenQueryForm(forms.Form):
    office = ModelChoiceField(queryset=Office.objects.none(), required=False)

    def __init__(self, *args, centre, made, **kwargs):
        super().__init__(*args, **kwargs)

        def build():
            made.append(centre.pk)
            return Office.objects.filter(centre=centre).order_by("name")

        self.fields["office"].give_query(build)


def test_a_query_given_to_a_field_is_made_only_when_the_field_needs_it(centre, other_centre):
    main = OfficeFactory(centre=centre, name="Головний офіс")
    theirs = OfficeFactory(centre=other_centre, name="Офіс іншої громади")
    made: list[int] = []

    with CaptureQueriesContext(connection) as captured:
        sent_without = _GivenQueryForm(data={"office": ""}, centre=centre, made=made)
        assert sent_without.is_valid()
    assert (made, captured.captured_queries) == ([], [])

    html = str(_GivenQueryForm(centre=centre, made=made)["office"])
    chosen = _GivenQueryForm(data={"office": str(main.pk)}, centre=centre, made=made)
    not_ours = _GivenQueryForm(data={"office": str(theirs.pk)}, centre=centre, made=made)

    assert "Головний офіс" in html
    assert "Офіс іншої громади" not in html
    assert chosen.is_valid()
    assert chosen.cleaned_data["office"] == main
    assert not not_ours.is_valid()
    assert made == [centre.pk] * 3  # once for each form that listed or checked


def test_a_queryset_set_after_a_given_query_replaces_it(centre):
    OfficeFactory(centre=centre, name="Головний офіс")
    made: list[int] = []
    form = _GivenQueryForm(centre=centre, made=made)
    form.fields["office"].queryset = Office.objects.none()

    assert "Головний офіс" not in str(form["office"])
    assert made == []


def test_a_query_given_after_rows_replaces_them(centre):
    main = OfficeFactory(centre=centre, name="Головний офіс")
    other = OfficeFactory(centre=centre, name="Віддалене робоче місце")
    made: list[int] = []
    form = _GivenQueryForm(data={"office": str(other.pk)}, centre=centre, made=made)
    field = form.fields["office"]
    field.give_rows([main])
    field.give_query(lambda: Office.objects.filter(centre=centre))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["office"] == other
