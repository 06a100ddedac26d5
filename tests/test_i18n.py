"""Interface text: the gettext catalogs are complete in both languages, compile, and count right."""

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from metrics.access import AccessPolicy
from metrics.i18n import LANGUAGES, LOCALE_DIR, access_reason_label, t

ROOT = Path(__file__).resolve().parent.parent


def _catalog(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


CATALOGS = {language: _catalog(language) for language in LANGUAGES}


def _texts(message):
    return list(message.string) if message.pluralizable else [message.string]


def _placeholders(text):
    return set(re.findall(r"{(\w+)", text))


def test_every_message_is_in_both_languages():
    ids = {language: {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
           for language, catalog in CATALOGS.items()}
    assert ids["vi"] == ids["en"], ids["vi"] ^ ids["en"]
    assert len(ids["vi"]) > 300


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_compiles(language):
    catalog = CATALOGS[language]
    assert catalog.num_plurals == {"vi": 1, "en": 2}[language]
    for message in catalog:
        if not message.id:
            continue
        assert all(text.strip() for text in _texts(message)), f"{language}: {message.id} is empty"
        assert not message.fuzzy, f"{language}: {message.id} is fuzzy"
        assert len(_texts(message)) == (catalog.num_plurals if message.pluralizable else 1), message.id
    assert not [error for _message, errors in catalog.check() for error in errors]
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert len(compiled.getvalue()) > 10_000


def test_both_languages_fill_the_same_values():
    english = {m.id: m for m in CATALOGS["en"] if m.id}
    for message in CATALOGS["vi"]:
        if not message.id:
            continue
        vi = set().union(*map(_placeholders, _texts(message)))
        en = set().union(*map(_placeholders, _texts(english[message.id])))
        assert vi == en, f"{message.id}: {vi} vs {en}"


def _keys_named_in(path):
    """Literal first arguments of t(...) calls (an AST, since Babel's extractor joins "yes" if e else "no")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value


def test_every_key_the_code_names_is_in_the_catalogs():
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in CATALOGS["en"] if m.id}
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    named = {key for path in files for key in _keys_named_in(path)}
    assert len(named) > 100
    assert named <= known, sorted(named - known)


@pytest.mark.parametrize("language, n, m, expected", [
    ("en", 1, 1, "1 figure · 1 source"),
    ("en", 1, 4, "1 figure · 4 sources"),
    ("en", 12, 1, "12 figures · 1 source"),
    ("en", "1,204", "2", "1,204 figures · 2 sources"),
    ("en", 0, 0, "0 figures · 0 sources"),
    ("vi", 1, 1, "1 số liệu · 1 nguồn"),
    ("vi", 7, 3, "7 số liệu · 3 nguồn"),
])
def test_counts_take_the_plural_form_of_the_language(language, n, m, expected):
    assert t("tile_sources", language, n=n, m=m) == expected


@pytest.mark.parametrize("key, values, english", [
    ("n_figures_sources", {"n": 1, "m": 2}, "1 figure from 2 sources"),
    ("n_events", {"n": 1, "m": 1}, "1 event from 1 source"),
    ("prorated_note", {"n": 1}, "1 figure pro-rated by its days inside the period (estimate)."),
    ("prorated_note", {"n": 5}, "5 figures pro-rated by their days inside the period (estimate)."),
    ("ar_saved", {"source_id": "005_x", "n": 1, "accepted": 0}, "Saved as 005_x: 1 figure (0 accepted)."),
    ("left_out", {"n": 1}, "Figures left out (1)"),
])
def test_counted_messages_in_english(key, values, english):
    assert t(key, "en", **values) == english


ACTORS = [
    AccessPolicy(auth_configured=True).actor(),
    AccessPolicy(editors=frozenset({"a@x.org"}), auth_configured=True).actor(email="a@x.org", logged_in=True),
    AccessPolicy(auth_configured=True).actor(email="b@x.org", logged_in=True),
    AccessPolicy().actor(server_address="127.0.0.1"),
    AccessPolicy().actor(server_address="127.0.0.1", behind_proxy=True),
    AccessPolicy().actor(server_address="0.0.0.0", client_address="203.0.113.9"),
]


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.reason)
def test_every_access_reason_is_translated(actor):
    assert access_reason_label(actor.reason, "en") == actor.reason
    assert access_reason_label(actor.reason, "vi") != actor.reason


def test_an_unknown_key_or_reason_comes_back_as_itself():
    assert access_reason_label("something new.", "vi") == "something new."
    assert t("no_such_message", "en", n=2) == "no_such_message"


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


def test_a_combined_category_is_labelled_by_its_parts():
    from metrics.i18n import category_label

    assert category_label("cannabis+heroin", "en") == f"{category_label('cannabis', 'en')} + {category_label('heroin', 'en')}"
