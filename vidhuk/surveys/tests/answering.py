"""Answers to the every-type questionnaire and a submit step, for the tests of responses."""

from vidhuk.surveys import services
from vidhuk.surveys.choices import Channel

VALID = {
    "purpose": "a",
    "sources": ["x", "z"],
    "speed": 4,
    "recommend": "9",
    "resolved": "yes",
    "rooms": {"hall": "clean", "toilet": "dirty"},
}


def submit(version, answers, *, key="form-1", **kwargs):
    kwargs.setdefault("channel", Channel.WEB)
    return services.response_submit(version=version, answers=answers, submission_key=key, **kwargs)
