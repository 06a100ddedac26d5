import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    "alias, agency_id",
    [
        ("BĐBP", "vn-bdbp"),
        ("BĐBP Việt Nam", "vn-bdbp"),
        ("Bộ Tư lệnh BĐBP", "vn-bdbp"),
        ("lực lượng chức năng Lào", "la-functional-forces"),
        ("Bô Ly Khăm Xay", "la-bolikhamxay-police"),
        ("Công an tỉnh Bô Ly Khăm Xay", "la-bolikhamxay-police"),
        ("Bolikhamxay", "la-bolikhamxay-police"),
        ("Hủa Phăn", "la-houaphanh-police"),
        ("Hủa-phăn", "la-houaphanh-police"),
        ("Houaphanh", "la-houaphanh-police"),
        ("Xiêng Khoảng", "la-xiengkhouang-police"),
        ("Công an tỉnh Nghệ An", "vn-nghean-police"),
        ("Tổng cục Cảnh sát Lào", "la-pgd"),
        ("Bộ An ninh Lào", "la-mps"),
        ("Bộ Công an Lào", "la-mps"),
        ("Bộ Công an Việt Nam", "vn-mps"),
        ("Vietnam Border Guard", "vn-bdbp"),
    ],
)
def test_aliases_resolve(bundle, alias, agency_id):
    assert bundle.registry.resolve(alias) == agency_id


def test_unknown_name_resolves_to_nothing(bundle):
    assert bundle.registry.resolve("Công an tỉnh Hà Giang") is None


@pytest.mark.parametrize(
    "agency_id, path",
    [
        ("vn-bdbp", ["VN", "vn-mond", "vn-bdbp"]),
        ("vn-nghean-police", ["VN", "vn-mps", "vn-nghean-police"]),
        ("la-pgd", ["LA", "la-mps", "la-pgd"]),
        ("la-houaphanh-police", ["LA", "la-mps", "la-houaphanh-police"]),
    ],
)
def test_hierarchy_rolls_up_to_ministry_and_country(bundle, agency_id, path):
    assert bundle.registry.path(agency_id) == path


def test_descendants_include_sub_units(bundle):
    below = bundle.registry.descendants("la-mps")
    assert {"la-mps", "la-pgd", "la-bolikhamxay-police", "la-xiengkhouang-police", "la-houaphanh-police"} <= below
    assert "vn-bdbp" not in below


def test_mentions_found_in_real_phrasing(bundle):
    text = "lực lượng BĐBP Việt Nam đã tham vấn nghiệp vụ cho lực lượng chức năng Lào bắt giữ 24 vụ"
    ids = [agency for _, _, agency in bundle.registry.find_mentions(text)]
    assert ids == ["vn-bdbp", "la-functional-forces"]


_ALIAS_PIECES = [
    "BĐBP", "BĐBP Việt Nam", "Công an tỉnh Nghệ An", "công an", "Hủa-phăn", "lực lượng chức năng Lào", "Bộ Công an",
    "Vietnam Border Guard", "xBĐBP", "BĐBPx", "an", "các", "Lao", "Laos", "police", "bắt giữ 24 vụ", ",", ".", "-", "\n",
    # beyond the Basic Multilingual Plane: a letter (a word character) and an emoji (not one); "_" is one
    "\U0001d400", "\U0001f642", "_", "(", "“",
]


_REGISTRIES = {}


def _registry_of(bundle):
    """One registry per bundle: building one compiles its alias patterns (seconds for the full registry)."""
    return _REGISTRIES.setdefault(id(bundle), bundle.registry)


@given(st.lists(st.sampled_from(_ALIAS_PIECES), max_size=12).map(lambda parts: "".join(
    p + (" " if i % 3 else "") for i, p in enumerate(parts))))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mentions_match_a_whole_text_scan(bundle, text):
    registry = _registry_of(bundle)
    expected = [(m.start(), m.end(), registry.resolve(m.group(0))) for m in registry._mention_pattern.finditer(text)]
    assert registry.find_mentions(text) == expected


# --- the registry as the press writes it (issue "Agencies as they really are")

@pytest.mark.parametrize(
    "alias, agency_id",
    [
        ("BĐBP tỉnh Quảng Trị", "vn-bdbp-quangtri"),
        ("Bộ Chỉ huy BĐBP tỉnh Quảng Trị", "vn-bdbp-quangtri"),
        ("BCH BĐBP tỉnh Nghệ An", "vn-bdbp-nghean"),
        ("Bo doi Bien phong tinh Quang Tri", "vn-bdbp-quangtri"),
        ("the Quang Tri Border Guard".removeprefix("the "), "vn-bdbp-quangtri"),
        ("Bộ đội Biên phòng tỉnh Thừa Thiên Huế", "vn-bdbp-hue"),
        ("BĐBP thành phố Huế", "vn-bdbp-hue"),
        ("BĐBP tỉnh Kon Tum", "vn-bdbp-kontum"),
        ("BĐBP tỉnh Quảng Ngãi", "vn-bdbp-quangngai"),
        ("CA tỉnh Hà Tĩnh", "vn-hatinh-police"),
        ("Cong an tinh Dien Bien", "vn-dienbien-police"),
        ("Cục Hải quan tỉnh Lai Châu", "vn-laichau-customs"),
        ("Cục PCMT&TP BĐBP", "vn-bdbp-drug"),
        ("Cục Cảnh sát ĐTTP về ma túy", "vn-mps-c04"),
        ("Tổng cục Hải quan", "vn-customs"),
        ("Công an tỉnh Hủa Phăn (Lào)", "la-houaphanh-police"),
        ("Công an tỉnh Hua Phan", "la-houaphanh-police"),
        ("Houaphan Provincial Police", "la-houaphanh-police"),
        ("Ty An ninh tỉnh Hủa-phăn", "la-houaphanh-security"),
        ("Ty An ninh tỉnh Xa-văn-na-khệt", "la-savannakhet-security"),
        ("Công an tỉnh Át-tạ-pư", "la-attapeu-police"),
        ("Công an tỉnh At-ta-pư", "la-attapeu-police"),
        ("Attapu Provincial Police", "la-attapeu-police"),
        ("Công an tỉnh Khăm Muộn", "la-khammouane-police"),
        ("Công an Thủ đô Viêng Chăn", "la-vientiane-police"),
        ("Bộ đội Biên phòng Lào", "la-border-defence"),
        ("Hải quan Lào", "la-customs"),
    ],
)
def test_press_spellings_resolve_to_the_unit_they_name(bundle, alias, agency_id):
    assert bundle.registry.resolve(alias) == agency_id


VN_BORDER_PROVINCES = ["dienbien", "laichau", "sonla", "thanhhoa", "nghean", "hatinh", "quangbinh", "quangtri", "hue",
                       "quangnam", "kontum"]
LA_BORDER_PROVINCES = ["phongsaly", "luangprabang", "houaphanh", "xiengkhouang", "bolikhamxay", "khammouane",
                       "savannakhet", "salavan", "sekong", "attapeu", "vientiane"]


def test_every_border_province_has_its_forces(bundle):
    registry = bundle.registry
    for slug in VN_BORDER_PROVINCES:
        assert registry[f"vn-bdbp-{slug}"].parent_id == "vn-bdbp"
        assert registry[f"vn-{slug}-police"].parent_id == "vn-mps"
        assert registry[f"vn-{slug}-customs"].parent_id == "vn-customs"
    for slug in LA_BORDER_PROVINCES:
        assert registry.top_level(f"la-{slug}-police") == "la-mps"
        assert registry.top_level(f"la-{slug}-security") == "la-mps"


def test_iso_codes_are_pycountrys(bundle):
    import pycountry

    coded = bundle.agencies[bundle.agencies["iso_code"] != ""]
    assert len(coded) >= 60
    for row in coded.itertuples():
        subdivision = pycountry.subdivisions.get(code=row.iso_code)
        assert subdivision is not None and subdivision.country_code == row.country, row.agency_id


@pytest.mark.parametrize(
    "earlier, today, day_before, day_after",
    [("vn-bdbp-kontum", "vn-bdbp-quangngai", "2024-06-30", "2026-01-15"),
     ("vn-bdbp-quangbinh", "vn-bdbp-quangtri", "2024-06-30", "2026-01-15"),
     ("vn-quangnam-police", "vn-danang-police", "2025-06-30", "2025-07-01")],
)
def test_merged_provinces_are_dated_and_lead_to_their_successor(bundle, earlier, today, day_before, day_after):
    registry = bundle.registry
    assert registry.successor(earlier) == today
    assert earlier in registry.predecessors(today)
    assert registry[earlier].exists_on(day_before) and not registry[earlier].exists_on(day_after)
    assert registry[today].exists_on(day_before) and registry[today].exists_on(day_after)
    assert earlier in registry.with_predecessors(today) and earlier not in registry.descendants(today)


def test_every_row_says_where_it_comes_from(bundle):
    assert (bundle.agencies["source"] != "").all()
    assert set(bundle.agencies["added_from_text"]) == {"false"}


def test_an_older_registry_without_the_dated_columns_still_reads():
    from metrics.bundle import read_table

    old = pd.DataFrame([{"agency_id": "vn-x", "country": "VN", "name_vi": "X", "name_en": "X", "kind": "ministry",
                         "parent_id": "", "aliases": "X"}])
    frame = read_table(old, "agencies")
    assert frame.loc[0, "level"] == "national" and frame.loc[0, "reviewed"] == "true"
