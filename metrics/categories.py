"""The category tree (data/categories.csv): a tally of all offences contains its drug cases.

A category the tree does not list is a root of its own. A combined category ("cannabis+opium")
sits under the nearest node that holds all its parts (drugs), like a seizure of mixed drugs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["CategoryTree", "default_categories", "CATEGORIES_CSV"]

CATEGORIES_CSV = Path(__file__).resolve().parent.parent / "data" / "categories.csv"
COMBINED = "+"


class CategoryTree:
    """Categories by id with their parent; answers "is this one inside that one"."""

    def __init__(self, parents: dict[str, str | None], names: dict[str, tuple[str, str]] | None = None):
        self._parents = dict(parents)
        self._names = names or {}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._comparable: dict[tuple[str, str], bool] = {}

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> CategoryTree:
        parents = {row.category_id: (row.parent_id or None) for row in frame.itertuples(index=False)}
        names = {row.category_id: (row.name_vi, row.name_en) for row in frame.itertuples(index=False)}
        return cls(parents, names)

    def __contains__(self, category: str) -> bool:
        return category in self._parents

    def parent(self, category: str) -> str | None:
        if category in self._parents:
            return self._parents[category]
        if COMBINED in category:
            return self._common_ancestor([part.strip() for part in category.split(COMBINED) if part.strip()])
        return None

    def _common_ancestor(self, parts: list[str]) -> str | None:
        chains = [(part, *self.ancestors(part)) for part in parts]
        shared = set(chains[0]).intersection(*map(set, chains[1:])) if chains else set()
        return next((c for c in chains[0] if c in shared), None) if shared else None

    def ancestors(self, category: str) -> tuple[str, ...]:
        """The parent chain from the category's parent to its root."""
        if category not in self._chains:
            chain, seen, current = [], {category}, self.parent(category)
            while current is not None and current not in seen:
                chain.append(current)
                seen.add(current)
                current = self.parent(current)
            self._chains[category] = tuple(chain)
        return self._chains[category]

    def depth(self, category: str) -> int:
        return len(self.ancestors(category))

    def contains(self, outer: str, inner: str) -> bool:
        """Whether ``inner`` is ``outer`` or lies below it."""
        return inner == outer or outer in self.ancestors(inner)

    def comparable(self, one: str, other: str) -> bool:
        """Whether one of the two lies inside the other (or they are the same)."""
        answer = self._comparable.get((one, other))
        if answer is None:  # asked for every pair of categories on each selection: remembered
            answer = self._comparable[(one, other)] = self.contains(one, other) or self.contains(other, one)
        return answer

    def name(self, category: str, language: str = "vi") -> str:
        names = self._names.get(category)
        return (names[1] if language == "en" else names[0]) if names else category


@cache
def default_categories() -> CategoryTree:
    """The project's tree, read once."""
    return CategoryTree.from_frame(pd.read_csv(CATEGORIES_CSV, dtype=str, keep_default_na=False))
