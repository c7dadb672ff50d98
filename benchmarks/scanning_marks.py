#!/usr/bin/env python
"""How well Vidhuk reads marks on its own printed questionnaire from scans and phone photos.

    .venv/bin/python benchmarks/scanning_marks.py [--pages 40] [--photos 40] [--blank 50]
        [--dpi 150 200 300] [--seed 16] [--json FILE]

What it does, all on this machine:

1. starts a throwaway PostgreSQL server (vidhuk/testing/postgres.py), runs the migrations,
   installs the standard visitor questionnaire of a centre and prints it (A4, standard print)
   together with its map (``surveys.paper.questionnaire_pdf_and_map``);
2. renders each page with pypdfium2 at each ``--dpi`` and marks it as people do: one mark per
   single-choice question and matrix row, one to three per multiple choice — crosses, ticks,
   strokes over the edge, light pencil — and now and then a cancellation (a box filled in and
   another marked);
3. spoils it as a scanner does (±5°, 97–103 %, blur, noise, JPEG, fold lines) — ``--pages`` per
   dpi — and as a phone does (perspective up to 15 % of the corners, lens, vignetting, shadow,
   glare, 2–12 MP, motion blur) — ``--photos`` pages from the 300 dpi rendering;
4. reads every page (``scanning.recognition.read_page``) and compares each box with what was
   drawn: an *error* is a box accepted (not sent to review) with the wrong reading; also the
   share of boxes sent to review, pages refused (with the reason), pages whose identity was
   read wrong, and the CPU time of reading per page;
5. ``--blank`` unmarked pages with a fold line, scanned: every mark read on them is an error.

Prints a Markdown table; stops PostgreSQL and removes its directory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vidhuk.testing import postgres as pg  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="scanned pages per dpi")
    parser.add_argument("--photos", type=int, default=40, help="photographed pages")
    parser.add_argument("--blank", type=int, default=50, help="unmarked scanned pages with folds")
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", type=Path)
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def start_database() -> None:
    pg._state["port"] = pg._free_port()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg._state['port']}/postgres"
    os.environ.pop("VIDHUK_ENV", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    pg.start_server()
    pg.wait_until_ready()


def printed_form() -> tuple[bytes, Any]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from vidhuk.core.tests.factories import CentreFactory
    from vidhuk.surveys.paper import questionnaire_pdf_and_map
    from vidhuk.surveys.services import questionnaire_install_defaults

    centre = CentreFactory(slug="verbivka")
    questionnaire = next(
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    return questionnaire_pdf_and_map(version=questionnaire.versions.get())


def mark_page(image: Any, form: Any, page: int, *, dpi: int, rng: Any) -> dict[int, str]:
    """Mark ``image`` (page ``page``) as a visitor would; what each box holds."""
    from vidhuk.scanning.synthetic import Mark, draw_mark

    strokes = [Mark.CROSS, Mark.CROSS, Mark.TICK, Mark.OVER_EDGE, Mark.PENCIL]
    groups: dict[tuple[str, str], list[int]] = {}
    for index, box in enumerate(form.boxes):
        if box.page == page:
            groups.setdefault((box.question, box.row), []).append(index)
    truth = {index: "empty" for indexes in groups.values() for index in indexes}
    for indexes in groups.values():
        if rng.random() < 0.12:  # left unanswered
            continue
        count = 1 if len(indexes) < 6 or rng.random() < 0.6 else int(rng.integers(1, 4))
        chosen = rng.choice(indexes, size=min(count, len(indexes)), replace=False)
        for index in chosen:
            draw_mark(
                image, form.boxes[index].rect, strokes[rng.integers(len(strokes))], dpi=dpi, rng=rng
            )
            truth[int(index)] = "marked"
        others = [i for i in indexes if truth[i] == "empty"]
        if others and rng.random() < 0.05:  # a change of mind: one filled in, another marked
            cancelled = int(rng.choice(others))
            draw_mark(image, form.boxes[cancelled].rect, Mark.FILL, dpi=dpi, rng=rng)
            truth[cancelled] = "filled"
    return truth


class Tally:
    def __init__(self) -> None:
        self.pages = self.refused = self.identity_errors = 0
        self.boxes = self.accepted = self.errors = self.review = self.marked = 0
        self.cpu = 0.0
        self.reasons: Counter[str] = Counter()

    def add(
        self, reading: Any, truth: dict[int, str], page: int, version_id: int, cpu: float
    ) -> None:
        self.pages += 1
        self.cpu += cpu
        if reading.refusal is not None:
            self.refused += 1
            self.reasons[str(reading.refusal)] += 1
            return
        if reading.page_id.page != page or reading.page_id.version_id != version_id:
            self.identity_errors += 1
            return
        for box in reading.boxes:
            self.boxes += 1
            self.marked += truth[box.index] != "empty"
            if box.state == "doubtful":
                self.review += 1
            else:
                self.accepted += 1
                self.errors += str(box.state) != truth[box.index]

    def row(self, name: str) -> dict[str, Any]:
        read = max(self.pages - self.refused, 1)
        return {
            "input": name,
            "pages": self.pages,
            "refused": self.refused,
            "refusal reasons": dict(self.reasons),
            "identity errors": self.identity_errors,
            "boxes read": self.boxes,
            "marked boxes": self.marked,
            "errors per 10,000 accepted": round(10_000 * self.errors / max(self.accepted, 1), 1),
            "errors": self.errors,
            "to review %": round(100 * self.review / max(self.boxes, 1), 2),
            "pages/s per core": round(read / max(self.cpu, 1e-9), 2),
        }


def main() -> None:
    args = parse_args()
    start_database()
    try:
        import numpy as np

        from vidhuk.scanning.recognition import read_page
        from vidhuk.scanning.synthetic import (
            ScanSpoil,
            photograph,
            random_photo_spoil,
            random_scan_spoil,
            render_pages,
            spoil,
        )

        pdf, form = printed_form()
        rng = np.random.default_rng(args.seed)
        rows = []
        for dpi in args.dpi:
            rendered = render_pages(pdf, dpi=dpi)
            tally = Tally()
            log(f"{args.pages} scanned pages at {dpi} dpi")
            for n in range(args.pages):
                page = n % form.pages + 1
                image = rendered[page - 1].copy()
                truth = mark_page(image, form, page, dpi=dpi, rng=rng)
                scan = spoil(image, random_scan_spoil(rng), rng=rng)
                started = time.process_time()
                reading = read_page(scan, form)
                tally.add(reading, truth, page, form.version_id, time.process_time() - started)
            rows.append(tally.row(f"scan {dpi} dpi"))
        rendered = render_pages(pdf, dpi=300)
        tally = Tally()
        log(f"{args.photos} phone photos")
        for n in range(args.photos):
            page = n % form.pages + 1
            image = rendered[page - 1].copy()
            truth = mark_page(image, form, page, dpi=300, rng=rng)
            photo = photograph(image, random_photo_spoil(rng), rng=rng)
            started = time.process_time()
            reading = read_page(photo, form)
            tally.add(reading, truth, page, form.version_id, time.process_time() - started)
        rows.append(tally.row("phone photo"))
        tally = Tally()
        log(f"{args.blank} unmarked pages with folds")
        rendered = render_pages(pdf, dpi=200)
        for n in range(args.blank):
            page = n % form.pages + 1
            how = ScanSpoil(rotation=float(rng.uniform(-3, 3)), noise=6, fold=True, jpeg=80)
            scan = spoil(rendered[page - 1], how, rng=rng)
            truth = {i: "empty" for i, box in enumerate(form.boxes) if box.page == page}
            started = time.process_time()
            reading = read_page(scan, form)
            tally.add(reading, truth, page, form.version_id, time.process_time() - started)
        rows.append(tally.row("unmarked, folded (200 dpi)"))
        print_table(rows)
        if args.json:
            args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    finally:
        pg.stop_server()


def print_table(rows: list[dict[str, Any]]) -> None:
    rows = [row for row in rows if row["pages"]]  # kinds not asked for (--photos 0, …)
    if not rows:
        return
    keys = [k for k in rows[0] if k != "refusal reasons"]
    print("| " + " | ".join(keys) + " |")
    print("|" + "|".join("---" for _ in keys) + "|")
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    for row in rows:
        if row["refusal reasons"]:
            print(f"- {row['input']}: refused {row['refusal reasons']}")


if __name__ == "__main__":
    main()
