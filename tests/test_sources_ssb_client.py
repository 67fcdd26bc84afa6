# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""The PxWebApi v2 client: GET or POST, chunks within the cell limit, metadata, and a real KOSTRA response."""

import json

import polars as pl
import pytest
from fixture_server import API, api_server, quick_ssb  # noqa: F401

from kompetanse.config import DATA_DIR
from kompetanse.errors import KompetanseError
from kompetanse.sources.registry import read_code_history
from kompetanse.sources.ssb.cells import read_cells
from kompetanse.sources.ssb.client import MAX_GET_URL, Select, data_url, split_selection
from kompetanse.sources.ssb.kostra import PARTS_SCHEMA, to_current
from kompetanse.sources.ssb.metadata import read_metadata

REAL_12134 = API / "real" / "ssb_12134_data_0301-4601-5001_KOSAG110000_2024.json"
REGION = "KOKkommuneregion0000"


def selection_12562(regions):
    return [
        Select(REGION, tuple(regions)),
        Select("ContentsCode", ("KOSandelbhglaer0000",)),
        Select("Tid", ("2019", "2020", "2023", "2024")),
    ]


def test_a_get_url_with_400_municipality_codes_is_too_long_for_ssb():
    codes = tuple(f"{n:04d}" for n in range(1000, 1400))
    assert len(data_url("https://data.ssb.no/api/pxwebapi/v2", "12562", selection_12562(codes))) > MAX_GET_URL


def test_a_long_code_list_goes_by_post_with_ssbs_selection_body(api_server):
    regions = ("1866", "1867", "1868", "1870", "1871", "EAK")
    client = quick_ssb(max_get_url=150)  # "long" here is anything over 150 characters
    (raw,) = client.data("12562", selection_12562(regions), split=REGION)
    (request,) = api_server.requested("/ssb/tables/12562/data")
    assert request.method == "POST"
    assert request.query == {"lang": "no", "outputFormat": "json-stat2"}
    assert request.body == {
        "selection": [
            {"variableCode": REGION, "valueCodes": list(regions)},
            {"variableCode": "ContentsCode", "valueCodes": ["KOSandelbhglaer0000"]},
            {"variableCode": "Tid", "valueCodes": ["2019", "2020", "2023", "2024"]},
        ]
    }
    assert json.loads(raw)["size"] == [6, 1, 4]


def test_a_short_code_list_goes_by_get(api_server):
    quick_ssb().data("12562", selection_12562(("1866",)), split=REGION)
    (request,) = api_server.requested("/ssb/tables/12562/data")
    assert (request.method, request.query["valueCodes[KOKkommuneregion0000]"]) == ("GET", "1866")


def test_a_selection_over_the_cell_limit_is_fetched_in_chunks_of_regions_that_ssb_accepts(api_server):
    regions = ("0301", "1866", "1867", "1868", "1870", "1871", "1903", "5402", "5503", "EAK", "EAKUO")
    api_server.max_cells = 20  # the server refuses more than 20 cells, as SSB refuses more than 800 000
    chunks = quick_ssb(max_cells=20).data("12562", selection_12562(regions), split=REGION)
    asked = [
        request.query["valueCodes[KOKkommuneregion0000]"] for request in api_server.requested("/ssb/tables")
    ]
    assert asked == [
        "0301,1866,1867,1868,1870",
        "1871,1903,5402,5503,EAK",
        "EAKUO",
    ]  # 5 regions x 4 years = 20
    cells = read_cells(chunks, "12562", [REGION, "ContentsCode", "Tid"])
    assert cells.height == 11 * 4
    whole = read_cells(
        [(API / "ssb" / "12562_data.json").read_bytes()], "12562", [REGION, "ContentsCode", "Tid"]
    )
    expected = whole.filter(
        pl.col(REGION).is_in(list(regions)) & (pl.col("ContentsCode") == "KOSandelbhglaer0000")
    )
    assert cells.sort(REGION, "Tid").equals(expected.sort(REGION, "Tid"))


def test_a_selection_that_cannot_be_split_small_enough_is_refused_before_asking():
    with pytest.raises(KompetanseError, match="kan ikke deles opp"):
        split_selection(selection_12562(("1866", "1867")), REGION, max_cells=3)


def test_a_code_asked_for_twice_is_sent_once(api_server):
    # SSB answers a repeated code with 500 and an empty body; the fixture server does the same
    quick_ssb(retries=0).data("12562", selection_12562(("1866", "1866", "1870")), split=REGION)
    (request,) = api_server.requested("/ssb/tables/12562/data")
    assert request.query["valueCodes[KOKkommuneregion0000]"] == "1866,1870"


def test_metadata_gives_dimension_ids_codes_labels_and_code_lists(api_server):
    meta = quick_ssb().metadata("12562")
    assert meta.order == (REGION, "ContentsCode", "Tid")
    assert meta.role["geo"] == (REGION,)
    region = meta.dimension(REGION)
    assert (region.label, region.labels["1870"], region.elimination) == ("region", "Sortland - Suortá", False)
    assert ("agg_KOGkommuneregion000005462", "Uttrekk for KOSTRA-grupperinger") in region.codelists


def test_the_data_order_of_dimensions_is_read_from_each_response_not_from_the_metadata(api_server):
    meta = quick_ssb().metadata("14534")
    data = json.loads((API / "ssb" / "14534_data.json").read_text(encoding="utf-8"))
    assert list(meta.order) != data["id"]  # as in SSB's guide for table 11118
    cells = read_cells([json.dumps(data).encode()], "14534", list(meta.order))
    row = cells.filter(
        (pl.col(REGION) == "1866")
        & (pl.col("Tid") == "2024")
        & (pl.col("KOKutdanningoms0000") == "00")
        & (pl.col("KOKstillingkode0000") == "TOT")
        & (pl.col("ContentsCode") == "KOSARBAARSVERKST0000")
    )
    assert row["value"].to_list() == [300.0]


def test_metadata_for_another_table_than_asked_for_is_refused():
    raw = json.loads((API / "ssb" / "12562_metadata.json").read_text(encoding="utf-8"))
    with pytest.raises(KompetanseError, match="SSB sendte metadata for tabell 12562, ikke for tabell 14534"):
        read_metadata(raw, "14534")


def test_the_real_12134_response_reads_as_three_municipalities_of_today():
    cells = read_cells([REAL_12134.read_bytes()], "12134", [REGION, "ContentsCode", "Tid"])
    parts = cells.select(
        region=pl.col(REGION),
        year=pl.col("Tid").cast(pl.Int32),
        indicator_id=pl.lit("frie_inntekter"),
        kind=pl.lit("count"),
        value="value",
        numerator=pl.lit(None),
        denominator=pl.lit(None),
        status="status",
    ).cast(PARTS_SCHEMA)
    municipal, reference = to_current(parts, read_code_history(DATA_DIR), "SSB tabell 12134")
    values = dict(zip(municipal["kommunenummer"], municipal["value"]))
    assert values == {"0301": 81240.0, "4601": 66605.0, "5001": 62853.0}  # as SSB sent them
    assert reference.is_empty()
