"""Interface text: every sentence the access policy can give has both languages."""

import pytest

from metrics.access import AccessPolicy
from metrics.i18n import ACCESS_REASONS, access_reason_label, t

ACTORS = [
    AccessPolicy(auth_configured=True).actor(),
    AccessPolicy(editors=frozenset({"a@x.org"}), auth_configured=True).actor(email="a@x.org", logged_in=True),
    AccessPolicy(auth_configured=True).actor(email="b@x.org", logged_in=True),
    AccessPolicy().actor(client_address="127.0.0.1"),
    AccessPolicy().actor(client_address="203.0.113.9"),
]


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.reason)
def test_every_access_reason_is_translated(actor):
    assert actor.reason in ACCESS_REASONS
    assert access_reason_label(actor.reason, "en") == actor.reason
    assert access_reason_label(actor.reason, "vi") != actor.reason


def test_an_unknown_reason_comes_back_as_itself():
    assert access_reason_label("something new.", "vi") == "something new."


@pytest.mark.parametrize("key, values", [
    ("ar_saved", {"source_id": "005_x", "n": 3, "accepted": 1}),
    ("ar_duplicate", {"source_id": "004_x", "matched": "sha256"}),
    ("fix_done", {"figure": "003-19"}),
    ("withdraw_done", {"figure": "003-19"}),
    ("history_title", {"figure": "003-19"}),
])
def test_messages_with_values_format_in_both_languages(key, values):
    for language in ("vi", "en"):
        text = t(key, language, **values)
        assert "{" not in text and str(next(iter(values.values()))) in text
