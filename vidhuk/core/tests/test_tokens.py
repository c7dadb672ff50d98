"""The one token helper: digests stored today keep matching, and a code reads the same however
it is typed."""

from __future__ import annotations

import pytest

from vidhuk.core.names import fold_look_alikes
from vidhuk.core.tokens import (
    CODE_ALPHABET,
    code_new,
    code_normalise,
    token_digest,
    token_equal,
    token_hash,
    token_link,
    token_new,
)

# Computed with the code each app had before the helper moved to core (same key, same inputs):
# if one of these changes, links, codes and keys already in databases stop working.
PINNED_KEY = "pinned-secret-key-for-token-tests"


@pytest.mark.parametrize(
    ("purpose", "value", "expected"),
    [
        pytest.param(
            "vidhuk.surveys.visit_token",
            "ABCDEFGHJKMN",
            "3eee1b09aaa578a0425d0e88bad88a53def71ef38ba2406f041115373ddc5b9d",
            id="surveys-visit-code",
        ),
        pytest.param(
            "vidhuk.surveys.spent-visit-code",
            "ABCDEFGHJKMN",
            "49e45ce3e8e0a8f4684cafcd10f14c00196c5241a6f2c56e9ce9271a907e5607",
            id="surveys-spent-code",
        ),
        pytest.param(
            "vidhuk.surveys.xlsform-import",
            "form|key",
            "01ee0b910926fe51152f4ebe7552ce9d355889e9d1cf244eb953f8a5890e15ee",
            id="surveys-xlsform-submission",
        ),
        pytest.param(
            "vidhuk.queue.device-setup",
            "ABCDEFGHJKMN",
            "f549ae34566865bf13fe62fc330596e5621e74092608c9419972e8ad9385198e",
            id="queue-device-setup-code",
        ),
        pytest.param(
            "vidhuk.queue.device",
            "tok",
            "26bae88600a820a1d08e42d923a562233b545ef0e2532b3d6e582b90eb1a5ae9",
            id="queue-device-token",
        ),
    ],
)
def test_a_digest_stored_before_the_move_still_matches(settings, purpose, value, expected):
    settings.SECRET_KEY = PINNED_KEY
    assert token_digest(purpose, value) == expected


@pytest.mark.parametrize(
    ("purpose", "value", "expected"),
    [
        pytest.param(
            "booking-contact",
            "+380671111111",
            "182195fc28968139791be79d9098ad7f13dd9eeba6bf82cf7c7d1f58fcac54ae",
            id="appointments-contact-key",
        ),
        pytest.param(
            "stamp",
            "192.0.2.1",
            "f9fe17f391246ce9434a64cb9d7fbaf02bee4f758863a426fef64f3cc25bef07",
            id="antiabuse-form-stamp",
        ),
        pytest.param(
            "appeals-rate:7",
            "192.0.2.1",
            "1543f48a36cea2b3b4c08141b59496f593f4b5cfa7ece8420e4c30b25ae817e1",
            id="antiabuse-rate-key",
        ),
    ],
)
def test_the_older_derivation_of_contact_and_client_keys_still_matches(
    settings, purpose, value, expected
):
    settings.SECRET_KEY = PINNED_KEY
    assert token_digest(purpose, value, key_in_message=True) == expected


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [
        ("vidhuk.appeals.tracker", "3CdNkwxbwdW7-Qynqlb0FFOH_HKeDZmn-ouC5D-UHH4"),
        ("vidhuk.appointments.link", "tTmSzvs_sQDixKLGkqSJadmKv11-ZCq8c1OfTrXmvmk"),
    ],
)
def test_a_private_link_made_before_the_move_still_opens(settings, purpose, expected):
    settings.SECRET_KEY = PINNED_KEY
    assert token_link(purpose, "0123456789abcdef") == expected


def test_a_stored_token_hash_still_matches():
    # Tracker and booking links, staff invitations and spent unlock links keep this hash.
    expected = "1a7674eb4ee78df7e1ac439a93c3fa8e3c945784d4dec9fd8e3011738b2f1d62"
    assert token_hash("tok") == expected


def test_another_key_or_purpose_gives_another_digest(settings):
    settings.SECRET_KEY = PINNED_KEY
    first = token_digest("vidhuk.queue.device", "tok")
    assert token_digest("vidhuk.queue.device-setup", "tok") != first
    settings.SECRET_KEY = "another-key"
    assert token_digest("vidhuk.queue.device", "tok") != first


def test_digests_compare_equal_only_when_the_same():
    assert token_equal("abc", "abc")
    assert not token_equal("abc", "abd")


def test_new_tokens_and_codes_are_random_and_readable():
    assert len({token_new() for _ in range(20)}) == 20
    assert len(token_new()) == 43
    code = code_new(12)
    assert len(code) == 12
    assert set(code) <= set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set("0O1IL")
    assert set(code_new(6, "AC3")) <= set("AC3")


@pytest.mark.parametrize(
    ("typed", "issued"),
    [
        pytest.param("АВС", "ABC", id="cyrillic-capitals"),
        pytest.param("КМ4ТХQ", "KM4TXQ", id="ukrainian-keyboard"),
        pytest.param("км4-тхq", "KM4TXQ", id="cyrillic-small-with-dash"),
        pytest.param("РАСЕНУ", "PACEHY", id="more-look-alikes"),
        pytest.param("іі", "II", id="ukrainian-i"),
        pytest.param(" abcd-efgh jkmn ", "ABCDEFGHJKMN", id="latin-spaces-dashes"),
        pytest.param("ABCD—EFGH", "ABCDEFGH", id="long-dash"),
        pytest.param("ＡＢ１２", "AB12", id="full-width"),
        pytest.param("", "", id="empty"),
    ],
)
def test_a_typed_code_reads_as_issued(typed, issued):
    assert code_normalise(typed) == issued


def test_a_letter_without_a_latin_twin_is_not_made_to_match():
    assert code_normalise("ДЖ") == "ДЖ"


def test_codes_and_names_fold_the_same_pairs_of_letters():
    cyrillic = "АВСЕНІКМОРТХУ"
    latin = code_normalise(cyrillic)
    assert latin == "ABCEHIKMOPTXY"
    # A name folds each of those Latin letters back to the same Cyrillic one.
    assert fold_look_alikes("Ж" + latin)[1:] == cyrillic
