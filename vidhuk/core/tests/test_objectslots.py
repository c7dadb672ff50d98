"""Object slots: a page renders what other apps registered for a named slot, without naming them."""

import pytest
from django.template import Context, Template

from vidhuk.core.objectslots import SlotEntry, register_slot_entry, unregister_slot_entry

PAGE = Template('{% load objectslots %}<main>{% object_slot "lamps.page.actions" lamp %}</main>')


@pytest.fixture
def locmem_templates(settings):
    """The throwaway entries' templates, beside the project's own."""
    engine = dict(settings.TEMPLATES[0])
    options = dict(engine["OPTIONS"])
    options["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {
                "lamps/light.html": "<a href='/light/{{ object.pk }}/'>{{ label }}</a>",
                "lamps/fix.html": "<p>{{ object.name }} — {{ note }}</p>",
            },
        )
    ]
    engine.update(APP_DIRS=False, OPTIONS=options)
    settings.TEMPLATES = [engine]


class Lamp:
    def __init__(self, pk, name, *, broken=False):
        self.pk, self.name, self.broken = pk, name, broken


@pytest.fixture
def lamp_entries(locmem_templates):
    register_slot_entry(
        SlotEntry(
            slot="lamps.page.actions",
            key="fix",
            order=20,
            template="lamps/fix.html",
            context=lambda request, lamp: {"note": "<b>полагодити</b>"} if lamp.broken else None,
        )
    )
    register_slot_entry(
        SlotEntry(
            slot="lamps.page.actions",
            key="light",
            order=10,
            template="lamps/light.html",
            context=lambda request, lamp: {"label": "Запалити"},
        )
    )
    yield
    unregister_slot_entry("lamps.page.actions", "fix")
    unregister_slot_entry("lamps.page.actions", "light")


def test_a_slot_nobody_filled_renders_empty():
    html = PAGE.render(Context({"lamp": Lamp(1, "Ліхтар")}))

    assert html == "<main></main>"


def test_entries_render_in_their_order_and_only_where_they_apply(lamp_entries):
    broken = PAGE.render(Context({"lamp": Lamp(7, "Ліхтар <біля ЦНАП>", broken=True)}))
    working = PAGE.render(Context({"lamp": Lamp(8, "Ліхтар")}))

    assert broken == (
        "<main><a href='/light/7/'>Запалити</a>"
        "<p>Ліхтар &lt;біля ЦНАП&gt; — &lt;b&gt;полагодити&lt;/b&gt;</p></main>"
    )
    assert working == "<main><a href='/light/8/'>Запалити</a></main>"


def test_registering_the_same_key_again_replaces_the_entry(lamp_entries):
    register_slot_entry(
        SlotEntry(
            slot="lamps.page.actions",
            key="light",
            order=10,
            template="lamps/light.html",
            context=lambda request, lamp: {"label": "Увімкнути"},
        )
    )

    html = PAGE.render(Context({"lamp": Lamp(2, "Ліхтар")}))

    assert html == "<main><a href='/light/2/'>Увімкнути</a></main>"
