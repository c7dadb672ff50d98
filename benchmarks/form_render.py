#!/usr/bin/env python
"""CPU time of the public survey form with errors: GOV.UK forms by templates and by Python.

    .venv/bin/python benchmarks/form_render.py [--rounds 7] [--requests 20]

What it does, in one process, on loopback and in throwaway directories:

1. starts its own PostgreSQL server, runs `migrate`, `seed_demo` (the demo centre `verbivka`,
   whose standard visitor questionnaire is the form measured) and `createcachetable`;
2. sets Django up with the production profile (VIDHUK_ENV=production: cached template loaders,
   DEBUG off) and opens `/verbivka/survey/visitor-survey/` with the test client;
3. for each form renderer — `GovukTemplateFormRenderer` (the templates of `forms/` and Django's
   widget templates, the renderer before decision 0010) and `GovukFormRenderer` (the same HTML
   built in Python) — counts the templates one request renders, then measures the process's CPU
   time (`time.process_time`, this process only: PostgreSQL's work is not in it) of `--requests`
   requests, in `--rounds` rounds alternating the renderers, for the form shown (GET) and sent
   back with the required answers missing (POST: every question's error and the error summary);
4. prints a Markdown table: CPU ms per request (median of the rounds), templates rendered per
   request, and the ratio Python ÷ templates measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_http import log, machine, manage, postgres_server, production_env  # noqa: E402

SURVEY_URL = "/verbivka/survey/visitor-survey/"
RENDERERS = {
    "templates": "vidhuk.core.formrendering.GovukTemplateFormRenderer",
    "python": "vidhuk.core.formrendering.GovukFormRenderer",
}
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds per renderer [7]")
    parser.add_argument("--requests", type=int, default=20, help="requests per round [20]")
    return parser.parse_args(argv)


def errors_post(client: Any) -> dict[str, str]:
    """The form as the page gives it (stamp, keys) with only the free-text answer typed."""
    page = client.get(SURVEY_URL).content.decode()
    data = dict(HIDDEN.findall(page))
    data["q_improve"] = "Більше місць для сидіння."
    return data


def count_templates(run: Any) -> int:
    """Templates rendered by `run()`: every `Template._render`, as Django's test runner counts."""
    from django.template.base import Template

    original = Template._render  # type: ignore[attr-defined]
    count = 0

    def counting(self: Template, context: Any) -> Any:
        nonlocal count
        count += 1
        return original(self, context)

    Template._render = counting  # type: ignore[attr-defined]
    try:
        run()
    finally:
        Template._render = original  # type: ignore[attr-defined]
    return count


def measure(args: argparse.Namespace) -> dict[tuple[str, str], dict[str, Any]]:
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="203.0.113.7")
    data = errors_post(client)

    def get() -> Any:
        return client.get(SURVEY_URL)

    def post() -> Any:
        return client.post(SURVEY_URL, data)

    pages = {"GET (form shown)": get, "POST with errors": post}
    results: dict[tuple[str, str], dict[str, Any]] = {}
    for renderer, path in RENDERERS.items():
        with override_settings(FORM_RENDERER=path):
            for page, run in pages.items():
                response = run()
                content = response.content.decode()
                if response.status_code != 200 or ("POST" in page) != (
                    "govuk-error-summary" in content
                ):
                    raise RuntimeError(f"{page} by {renderer}: unexpected response")
                results[(page, renderer)] = {
                    "templates": count_templates(run),
                    "bytes": len(content),
                    "cpu": [],
                }
    for round_ in range(args.rounds):
        order = list(RENDERERS) if round_ % 2 == 0 else list(reversed(RENDERERS))
        for renderer in order:
            with override_settings(FORM_RENDERER=RENDERERS[renderer]):
                for page, run in pages.items():
                    started = time.process_time()
                    for _ in range(args.requests):
                        run()
                    elapsed = time.process_time() - started
                    results[(page, renderer)]["cpu"].append(elapsed / args.requests * 1000)
        log(f"round {round_ + 1}/{args.rounds}")
    return results


def report(results: dict[tuple[str, str], dict[str, Any]], args: argparse.Namespace) -> None:
    info = machine()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n## GOV.UK form renderer, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n\n"
        f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
        f"load average after the run {load}\n"
        f"- {args.rounds} rounds × {args.requests} requests per renderer and page, in-process "
        f"(test client, production profile), CPU time of this process only\n"
    )
    print("| page | renderer | CPU ms/request (median) | min | templates rendered | bytes |")
    print("|---|---|--:|--:|--:|--:|")
    for (page, renderer), figures in results.items():
        print(
            f"| {page} | {renderer} | {statistics.median(figures['cpu']):.1f} "
            f"| {min(figures['cpu']):.1f} | {figures['templates']} | {figures['bytes']:,} |"
        )
    print()
    for page in dict.fromkeys(page for page, _ in results):
        old = statistics.median(results[(page, "templates")]["cpu"])
        new = statistics.median(results[(page, "python")]["cpu"])
        print(f"- {page}: CPU python ÷ templates = **{new / old:.2f}**")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="vidhuk-bench-forms-"))
    try:
        with postgres_server() as url:
            env = production_env(workdir, url)
            seed_env = dict(env)
            seed_env.pop("VIDHUK_ENV")  # seed_demo refuses production (demo passwords)
            manage(seed_env, workdir, "migrate", "--noinput")
            manage(seed_env, workdir, "seed_demo")
            manage(env, workdir, "createcachetable")
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            import django

            django.setup()
            from django.conf import settings
            from django.test.utils import override_settings

            static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
            with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}):
                report(measure(args), args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
