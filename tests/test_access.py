import pytest

from metrics.access import AccessPolicy, Actor, PermissionDenied, command_line_actor, is_loopback, parse_editors


@pytest.mark.parametrize(
    "host, expected",
    [
        ("localhost", True),
        ("localhost:8501", True),
        ("127.0.0.1", True),
        ("127.0.0.1:8501", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]:8501", True),
        ("192.168.1.20", False),
        ("10.0.0.5:8501", False),
        ("example.org", False),
        ("localhost.example.org", False),
        ("0.0.0.0", False),
        ("", False),
        (None, False),
    ],
)
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def test_without_login_only_a_local_client_may_edit():
    policy = AccessPolicy()
    local = policy.actor(client_address="127.0.0.1")
    remote = policy.actor(client_address="192.168.1.20")
    assert local.can_edit and "localhost" in local.reason
    assert not remote.can_edit and "machine serving the app" in remote.reason


def test_without_login_an_unknown_client_address_may_not_edit():
    assert not AccessPolicy().actor(client_address=None).can_edit


@pytest.mark.parametrize(
    "email, logged_in, can_edit",
    [
        ("an@example.org", True, True),
        ("AN@Example.ORG", True, True),
        ("binh@example.org", True, False),
        ("an@example.org", False, False),
        (None, True, False),
    ],
)
def test_with_login_only_listed_editors_may_edit(email, logged_in, can_edit):
    policy = AccessPolicy.from_config({"editors": ["an@example.org"]}, env={}, auth_configured=True)
    actor = policy.actor(email=email, logged_in=logged_in, client_address="127.0.0.1")
    assert actor.can_edit is can_edit


def test_with_login_a_local_client_is_not_an_editor_by_being_local():
    policy = AccessPolicy(editors=frozenset(), auth_configured=True)
    assert not policy.actor(email="x@example.org", logged_in=True, client_address="127.0.0.1").can_edit


def test_editors_come_from_config_and_environment():
    policy = AccessPolicy.from_config({"editors": "a@x.org; b@x.org"}, env={"BORDER_METRICS_EDITORS": "C@x.org,d@x.org"})
    assert policy.editors == {"a@x.org", "b@x.org", "c@x.org", "d@x.org"}


@pytest.mark.parametrize("value, expected", [(None, set()), ("", set()), (" ; ;", set()), (["A@b.c", ""], {"a@b.c"})])
def test_parse_editors(value, expected):
    assert parse_editors(value) == expected


def test_require_editor_refuses_a_viewer_with_the_reason():
    viewer = Actor("binh@example.org", False, "this account is not in the editors list.")
    with pytest.raises(PermissionDenied, match="binh@example.org may not add a report: this account"):
        viewer.require_editor("add a report")
    Actor("an", True).require_editor()  # an editor passes


def test_the_command_line_acts_as_a_named_editor():
    actor = command_line_actor()
    assert actor.can_edit and actor.name.startswith("cli:")
