"""Ukrainian first, English kept complete.

The catalogues are regenerated from the sources in a scratch copy of the project, so a string
added to code or templates without its English translation fails here. Ukrainian needs its own
catalogue only for plurals: the source strings give two forms, Ukrainian has three
(1 послуга, 2 послуги, 5 послуг).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("i18n")
    # The apps' data files are copied too: some are read when an app is imported.
    ignore = shutil.ignore_patterns("__pycache__", "dist", "node_modules", "*.mo")
    for name in ("vidhuk", "config", "locale"):
        shutil.copytree(ROOT / name, scratch / name, ignore=ignore)
    shutil.copy(ROOT / "manage.py", scratch / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-l", "uk", "--no-obsolete",
         "--no-location", "--verbosity", "0"],
        cwd=scratch,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings",
             "VIDHUK_VAR_DIR": str(scratch / "var")},
    )  # fmt: skip
    return scratch / "locale"


def test_every_string_has_an_english_translation(regenerated):
    catalogue = polib.pofile(str(regenerated / "en" / "LC_MESSAGES" / "django.po"))

    missing = [entry.msgid for entry in catalogue if not entry.translated()]

    assert missing == []
    assert len(catalogue) > 300


def test_every_plural_has_three_ukrainian_forms(regenerated):
    catalogue = polib.pofile(str(regenerated / "uk" / "LC_MESSAGES" / "django.po"))

    plurals = [entry for entry in catalogue if entry.msgid_plural]
    incomplete = [
        entry.msgid
        for entry in plurals
        if "fuzzy" in entry.flags
        or sorted(entry.msgstr_plural) != [0, 1, 2]
        or not all(entry.msgstr_plural.values())
    ]

    assert plurals
    assert incomplete == []


def test_ukrainian_plurals_read_naturally(client, centre):
    from vidhuk.catalog.tests.factories import ServiceFactory

    ServiceFactory.create_batch(2, centre=centre)

    page = client.get("/verbivka/services/").content.decode()

    assert "Знайдено 2 послуги" in page
