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


# (server listens on, behind a proxy, the client's address as the server saw it, may edit)
WITHOUT_LOGIN = [
    ("127.0.0.1", False, None, True),  # a browser on this machine: Streamlit gives no address
    ("localhost", False, None, True),
    ("::1", False, "::1", True),
    ("127.0.0.1", False, "127.0.0.1", True),
    ("127.0.0.1", True, None, False),  # nginx on this machine forwards everyone from 127.0.0.1
    ("127.0.0.1", True, "127.0.0.1", False),
    ("", False, None, False),  # every interface (Streamlit's default): a missing address grants nothing
    (None, False, None, False),
    ("0.0.0.0", False, "127.0.0.1", False),
    ("192.168.1.5", False, None, False),
    ("127.0.0.1", False, "192.168.1.20", False),  # cannot happen on loopback alone; refused all the same
    ("127.0.0.1", False, "not an address", False),
]


@pytest.mark.parametrize("server, proxied, client, can_edit", WITHOUT_LOGIN)
def test_without_login_only_a_server_on_loopback_alone_and_without_proxy_lets_visitors_edit(server, proxied, client, can_edit):
    actor = AccessPolicy().actor(client_address=client, server_address=server, behind_proxy=proxied)
    assert actor.can_edit is can_edit
    assert actor.name == ("local user" if can_edit else "remote user")


def test_the_reasons_say_why():
    policy = AccessPolicy()
    assert "this machine only" in policy.actor(server_address="127.0.0.1").reason
    assert "proxy" in policy.actor(server_address="127.0.0.1", behind_proxy=True).reason
    assert "machine serving the app" in policy.actor(server_address="").reason


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
    actor = policy.actor(email=email, logged_in=logged_in, client_address="127.0.0.1", server_address="127.0.0.1")
    assert actor.can_edit is can_edit


def test_with_login_a_local_client_is_not_an_editor_by_being_local():
    policy = AccessPolicy(editors=frozenset(), auth_configured=True)
    assert not policy.actor(email="x@example.org", logged_in=True, client_address="127.0.0.1",
                            server_address="127.0.0.1").can_edit


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
