"""The Frictionless description of the bundle (data/datapackage.json), kept in one place.

``write_datapackage`` regenerates the JSON; a test checks the committed file matches, so a
change to a table's columns is made here and the file rewritten with
``python -c "from metrics.datapackage import write_datapackage; write_datapackage('data')"``.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["describe", "write_datapackage", "RESOURCES"]

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_OPTIONAL_DATE = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}


def _field(name: str, description: str, type_: str = "string", **constraints) -> dict:
    field = {"name": name, "type": type_, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


RESOURCES = [
    {
        "name": "sources",
        "path": "sources.csv",
        "title": "Source documents",
        "description": "One row per press report; the raw text is kept byte for byte under sources/.",
        "fields": [
            _field("source_id", "Stable id of the document (the raw file's name without .txt).", required=True, unique=True),
            _field("title", "Title as published, or a descriptive title when the scrape has none (see notes)."),
            _field("publisher", "Publisher as far as the text tells; empty when it does not."),
            _field("published", "Publication date at the precision known: YYYY-MM-DD or YYYY-MM.", pattern=r"^\d{4}-\d{2}(-\d{2})?$"),
            _field("published_precision", "day or month: how precise `published` is.", enum=["day", "month"]),
            _field("reference_date", "The date relative periods ('đến nay') are read against: the publication date, or the last dated day the report describes when only the month is known.", pattern=_DATE["pattern"]),
            _field("language", "Language of the text (ISO 639-1).", enum=["vi", "en"]),
            _field("url", "Address of the original page; empty when unknown."),
            _field("path", "Path of the raw text, relative to this package."),
            _field("sha256", "SHA-256 of the raw file's bytes.", pattern=r"^[0-9a-f]{64}$"),
            _field("notes", "What is odd about the document: missing title, page noise, publisher inferred."),
        ],
        "primaryKey": ["source_id"],
    },
    {
        "name": "agencies",
        "path": "agencies.csv",
        "title": "Agency registry",
        "description": "Every agency the sources name, with its place in the hierarchy and the aliases used to match it in text.",
        "fields": [
            _field("agency_id", "Stable id: country code, then a slug.", required=True, unique=True, pattern=r"^[a-z]{2}-[a-z0-9\-]+$"),
            _field("country", "ISO 3166-1 alpha-2 country of the agency.", pattern=r"^[A-Z]{2}$"),
            _field("name_vi", "Vietnamese name."),
            _field("name_en", "English name."),
            _field("kind", "ministry, border guard command, provincial border guard command, border post, provincial police, district police, customs, security force, unspecified forces..."),
            _field("level", "national, provincial, district or post: the level of the administration the unit serves.",
                   enum=["national", "provincial", "district", "post"]),
            _field("parent_id", "The agency this one belongs to; empty for a top-level body. A parent's figures may contain its sub-units' figures."),
            _field("iso_code", "ISO 3166-2 code of the province the unit serves (from pycountry); empty above the provinces. A 2025 successor keeps its own pre-merger code.",
                   pattern=r"^([A-Z]{2}-[A-Z0-9]{1,3})?$"),
            _field("valid_from", "First day the unit existed under this id; empty when it predates every report.", **{k: v for k, v in _OPTIONAL_DATE.items() if k != "type"}),
            _field("valid_to", "Last day the unit existed (e.g. 2025-06-30 for provinces merged on 1 July 2025); empty while it exists.", **{k: v for k, v in _OPTIONAL_DATE.items() if k != "type"}),
            _field("successor_id", "The unit that took over this one's area when it ended; empty when none."),
            _field("aliases", "Names used in text, separated by ';': with and without diacritics, abbreviations (BĐBP, BCH BĐBP, CA tỉnh), the Vietnamese spellings of Lao names, English."),
            _field("source", "Where the row comes from: official name, pycountry's ISO 3166-2 entry, the merger resolution, or the report it was added from."),
            _field("added_from_text", "true when the row was created from a report that named a unit the registry did not know.", enum=["true", "false"]),
            _field("reviewed", "false until an editor has checked a row added from text.", enum=["true", "false"]),
        ],
        "primaryKey": ["agency_id"],
        "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "agencies", "fields": ["agency_id"]}},
                        {"fields": ["successor_id"], "reference": {"resource": "agencies", "fields": ["agency_id"]}}],
        "sources": [{"title": "pycountry 26.2 (ISO 3166-2 subdivisions)", "path": "https://pypi.org/project/pycountry/"},
                    {"title": "Nghị quyết 202/2025/QH15 on the arrangement of provincial-level units"}],
    },
    {
        "name": "categories",
        "path": "categories.csv",
        "title": "Category tree",
        "description": "What a figure's category may contain: a tally of all offences contains its drug cases, a seizure of mixed drugs its heroin. Figures of a category and of one inside it, with overlapping windows and the same or nested agencies, are never added. A combined category (cannabis+opium) sits under the nearest node holding all its parts; a category not listed is a root of its own.",
        "fields": [
            _field("category_id", "The category as figures write it.", required=True, unique=True),
            _field("parent_id", "The category that contains this one; empty for a root."),
            _field("name_vi", "Vietnamese name."),
            _field("name_en", "English name."),
            _field("notes", "What the node means when a report uses it."),
        ],
        "primaryKey": ["category_id"],
        "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "categories", "fields": ["category_id"]}}],
    },
    {
        "name": "figures",
        "path": "figures.csv",
        "title": "Reported figures",
        "description": "Every numeric result reported in the sources' article bodies, curated by hand, each traceable to its quote.",
        "fields": [
            _field("figure_id", "Stable id: the source's number, then the figure's order in it.", required=True, unique=True),
            _field("source_id", "The document the figure is quoted from."),
            _field("quote", "The exact text of the figure in the source (number, unit and what it counts)."),
            _field("quote_start", "Character offset (Unicode code points, 0-based) where the quote starts in the raw text.", "integer", minimum=0),
            _field("quote_end", "Character offset just after the quote.", "integer", minimum=1),
            _field("agency_id", "The force that made the arrests or seizures (did it): country and force totals count the figure under it."),
            _field("counterpart_id", "The force that helped or advised, or the partner it worked with (e.g. BĐBP, which advised the Lao forces that made the arrests); empty when none."),
            _field("metric", "What is counted.", enum=[
                "cases", "persons_arrested", "drug_seized", "weapon_seized", "ammunition_seized",
                "explosive_seized", "vehicle_seized", "phone_seized", "currency_seized", "victims_rescued",
                "outreach_sessions", "outreach_attendees", "facilities_built", "equipment_donated", "other"]),
            _field("category", "The kind within the metric: the drug, the currency code, the vehicle type..."),
            _field("value", "The value as reported, numerals read the Vietnamese way (18.293 is 18293; 96,7 is 96.7).", "number", minimum=0),
            _field("unit", "The unit as written in the source (bánh, gram, viên, kíp Lào...)."),
            _field("qualifier", "exact, at_least (hơn, trên), about (khoảng), at_most (gần).", enum=["exact", "at_least", "about", "at_most"]),
            _field("period_start", "First day of the reporting window; empty when the text gives no start.", **{k: v for k, v in _OPTIONAL_DATE.items() if k != "type"}),
            _field("period_end", "Last day of the reporting window ('đến nay' is the reference date).", **{k: v for k, v in _OPTIONAL_DATE.items() if k != "type"}),
            _field("period_text", "The reporting window as written."),
            _field("window_basis", "How the window was found: stated (written in the figure's sentence), publication (read against the publication date: a year left to the reader, a period still running), inherited (from an earlier sentence of the same story), event (counted from an event the text names); empty without a window.", enum=["stated", "publication", "inherited", "event"]),
            _field("window_precision", "The precision of the window's dates: day, month, quarter, half, year, span (two periods joined) or open (no start written); empty without a window.", enum=["day", "month", "quarter", "half", "year", "span", "open"]),
            _field("restates_figure_id", "When this figure restates another (same seizure in another unit), that figure's id; it is never counted twice."),
            _field("part_of_figure_id", "When this figure is part of a total reported before it (trong đó, of which), the total's id: it counts in its own category and is never added to the total."),
            _field("notes", "What a reader should know about this figure."),
        ],
        "primaryKey": ["figure_id"],
        "foreignKeys": [
            {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}},
            {"fields": ["agency_id"], "reference": {"resource": "agencies", "fields": ["agency_id"]}},
            {"fields": ["counterpart_id"], "reference": {"resource": "agencies", "fields": ["agency_id"]}},
        ],
    },
    {
        "name": "events",
        "path": "events.csv",
        "title": "Cooperation events",
        "description": "Conferences, talks, visits, signings and friendship exchanges the sources report or mention.",
        "fields": [
            _field("event_id", "Stable id: E, the source's number, then the event's order.", required=True, unique=True),
            _field("source_id", "The document that reports the event."),
            _field("kind", "conference, talks, visit, signing or friendship exchange.", enum=["conference", "talks", "visit", "signing", "friendship exchange"]),
            _field("title", "The event's name, as the source gives it where it does."),
            _field("start_date", "First day.", pattern=_DATE["pattern"]),
            _field("end_date", "Last day.", pattern=_DATE["pattern"]),
            _field("date_precision", "day, month or year: how precisely the source dates the event.", enum=["day", "month", "year"]),
            _field("place", "Where it took place; empty when not given."),
            _field("country", "ISO country code(s) of the place, separated by ';'; empty when not given."),
            _field("participant_ids", "Agency ids of the participants, separated by ';'."),
            _field("documents_signed", "Documents signed (or on the agenda, see notes), separated by ';'."),
            _field("quote", "The exact text naming the event in the source."),
            _field("quote_start", "Character offset where the quote starts.", "integer", minimum=0),
            _field("quote_end", "Character offset just after the quote.", "integer", minimum=1),
            _field("notes", "What a reader should know about this event."),
        ],
        "primaryKey": ["event_id"],
        "foreignKeys": [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}],
    },
    {
        "name": "stated_changes",
        "path": "stated_changes.csv",
        "title": "Stated changes",
        "description": "What a report says a figure rose or fell by (\"tăng 12 vụ so với cùng kỳ năm 2024\", \"up 15% year on year\"), as written, beside the figure it qualifies. Trends and the briefing check each against the archive; none is a figure itself. Optional in a bundle written before it existed.",
        "fields": [
            _field("change_id", "Stable id: the source id, C, then the change's order.", required=True, unique=True),
            _field("source_id", "The document that states the change."),
            _field("figure_id", "The figure it qualifies; empty when none was found or that figure is not accepted."),
            _field("quote", "The exact text of the change in the source.", required=True),
            _field("quote_start", "Character offset where the quote starts.", "integer", minimum=0),
            _field("quote_end", "Character offset just after the quote.", "integer", minimum=1),
            _field("direction", "up or down.", enum=["up", "down"]),
            _field("amount", "The amount of the change as written (a percentage when is_percent).", "number", minimum=0),
            _field("is_percent", "true when the amount is a percentage.", enum=["true", "false"]),
            _field("unit", "The unit as written (\"vụ\", \"đối tượng\", \"cases\"); % for a percentage."),
            _field("base", "What it is compared with: same_period (the same period a year earlier), year (a named year), or empty when the report does not say.", enum=["", "same_period", "year"]),
            _field("base_year", "For base year: the calendar year compared with.", pattern=r"^(\d{4})?$"),
            _field("base_text", "The comparison as written (\"so với cùng kỳ năm 2024\")."),
        ],
        "primaryKey": ["change_id"],
        "foreignKeys": [
            {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}},
            {"fields": ["figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
        ],
    },
    {
        "name": "copies",
        "path": "copies.csv",
        "title": "Syndicated copies",
        "description": "Documents another outlet published again (a near copy of a stored document's text: word 5-shingles, similarity or containment of at least 0.7). A copy brings no figures of its own: its document's figures stand, and each copy counts one source more for them (n_sources). The copy's text is kept under copies/. Optional in a bundle written before it existed (each document is then one publication); none in the seeds (header only).",
        "fields": [
            _field("copy_id", "Stable id: the source id, -copy-, then the copy's order among that document's copies.", required=True, unique=True, pattern=r"^[A-Za-z0-9_\-]+$"),
            _field("source_id", "The document this is a copy of (the first copy stored), whose figures stand for both."),
            _field("title", "Title as the copy was published."),
            _field("publisher", "The outlet that published the copy; empty when unknown."),
            _field("published", "Publication date of the copy (YYYY-MM-DD or YYYY-MM); empty when unknown.", pattern=r"^(\d{4}-\d{2}(-\d{2})?)?$"),
            _field("language", "Language of the copy's text (ISO 639-1); empty when unknown.", enum=["vi", "en", ""]),
            _field("url", "Address of the copy's page; empty when unknown."),
            _field("path", "Path of the copy's text, relative to this package."),
            _field("sha256", "SHA-256 of the copy's text file's bytes.", pattern=r"^[0-9a-f]{64}$"),
            _field("similarity", "Estimated Jaccard similarity of the copy's and the document's word 5-shingles when it was linked.", "number", minimum=0, maximum=1),
        ],
        "primaryKey": ["copy_id"],
        "foreignKeys": [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}],
    },
    {
        "name": "exchange_rates",
        "path": "exchange_rates.csv",
        "title": "Exchange rates",
        "description": "Annual average official exchange rates, local currency units per US dollar (World Bank WDI PA.NUS.FCRF). VND and LAK 2025 are not published and are absent, not estimated.",
        "fields": [
            _field("currency", "ISO 4217 code.", pattern=r"^[A-Z]{3}$"),
            _field("year", "Calendar year of the average.", "integer"),
            _field("lcu_per_usd", "Local currency units per US dollar, period average.", "number", minimum=0),
            _field("source", "Where the value comes from."),
            _field("source_url", "Address of the copy the value was read from."),
            _field("retrieved_note", "Vintage, row and cross-checks of the value."),
        ],
        "primaryKey": ["currency", "year"],
        "sources": [{"title": "World Bank WDI PA.NUS.FCRF", "path": "https://data.worldbank.org/indicator/PA.NUS.FCRF"}],
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "World Bank data: Creative Commons Attribution 4.0"}],
    },
    {
        "name": "conversions",
        "path": "conversions.csv",
        "title": "Conversion assumptions",
        "description": "The assumptions behind estimates (brick or tablet to mass); every derived mass is labelled an estimate.",
        "fields": [
            _field("parameter", "Name of the assumption.", required=True, unique=True),
            _field("value", "Its default value.", "number", minimum=0),
            _field("unit", "Unit of the value."),
            _field("applies_to", "Which figures it converts."),
            _field("source", "Where the value comes from."),
            _field("rationale", "Why it is an assumption and what it means for the numbers."),
        ],
        "primaryKey": ["parameter"],
    },
]


def describe() -> dict:
    """The data package descriptor as a dict."""
    resources = []
    for spec in RESOURCES:
        resource = {
            "name": spec["name"],
            "path": spec["path"],
            "title": spec["title"],
            "description": spec["description"],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": spec["fields"],
                "primaryKey": spec["primaryKey"],
                "missingValues": [""],
            },
        }
        if "foreignKeys" in spec:
            resource["schema"]["foreignKeys"] = spec["foreignKeys"]
        for key in ("sources", "licenses"):
            if key in spec:
                resource[key] = spec[key]
        resources.append(resource)
    return {
        "name": "border-metrics",
        "title": "border-metrics: reported border-enforcement results",
        "description": "Figures and cooperation events reported by Vietnamese and Lao police, border guards and customs in press reports, curated by hand and traceable to their quotes.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Curated tables: Creative Commons Attribution 4.0"}],
        "sources": [
            {"title": "Press reports listed in sources.csv (raw text in sources/)", "path": "sources.csv"},
            {"title": "World Bank WDI PA.NUS.FCRF", "path": "https://data.worldbank.org/indicator/PA.NUS.FCRF"},
        ],
        "resources": resources,
    }


def write_datapackage(directory: str | Path) -> Path:
    """Write datapackage.json into ``directory``; returns its path."""
    path = Path(directory) / "datapackage.json"
    path.write_text(json.dumps(describe(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
