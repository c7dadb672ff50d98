"""Reviewers reach the mystery shopper's pages from the surveys section, as before the app of
its own: surveys' pages link them through object slots the mystery app fills, and show each
member only the pages their role opens."""

from __future__ import annotations

import re

import pytest

from vidhuk.accounts.choices import Role

from . import fixtures as fx

checklist = fx.checklist

SURVEYS = "/staff/verbivka/surveys/"
REVIEW_LIST = "/staff/verbivka/mystery/review/"
SCORES = "/staff/verbivka/mystery/scores/"


def _mystery_links(page: str) -> list[str]:
    return re.findall(r'href="(/staff/verbivka/mystery/[^"]*)"', page)


@pytest.mark.parametrize(
    ("role", "links"),
    [
        pytest.param(Role.COMMUNICATIONS, [REVIEW_LIST, SCORES], id="reviewer"),
        pytest.param(Role.ANALYST, [SCORES], id="results-reader"),
        pytest.param(Role.HOTLINE_OPERATOR, [], id="enters-paper-forms"),
    ],
)
def test_the_surveys_section_links_the_mystery_pages_the_member_may_open(staff_client, role, links):
    client, _membership = staff_client(role)

    page = client.get(SURVEYS).content.decode()

    assert _mystery_links(page) == links


@pytest.mark.parametrize(
    ("role", "links"),
    [
        pytest.param(Role.ANALYST, [SCORES, SCORES], id="results-reader"),
        pytest.param(Role.HOTLINE_OPERATOR, [], id="enters-paper-forms"),
    ],
)
def test_the_checklist_in_the_questionnaire_list_links_its_scores(
    staff_client, checklist, role, links
):
    client, _membership = staff_client(role)

    page = client.get(SURVEYS).content.decode()

    assert _mystery_links(page) == links
