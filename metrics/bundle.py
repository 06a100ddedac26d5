"""The data bundle (data/*.csv + data/datapackage.json) read into validated frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors

from .agencies import AgencyRegistry
from .schemas import (
    AgencyModel,
    ConversionModel,
    CopyModel,
    EventModel,
    ExchangeRateModel,
    FigureModel,
    SourceModel,
    StatedChangeModel,
)

__all__ = ["Bundle", "BundleError", "DEFAULT_BUNDLE", "empty_table", "load_bundle", "read_table", "TABLES",
           "OPTIONAL_TABLES"]

DEFAULT_BUNDLE = Path(__file__).resolve().parent.parent / "data"

# table name -> (file, pandera model, integer columns, float columns)
TABLES = {
    "sources": ("sources.csv", SourceModel, (), ()),
    "agencies": ("agencies.csv", AgencyModel, (), ()),
    "figures": ("figures.csv", FigureModel, ("quote_start", "quote_end"), ("value",)),
    "events": ("events.csv", EventModel, ("quote_start", "quote_end"), ()),
    "exchange_rates": ("exchange_rates.csv", ExchangeRateModel, ("year",), ("lcu_per_usd",)),
    "conversions": ("conversions.csv", ConversionModel, (), ("value",)),
    "stated_changes": ("stated_changes.csv", StatedChangeModel, ("quote_start", "quote_end"), ("amount",)),
    "copies": ("copies.csv", CopyModel, (), ("similarity",)),
}
# Tables a bundle may lack (written before they existed): read as empty.
OPTIONAL_TABLES = ("stated_changes", "copies")


class BundleError(ValueError):
    """A bundle file is missing or does not match its schema; the message says which and why."""


@dataclass
class Bundle:
    sources: pd.DataFrame
    agencies: pd.DataFrame
    figures: pd.DataFrame
    events: pd.DataFrame
    exchange_rates: pd.DataFrame
    conversions: pd.DataFrame
    stated_changes: pd.DataFrame = field(default_factory=lambda: empty_table("stated_changes"))
    copies: pd.DataFrame = field(default_factory=lambda: empty_table("copies"))
    root: Path | None = None

    @property
    def registry(self) -> AgencyRegistry:
        """The agencies as a registry, built once per agencies frame: its alias patterns take most of a
        second to compile on first use. A new frame assigned to ``agencies`` gets a new registry; the
        frame is never edited in place."""
        built = self.__dict__.get("_registry")
        if built is None or built[0] is not self.agencies:
            built = (self.agencies, AgencyRegistry.from_frame(self.agencies))
            self.__dict__["_registry"] = built
        return built[1]

    def publications(self) -> pd.Series | None:
        """Per source id, how many publications carried the document (1 plus its syndicated copies); None
        when the bundle holds no copies (each document is one publication)."""
        if self.copies.empty:
            return None
        copies = self.copies["source_id"].value_counts()
        return (1 + copies.reindex(self.sources["source_id"], fill_value=0)).astype("int64").rename("publications")

    def stated_changes_frame(self) -> pd.DataFrame:
        """The stated changes as the store gives them (``Store.stated_changes_frame``): ``is_percent`` a
        boolean and ``base_year`` a number or missing, as ``metrics.compare.check_stated_changes`` reads them."""
        changes = self.stated_changes.copy()
        changes["is_percent"] = changes["is_percent"] == "true"
        changes["base_year"] = pd.to_numeric(changes["base_year"].replace("", None)).astype("Int64")
        return changes

    def conversion(self, parameter: str) -> float:
        row = self.conversions.loc[self.conversions["parameter"] == parameter, "value"]
        if row.empty:
            raise BundleError(f"conversions.csv has no '{parameter}'")
        return float(row.iloc[0])

    def source_text(self, source_id: str) -> str:
        return self._text(self.sources, "source_id", source_id, "source")

    def copy_text(self, copy_id: str) -> str:
        """The text of a syndicated copy, as the outlet published it."""
        return self._text(self.copies, "copy_id", copy_id, "copy")

    def _text(self, table: pd.DataFrame, key: str, value: str, noun: str) -> str:
        if self.root is None:
            raise BundleError(f"this bundle was not read from files, so it has no {noun} texts")
        path = table.loc[table[key] == value, "path"]
        if path.empty:
            raise BundleError(f"no {noun} '{value}'")
        return (self.root / path.iloc[0]).read_text(encoding="utf-8")


def empty_table(table: str) -> pd.DataFrame:
    """A table with its columns and no rows, validated (so typed) like a read one."""
    return read_table(pd.DataFrame(columns=list(TABLES[table][1].to_schema().columns)), table)


def read_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Coerce a raw all-text frame to the table's types and validate it."""
    _, model, integers, floats = TABLES[table]
    frame = frame.fillna("").astype(str)
    # An empty cell in a column with a default (an agency's level, whether reviewed) takes the default:
    # a text table cannot tell an empty value from one its writer did not know about.
    for name, column in model.to_schema().columns.items():
        if column.default not in (None, "") and name in frame.columns:
            frame[name] = frame[name].replace("", column.default)
    try:
        for column in integers:
            frame[column] = frame[column].astype("int64")
        for column in floats:
            frame[column] = frame[column].astype("float64")
    except ValueError as error:
        raise BundleError(f"{table} has a value that is not a number: {error}") from None
    try:
        return model.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as error:
        cases = error.failure_cases.head(3)
        detail = "; ".join(
            f"{row.column or 'table'}: {row.check} (got {row.failure_case!r})" for row in cases.itertuples()
        )
        raise BundleError(f"{table} does not match its schema: {detail}") from None
    except pandera.errors.SchemaError as error:
        raise BundleError(f"{table} does not match its schema: {error}") from None


def load_bundle(root: str | Path = DEFAULT_BUNDLE) -> Bundle:
    """Read and validate every table of a bundle directory, checking its foreign keys."""
    root = Path(root)
    frames = {}
    for table, (filename, *_rest) in TABLES.items():
        path = root / filename
        if not path.exists() and table in OPTIONAL_TABLES:
            frames[table] = empty_table(table)
            continue
        if not path.exists():
            raise BundleError(f"the bundle at {root} has no {filename}")
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        frames[table] = read_table(raw, table)
    bundle = Bundle(**frames, root=root)
    check_references(bundle)
    return bundle


def check_references(bundle: Bundle) -> None:
    """Every foreign key resolves: figures, events, stated changes and copies to sources, figures to agencies,
    parents to agencies."""
    sources = set(bundle.sources["source_id"])
    agencies = set(bundle.agencies["agency_id"])
    problems = []
    for table, frame, column, allowed, optional in [
        ("figures", bundle.figures, "source_id", sources, False),
        ("figures", bundle.figures, "agency_id", agencies, False),
        ("figures", bundle.figures, "counterpart_id", agencies, True),
        ("figures", bundle.figures, "restates_figure_id", set(bundle.figures["figure_id"]), True),
        ("figures", bundle.figures, "part_of_figure_id", set(bundle.figures["figure_id"]), True),
        ("events", bundle.events, "source_id", sources, False),
        ("stated_changes", bundle.stated_changes, "source_id", sources, False),
        ("stated_changes", bundle.stated_changes, "figure_id", set(bundle.figures["figure_id"]), True),
        ("copies", bundle.copies, "source_id", sources, False),
        ("agencies", bundle.agencies, "parent_id", agencies, True),
        ("agencies", bundle.agencies, "successor_id", agencies, True),
    ]:
        values = frame[column]
        if optional:
            values = values[values != ""]
        missing = sorted(set(values) - allowed)
        if missing:
            problems.append(f"{table}.{column} has unknown ids: {', '.join(missing[:5])}")
    for participants in bundle.events["participant_ids"]:
        missing = [p for p in participants.split(";") if p and p not in agencies]
        if missing:
            problems.append(f"events.participant_ids has unknown ids: {', '.join(missing)}")
    if problems:
        raise BundleError("; ".join(problems))
