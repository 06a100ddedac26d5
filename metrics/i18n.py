"""Interface text in Vietnamese (the default) and English: page titles, labels, metric and unit names.

The text lives in gettext catalogs, ``metrics/locale/{vi,en}/LC_MESSAGES/messages.po`` (see
``metrics/locale/README.md``); message ids are the keys the code names (``"app_title"``,
``"metric.cases"``). ``t(key, language, **values)`` returns the text for a key, formatted with the
values; an unknown key comes back as itself, so a missing translation shows up on the page instead
of failing. A message with a count ``n`` has plural forms (English two, Vietnamese one). A sentence
with two counts is built from one counted phrase per count (gettext picks a form by one number):
``{figures}`` in a message is ``count_figures`` for ``n``, ``{sources}`` is ``count_sources`` for ``m``.

The compiled ``.mo`` files are built from the ``.po`` files at import (Babel) whenever they are
missing or older, so a fresh clone or a ``pip install`` needs no build step; they are not tracked.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "PAGES",
    "METRIC_LABELS",
    "t",
    "language_of",
    "metric_label",
    "metric_definition",
    "unit_label",
    "category_label",
    "country_label",
    "event_kind_label",
    "reason_label",
    "access_reason_label",
    "page_title",
    "compile_catalog",
]

DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
LOCALE_DIR = Path(__file__).with_name("locale")

# The counted phrase, and the value that counts it, behind each placeholder of a two-count sentence.
COUNTED_PHRASES = {
    "figures": ("count_figures", "n"),
    "sources": ("count_sources", "m"),
    "events": ("count_events", "n"),
}


def compile_catalog(language: str) -> bytes:
    """The language's ``.po`` compiled to ``.mo`` bytes; written beside it when the folder is writable."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po_path, mo_path = folder / "messages.po", folder / "messages.mo"
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return mo_path.read_bytes()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    try:
        mo_path.write_bytes(buffer.getvalue())
    except OSError:
        pass  # an installed, read-only package: the catalog is compiled in memory on each start
    return buffer.getvalue()


@cache
def _translations(language: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(language)))


def _lookup(key: str, language: str, count: int | None = None) -> str | None:
    """The catalog's text for a key, or None when the catalog has no such message."""
    catalog = _translations("en" if language == "en" else DEFAULT_LANGUAGE)
    missing = key + "\x00"
    if count is not None:
        plural = catalog.ngettext(key, missing, count)
        if plural not in (key, missing):
            return plural
    text = catalog.gettext(key)
    return None if text == key else text


def _count(value) -> int:
    digits = re.sub(r"\D", "", str(value))  # a count may come formatted: "1.234" in Vietnamese
    return int(digits) if digits else 2


def t(key: str, language: str = DEFAULT_LANGUAGE, **values) -> str:
    text = _lookup(key, language, _count(values["n"]) if "n" in values else None)
    if text is None:
        return key
    for placeholder, (phrase, counter) in COUNTED_PHRASES.items():
        if "{" + placeholder + "}" in text and placeholder not in values and counter in values:
            values[placeholder] = t(phrase, language, n=values[counter])
    return text.format(**values) if values else text


def _labelled(kind: str, code: str, language: str) -> str | None:
    return _lookup(f"{kind}.{code}", language)


def _pairs(kind: str, codes) -> dict[str, tuple[str, str]]:
    return {code: (_labelled(kind, code, "vi"), _labelled(kind, code, "en")) for code in codes}


# (url path, file under pages/, Vietnamese title, English title), in menu order.
PAGES = [
    (path, f"{path}.py", _labelled("page", path, "vi"), _labelled("page", path, "en"))
    for path in ("overview", "trends", "agencies", "drugs", "seizures", "outreach", "cooperation",
                 "sources", "add_report", "review", "methodology", "export")
]

# Every metric, in the order the methodology lists them, with its (Vietnamese, English) label.
METRIC_LABELS = _pairs("metric", (
    "cases", "persons_arrested", "drug_seized", "weapon_seized", "ammunition_seized", "explosive_seized",
    "vehicle_seized", "phone_seized", "currency_seized", "victims_rescued", "outreach_sessions",
    "outreach_attendees", "facilities_built", "equipment_donated", "other",
))

# Why metrics.aggregate left a figure out (it writes the reasons in English), and the message for each.
_REASONS = [
    (re.compile(r"^reporting window sticks out of the period$"), "reason.sticks_out"),
    (re.compile(r"^reporting window has no start"), "reason.no_start"),
    (re.compile(r"^restates figure (?P<id>\S+)"), "reason.restates"),
    (re.compile(r"^reporting window overlaps that of figure (?P<id>\S+)"), "reason.overlaps"),
    (re.compile(r"^the same figure reported by another source, figure (?P<id>[^:\s]+)"), "reason.same_figure"),
    (re.compile(r"^conflicts with figure (?P<id>[^:\s]+)"), "reason.conflict"),
    (re.compile(r"^a sub-unit's figure inside the parent's tally, figure (?P<id>[^:\s]+)"), "reason.sub_unit"),
    (re.compile(r"^a narrower category inside the same unit's tally, figure (?P<id>[^:\s]+)"), "reason.narrower"),
    (re.compile(r"^a sub-unit's figure of a narrower category inside the parent's tally, figure (?P<id>[^:\s]+)"),
     "reason.sub_unit_narrower"),
    (re.compile(r"^possibly the same cases as the parent's tally of a narrower category, figure (?P<id>[^:\s]+)"),
     "reason.possibly_same"),
    (re.compile(r"^a tally of a wider category \((?P<category>[^)]+)\)"), "reason.not_comparable"),
]


def language_of(value: str | None) -> str:
    """``en`` when asked for English, else Vietnamese."""
    return "en" if str(value or "").lower().startswith("en") else DEFAULT_LANGUAGE


def metric_label(metric: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled("metric", metric, language) or str(metric).replace("_", " ")


def metric_definition(metric: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled("metric_definition", metric, language) or str(metric).replace("_", " ")


def unit_label(unit: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A normal unit as the reader says it; currencies keep their ISO code."""
    return _labelled("unit", unit, language) or str(unit)


def category_label(category: str, language: str = DEFAULT_LANGUAGE) -> str:
    if "+" in str(category):  # substances seized together under one quantity: "cannabis+opium"
        return " + ".join(category_label(part, language) for part in str(category).split("+"))
    return _labelled("category", category, language) or str(category).replace("_", " ")


def country_label(country: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled("country", country, language) or str(country)


def event_kind_label(kind: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled("event_kind", kind, language) or str(kind).replace("_", " ")


def reason_label(reason: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Why a figure was left out (metrics.aggregate writes the reasons in English)."""
    for pattern, key in _REASONS:
        match = pattern.match(str(reason))
        if match:
            return t(key, language, **match.groupdict())
    return str(reason)


def page_title(url_path: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled("page", url_path, language) or url_path


def access_reason_label(reason: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Why an actor may or may not edit (metrics.access writes the reasons in English)."""
    return _labelled("access", str(reason), language) or str(reason)
