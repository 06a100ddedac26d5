import pint
import pytest

from metrics.units import Q_, UnitError, estimate_kg, lookup_unit, normalise, unit_kind, ureg


@pytest.mark.parametrize(
    "written, unit",
    [
        ("gram", "gram"),
        ("gam", "gram"),
        ("g", "gram"),
        ("kg", "kilogram"),
        ("Kilôgam", "kilogram"),
        ("tấn", "metric_ton"),
        ("bánh", "brick"),
        ("viên", "tablet"),
        ("viên đạn", "round_of_ammunition"),
        ("gói", "package"),
        ("khẩu", "firearm"),
        ("xe máy", "vehicle"),
        ("điện thoại di động", "phone"),
        ("đồng", "VND"),
        ("VNĐ", "VND"),
        ("kíp", "LAK"),
        ("kíp Lào", "LAK"),
        ("kíp nổ", "detonator"),
        ("bạt", "THB"),
        ("nhân dân tệ", "CNY"),
        ("USD", "USD"),
        ("đô la Mỹ", "USD"),
        ("lượt người", "attendance"),
        ("buổi", "session"),
        ("nạn nhân", "victim"),
        ("đối tượng", "person"),
        ("vụ", "case"),
        ("bars", "brick"),
        ("pills", "tablet"),
    ],
)
def test_lexicon_maps_written_units(written, unit):
    assert lookup_unit(written) == unit


def test_unknown_unit_is_a_clear_error():
    with pytest.raises(UnitError, match="unknown unit 'chén'"):
        lookup_unit("chén")


@pytest.mark.parametrize(
    "value, written, expected, unit_norm, kind",
    [
        (96.7, "gram", 0.0967, "kg", "mass"),
        (1.33, "kg", 1.33, "kg", "mass"),
        (2, "tấn", 2000, "kg", "mass"),
        (18293, "viên", 18293, "tablet", "count"),
        (28, "viên đạn", 28, "round", "count"),
        (71_900_000, "đồng", 71_900_000, "VND", "currency"),
        (103_004_000, "kíp Lào", 103_004_000, "LAK", "currency"),
    ],
)
def test_normalise_to_the_kind_s_normal_unit(value, written, expected, unit_norm, kind):
    result = normalise(value, written)
    assert result.value == pytest.approx(expected)
    assert (result.unit, result.kind) == (unit_norm, kind)


def test_currencies_never_add_up():
    with pytest.raises(pint.DimensionalityError):
        Q_(5, "VND") + Q_(5, "LAK")


def test_counts_of_different_things_never_add_up():
    with pytest.raises(pint.DimensionalityError):
        Q_(10, "brick") + Q_(10, "tablet")


def test_brick_to_mass_needs_the_context():
    with pytest.raises(pint.DimensionalityError):
        Q_(10, "brick").to("kilogram")


@pytest.mark.parametrize(
    "value, unit, grams_per_brick, grams_per_tablet, expected_kg",
    [
        (10, "brick", 350, 0.1, 3.5),
        (10, "brick", 330, 0.1, 3.3),
        (18293, "tablet", 350, 0.1, 1.8293),
        (18293, "tablet", 350, 0.09, 1.64637),
        (5, "kilogram", 350, 0.1, None),
    ],
)
def test_estimate_kg_uses_the_stated_assumption(value, unit, grams_per_brick, grams_per_tablet, expected_kg):
    result = estimate_kg(value, unit, grams_per_brick=grams_per_brick, grams_per_tablet=grams_per_tablet)
    assert result == (None if expected_kg is None else pytest.approx(expected_kg))


def test_pint_clashes_are_avoided():
    # `kip` in pint is kilopound-force; the Lao kip must be its own currency dimension.
    assert unit_kind("LAK") == "currency"
    assert ureg.Unit("kip").dimensionality != ureg.Unit("LAK").dimensionality


def test_pint_pandas_finds_project_units():
    import pandas as pd
    import pint_pandas  # noqa: F401  registers the "pint[...]" dtype

    series = pd.Series([1.0, 2.0], dtype="pint[tablet]")
    assert series.sum().magnitude == 3.0
