"""The embedded demo works as the README tells a newcomer to run it: on SQLite, with nothing else.

One run in a temporary directory (made once per test session, shared by the workers): `migrate`,
`seed_demo` twice, `check`, then the public pages through Django's test client in the same
configuration — each step a separate process, as a person would type them. The tests below read
that run.
"""

import fcntl
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Runs inside `manage.py shell`: a resident's writes through the public forms (see its docstring).
WRITE_SCRIPT = Path(__file__).with_name("demo_smoke_script.py")
KIOSK_CODE = re.compile(r"Демо-термінал: .*?/queue/device/\?code=([A-Z0-9-]+)")
DEMO_DATA = REPO_ROOT / "vidhuk" / "demo" / "data" / "services.json"
COUNTED_TABLES = [
    "catalog_service",
    "catalog_category",
    "catalog_lifesituation",
    "core_office",
    "core_openinghours",
    "accounts_user",
    "accounts_membership",
    "otp_totp_totpdevice",
    "core_auditevent",
    "appeals_appeal",
    "appeals_hotlinecall",
    "appeals_appealevent",
    "surveys_response",
    "surveys_answer",
    "surveys_mysteryvisit",
    "appointments_window",
    "appointments_appointment",
    "queue_ticket",
    "decisions_finding",
    "decisions_decision",
    "decisions_evidence",
    "analytics_serviceprovision",
]
# Variables of the developer's shell or of this test run that would change the profile.
DROPPED_VARIABLES = [
    "VIDHUK_ENV",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_HOST",
    "TASKS_BACKEND",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "VIDHUK_TEST_DATABASE_URL",
]

# Runs inside `manage.py shell`: what a resident's browser would get, as JSON on the last line.
FETCH_PAGES = r"""
import json, re
from html import unescape
from django.test import Client

CARD_LINK = r'<a class="govuk-link" href="(/[a-z0-9-]+/services/[a-z0-9-]+/)">(.*?)</a>'

def page(response):
    html = response.content.decode()
    lang = re.search(r'<html lang="([^"]*)"', html)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    found = re.search(r"Знайдено (\d+)", html)
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "content_language": response.get("Content-Language", ""),
        "lang": lang.group(1) if lang else None,
        "h1": unescape(" ".join(h1.group(1).split())) if h1 else None,
        "skip_link": "Перейти до основного вмісту" in html,
        "found": int(found.group(1)) if found else None,
        "cards": [href for href, _ in re.findall(CARD_LINK, html, re.S)],
        "card_names": [unescape(" ".join(n.split())) for _, n in re.findall(CARD_LINK, html, re.S)],
    }

client = Client()
root = client.get("/")
home = client.get(root["Location"])
search = client.get(root["Location"] + "services/", {"q": "паспорт"})
cards = page(search)["cards"]
card = client.get(cards[0]) if cards else None
print(json.dumps({
    "root": page(root),
    "home": page(home),
    "search": page(search),
    "card": page(card) if card else None,
}))
"""


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (
        f"manage.py {args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result


def _row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in COUNTED_TABLES
        }


def _audit_types(database: Path) -> list[str]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT object_type FROM core_auditevent ORDER BY id")
        return [row[0] for row in rows]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, worker_id) -> dict:
    """The run, made once for the whole test session: with parallel workers the first to need
    it makes it and the others read what it recorded (half a minute each otherwise)."""
    if worker_id == "master":
        return _demo_run(tmp_path_factory)
    shared = tmp_path_factory.getbasetemp().parent  # the session's, above each worker's own
    record = shared / "demo_run.json"
    with (shared / "demo_run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            record.write_text(json.dumps(_demo_run(tmp_path_factory)), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


def _demo_run(tmp_path_factory) -> dict:
    var_dir = tmp_path_factory.mktemp("demo")
    database = var_dir / "demo.sqlite3"
    env = {key: value for key, value in os.environ.items() if key not in DROPPED_VARIABLES}
    env.update(DATABASE_URL=f"sqlite:///{database}", VIDHUK_VAR_DIR=str(var_dir))

    _manage("migrate", "--noinput", env=env)
    first_seed = _manage("seed_demo", env=env)
    counts_after_first = _row_counts(database)
    audited_before_second = _audit_types(database)
    second_seed = _manage("seed_demo", env=env)
    counts_after_second = _row_counts(database)
    audited_by_second = _audit_types(database)[len(audited_before_second) :]
    check = _manage("check", env=env)
    pages = _manage("shell", "-c", FETCH_PAGES, env=env)
    counts_before_writes = _row_counts(database)
    kiosk_code = KIOSK_CODE.search(second_seed.stdout)
    writes = _manage(
        "shell",
        "-c",
        WRITE_SCRIPT.read_text(encoding="utf-8"),
        env={**env, "DEMO_KIOSK_CODE": kiosk_code.group(1) if kiosk_code else ""},
    )

    return {
        "first_seed": first_seed.stdout,
        "second_seed": second_seed.stdout,
        "counts_after_first": counts_after_first,
        "counts_after_second": counts_after_second,
        "audited_by_second": audited_by_second,
        "check": check.stdout + check.stderr,
        "pages": json.loads(pages.stdout.strip().splitlines()[-1]),
        "writes": json.loads(writes.stdout.strip().splitlines()[-1]),
        "written": {
            table: count - counts_before_writes[table]
            for table, count in _row_counts(database).items()
        },
    }


@pytest.fixture(scope="module")
def demo_services() -> list[dict]:
    return json.loads(DEMO_DATA.read_text(encoding="utf-8"))["services"]


def test_first_seed_loads_the_demo_centre_with_every_service(demo_run, demo_services):
    counts = demo_run["counts_after_first"]

    assert f"додано послуг: {len(demo_services)};" in demo_run["first_seed"]
    assert "звернень і відгуків: 12;" in demo_run["first_seed"]
    assert "відповідей на анкету: 420;" in demo_run["first_seed"]
    assert "звітів таємного відвідувача: 3;" in demo_run["first_seed"]
    assert "висновків і рішень: 12;" in demo_run["first_seed"]
    assert "заходів комунікаційного плану: 57;" in demo_run["first_seed"]
    # A year of the register: 8–15 services each working day, about 3,000 (the days move).
    assert 2000 < counts["analytics_serviceprovision"] < 4000
    assert "створено" in demo_run["first_seed"]
    assert counts["catalog_service"] == len(demo_services)
    assert counts["core_office"] == 4  # three offices and the queue's demo office
    assert counts["accounts_user"] == 7  # six roles and the platform administrator
    assert counts["accounts_membership"] == 6
    assert counts["appeals_appeal"] == 12
    assert counts["appeals_hotlinecall"] == 4
    assert counts["surveys_response"] == 420 + 3  # visitors' answers and three checklists
    assert counts["surveys_mysteryvisit"] == 3
    assert counts["appointments_appointment"] > 0
    assert counts["queue_ticket"] > 0
    assert counts["decisions_finding"] == 12
    assert counts["decisions_decision"] == 9  # one in every state, and one reopened
    assert counts["decisions_evidence"] > 12  # demo appeals, a survey figure, a mystery report


def test_second_seed_changes_nothing(demo_run):
    assert (
        "вже був; додано послуг: 0; звернень і відгуків: 0; відповідей на анкету: 0; "
        "звітів таємного відвідувача: 0; записів на прийом: 0; талонів черги: 0; "
        "висновків і рішень: 0; заходів комунікаційного плану: 0; налаштувань відкритих даних: 0; "
        "наданих послуг у реєстрі: 0."
    ) in demo_run["second_seed"]
    # The one thing a second run renews: the kiosk's and the board's set-up codes, shown once
    # and kept only as an HMAC, so the pending ones are revoked and new ones printed (audited).
    unchanged = {t: n for t, n in demo_run["counts_after_second"].items() if t != "core_auditevent"}
    assert unchanged == {
        t: n for t, n in demo_run["counts_after_first"].items() if t != "core_auditevent"
    }
    assert set(demo_run["audited_by_second"]) <= {"queue.queuedevice"}


def test_system_check_passes(demo_run):
    assert "System check identified no issues" in demo_run["check"]


def test_root_goes_to_the_demo_centre(demo_run):
    root = demo_run["pages"]["root"]

    assert (root["status"], root["location"]) == (302, "/verbivka/")


@pytest.mark.parametrize("name", ["home", "search", "card"])
def test_demo_page_answers_in_ukrainian(demo_run, name):
    page = demo_run["pages"][name]

    assert page["status"] == 200
    assert page["content_language"] == "uk"
    assert page["lang"] == "uk"
    assert page["skip_link"] is True


def test_search_for_passport_finds_cards_and_a_card_opens(demo_run):
    home = demo_run["pages"]["home"]
    search = demo_run["pages"]["search"]
    card = demo_run["pages"]["card"]

    assert home["h1"] == "ЦНАП Вербівської міської ради"
    assert search["found"] > 0
    assert len(search["cards"]) == min(search["found"], 20)
    assert card["h1"] == search["card_names"][0]


# --- a resident's writes on the SQLite demo (tests/demo_smoke_script.py) -------------------------


def test_an_appeal_sent_twice_is_one_case_with_a_receipt_and_a_tracker(demo_run):
    appeal = demo_run["writes"]["appeal"]

    assert appeal["form"]["status"] == 200
    assert appeal["first"]["status"] == 302, appeal["first"]
    assert "/appeals/sent/" in appeal["first"]["location"]
    assert appeal["second"]["location"] == appeal["first"]["location"]  # the same case
    assert appeal["made"] == 1
    assert (appeal["sent"]["status"], appeal["sent"]["h1"]) == (200, "Повідомлення надіслано")
    assert appeal["tracker"]["status"] == 200
    assert re.fullmatch(r"№ \S+/\d{4}", appeal["tracker"]["h1"])
    assert appeal["reference_on_sent"] is True
    assert demo_run["written"]["appeals_appeal"] == 1


def test_the_visitor_survey_answered_twice_is_one_response(demo_run):
    survey = demo_run["writes"]["survey"]

    assert survey["first"]["status"] == 302, survey["first"]
    assert survey["second"]["location"] == survey["first"]["location"]
    assert survey["made"] == 1
    assert (survey["thanks"]["status"], survey["thanks"]["h1"]) == (200, "Дякуємо за відповіді")
    assert demo_run["written"]["surveys_response"] == 1
    assert demo_run["written"]["surveys_answer"] > 10
    assert demo_run["writes"]["respondents"] == ["421"]  # the public results count it (420 seeded)


def test_the_demo_kiosk_issues_one_ticket_for_a_double_tap(demo_run):
    kiosk = demo_run["writes"]["kiosk"]

    assert kiosk["setup"]["status"] == 302, kiosk["setup"]  # the seeded set-up code works
    assert (kiosk["start"]["status"], kiosk["start"]["h1"]) == (200, "Взяти талон у черзі")
    assert kiosk["first"]["status"] == 302, kiosk["first"]
    assert kiosk["second"]["location"] == kiosk["first"]["location"]
    assert kiosk["made"] == 1
    assert kiosk["issued"]["status"] == 200
    assert kiosk["issued"]["h1"].startswith("Ваш талон ")
    assert demo_run["written"]["queue_ticket"] == 1


def test_a_visit_booked_twice_through_the_steps_is_one_appointment(demo_run):
    booking = demo_run["writes"]["booking"]

    assert [step["status"] for step in booking["steps"]] == [200] * 5
    assert booking["steps"][-1]["h1"] == "Хто прийде на прийом"
    assert booking["first"]["status"] == 302, booking["first"]
    assert booking["second"]["location"] == booking["first"]["location"]
    assert booking["made"] == 1
    assert (booking["booked"]["status"], booking["booked"]["h1"]) == (200, "Ви записані")
    assert demo_run["written"]["appointments_appointment"] == 1


@pytest.mark.parametrize(
    ("name", "h1"),
    [
        ("board", "Табло черги"),
        ("booking", "На яку послугу ви хочете записатися?"),
        ("results", "Результати опитування: Анкета відвідувача ЦНАП"),
        ("home", "ЦНАП Вербівської міської ради"),
    ],
)
def test_public_pages_open_after_the_writes(demo_run, name, h1):
    page = demo_run["writes"]["pages"][name]

    assert page["status"] == 200
    assert page["h1"].startswith(h1)
