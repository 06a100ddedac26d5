"""Drugs seized as mass: reported kilograms beside masses estimated from bricks and tablets."""

from __future__ import annotations

import pandas as pd

__all__ = ["drug_mass_by_substance"]

COLUMNS = ["category", "basis", "kg", "n_figures", "n_sources", "assumption", "figure_ids"]


def drug_mass_by_substance(included: pd.DataFrame) -> pd.DataFrame:
    """Kilograms by substance, split into ``reported`` mass and ``estimated`` mass (with its assumption).

    Figures whose unit has no mass (neither weighed nor a brick or tablet) are not in the result.
    """
    drugs = included[(included["metric"] == "drug_seized") & included["mass_kg"].notna()]
    if drugs.empty:
        return pd.DataFrame(columns=COLUMNS)
    share = drugs["share"] if "share" in drugs.columns else 1.0
    work = pd.DataFrame(
        {
            "category": drugs["category"],
            "basis": drugs["mass_is_estimate"].map({True: "estimated", False: "reported"}),
            "kg": drugs["mass_kg"] * share,
            "source_id": drugs["source_id"],
            "assumption": drugs["estimate_assumption"].fillna(""),
            "figure_id": drugs["figure_id"],
        }
    )
    result = (
        work.groupby(["category", "basis"], sort=True)
        .agg(
            kg=("kg", "sum"),
            n_figures=("figure_id", "size"),
            n_sources=("source_id", "nunique"),
            assumption=("assumption", lambda s: "; ".join(sorted({a for a in s if a}))),
            figure_ids=("figure_id", lambda s: ";".join(s)),
        )
        .reset_index()
    )
    return result[COLUMNS]
