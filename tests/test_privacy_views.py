"""Hidden numbers stay hidden in every view of the real app, and cannot be worked out from a total.

The fixture (tests/fixtures/observasjoner.csv, Vesterålen 2024) has, among others:
- fagbrev_bestatt: Andøy 9, Bø 6, Hadsel 14, Lødingen 7, Sortland 3, Øksnes 8 (total 47). Sortland's
  3 is below 5; Bø, the smallest other count, is hidden with it, so 47 - shown gives 3 + 6 = 9 (and
  Sortland can be anything from 0 to 9, which reaches 5).
- laerlinger_antall: Salangen (Sør-Troms) 4 is hidden; no total gives it away (the app publishes a
  count's total only when every member has a figure).
- heltid_andel: Bø 4/8 is hidden, Lødingen 5/20 with it.
Every hidden figure says the same (PUBLIC_REASON); why is shown only to its editors and to admins.
"""

import io

import polars as pl
import pytest
from conftest import ADMIN, import_file, opened, sheet_rows
from test_app_pages import log_in, open_page, rows_of
from test_search_profile import om_dataene_facts

from kompetanse.access.settings import change_setting
from kompetanse.exports.excel import table_xlsx
from kompetanse.indicators.comparison import compare_region
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.privacy import PUBLIC_REASON, REVEALED_NOTE
from kompetanse.rules.protection import DETAIL_SECONDARY
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.store.db import Database
from kompetanse.views.kommuneprofil import municipality_profile
from kompetanse.views.sammenlign import compare_view

NBSP = "\u00a0"
REGION_ROW = "Vesterålen (regionen)"
FEWER_THAN_5 = "Færre enn 5 personer."  # the detailed reason
VESTERALEN = ("1851", "1866", "1867", "1868", "1870", "1871")


@pytest.fixture
def database(fixture_db_template):
    database = Database(fixture_db_template)
    yield database
    database.close()


def bar_data(at) -> dict[str, dict]:
    """The rows behind the first chart on the page (Streamlit sends a chart's data as Arrow)."""
    chart = at.get("vega_lite_chart")[0]
    rows = pl.read_ipc_stream(io.BytesIO(chart.proto.data.data)).to_dicts()
    return {row["name"]: row for row in rows}


def by_name(comparison) -> dict[str, dict]:
    return {row["name"]: row for row in comparison.municipalities.iter_rows(named=True)}


def test_a_small_count_and_its_smallest_neighbour_are_hidden_so_the_region_total_gives_neither_away(database):
    comparison = compare_region(database, "18009", "fagbrev_bestatt", 2024)
    rows = by_name(comparison)
    assert (rows["Sortland"]["value"], rows["Sortland"]["note"]) == (None, PUBLIC_REASON)
    assert (rows["Bø"]["value"], rows["Bø"]["note"]) == (None, PUBLIC_REASON)
    assert rows["Sortland"]["detail"] is None and rows["Bø"]["detail"] is None  # not in a reader's frame
    shown = {name: row["value"] for name, row in rows.items() if row["value"] is not None}
    assert shown == {"Andøy": 9, "Hadsel": 14, "Lødingen": 7, "Øksnes": 8}
    assert comparison.region["value"] == 47  # the total is published and still counts everyone
    assert comparison.region["value"] - sum(shown.values()) == 9  # Sortland and Bø together, not 3


def test_a_cell_hidden_to_protect_another_region_is_hidden_in_every_view_that_shows_it(fixture_db):
    # Sør-Troms publishes no total of apprentices (only Salangen has a figure), so Salangen's 4 is
    # hidden alone. A network of Salangen (4), Bø (6) and Hadsel (26) publishes 36: Bø, the smallest
    # other figure, goes too; then Vesterålen's 84 would give Bø, so Lødingen (7; Øksnes's 7 has the
    # higher kommunenummer) goes as well.
    from kompetanse.access.networks import plan_network, save_network

    database = Database(fixture_db)
    network = plan_network(database, "Lærlingnettverket", ["Salangen", "Bø", "Hadsel"])
    database.close()
    save_network(opened(fixture_db), network, ADMIN)
    database = Database(fixture_db)
    try:
        salangen = compare_region(database, "55001", "laerlinger_antall", 2024)
        vesteralen = by_name(compare_region(database, "18009", "laerlinger_antall", 2024))
        inside = by_name(compare_region(database, network.region_id, "laerlinger_antall", 2024))
        sammenlign, _ = compare_view(database, ("1867", "5522", "1866"), ("laerlinger_antall",), 2024)
    finally:
        database.close()
    assert by_name(salangen)["Salangen"]["note"] == PUBLIC_REASON
    assert salangen.region["value"] is None and salangen.region["note"] is None  # never published
    assert (inside["Salangen"]["note"], inside["Bø"]["note"], inside["Hadsel"]["value"]) == (
        PUBLIC_REASON,
        PUBLIC_REASON,
        26,
    )
    assert vesteralen["Bø"]["note"] == vesteralen["Lødingen"]["note"] == PUBLIC_REASON
    assert vesteralen["Øksnes"]["value"] == 7
    assert [sammenlign.table.row(0, named=True)[name] for name in ("Bø", "Salangen")] == [":", ":"]


def test_the_indicator_table_and_its_excel_export_show_colon_for_both_hidden_cells(database):
    region = find_region(all_regions(database), "Vesterålen")
    view = indicator_view(database, region, "fagbrev_bestatt", 2024, with_map=False)
    table = {row["Kommune"]: row for row in view.table.iter_rows(named=True)}
    assert (table["Sortland"]["Verdi"], table["Sortland"]["Merknad"]) == (":", PUBLIC_REASON)
    assert (table["Bø"]["Verdi"], table["Bø"]["Merknad"]) == (":", PUBLIC_REASON)
    assert table[REGION_ROW]["Verdi"] == "47"
    rows = sheet_rows(table_xlsx(view.table, "Fagprøver", view.footnote))
    cells = {name: row["Verdi"] for name, row in rows.items()}
    assert (cells["Sortland"], cells["Bø"], cells["Lødingen"], cells[REGION_ROW]) == (":", ":", 7, 47)


def test_sammenlign_and_kommuneprofil_hide_the_same_cells(database):
    view, ranks = compare_view(database, ("1870", "1867", "1866"), ("fagbrev_bestatt",), 2024)
    row = view.table.row(0, named=True)
    assert (row["Sortland"], row["Bø"], row["Hadsel"]) == (":", ":", "14 (1.)")
    places = ranks.table.row(0, named=True)
    assert (places["Sortland"], places["Bø"]) == ("..", "..")
    profile = municipality_profile(database, "1867").table
    profile = {row["Indikator"]: row for row in profile.iter_rows(named=True)}
    fagprover = profile["Beståtte fagprøver"]
    assert (fagprover["Verdi"], fagprover["Merknad"]) == (":", PUBLIC_REASON)
    assert profile["Lærlinger"]["Verdi"] == "6"  # no published total gives Salangen away, so no partner
    assert profile["Ansatte i heltidsstilling"]["Verdi"] == ":"


def test_rekruttering_sammenlign_and_kommuneprofil_show_colon_for_the_primary_and_secondary_cell(app_db):
    at = open_page("rekruttering", indikator="fagbrev_bestatt")
    table = rows_of(at, 0)
    assert (table["Sortland"]["Verdi"], table["Bø"]["Verdi"]) == (":", ":")
    assert table["Bø"]["Merknad"] == table["Sortland"]["Merknad"] == PUBLIC_REASON
    shown = sum(int(table[name]["Verdi"]) for name in ("Andøy", "Hadsel", "Lødingen", "Øksnes"))
    assert int(table[REGION_ROW]["Verdi"]) - shown == 9
    bars = bar_data(at)
    assert (bars["Sortland"]["label"], bars["Sortland"]["value"]) == (":", None)

    at = open_page("sammenlign", utvalg="1870,1867,1866", indikatorer="fagbrev_bestatt", aar="2024")
    row = rows_of(at, 0, key="Indikator")["Beståtte fagprøver (antall)"]
    assert (row["Sortland"], row["Bø"]) == (":", ":")

    at = open_page("kommuneprofil", kommune="1870")
    profile = {row["Indikator"]: row for table in at.dataframe for row in table.value.to_dict("records")}
    assert profile["Beståtte fagprøver"]["Verdi"] == ":"


def test_an_admin_raising_min_persons_hides_more_cells_on_the_next_run(app_db):
    at = open_page("rekruttering", indikator="fagbrev_bestatt")
    assert rows_of(at, 0)["Lødingen"]["Verdi"] == "7"
    change_setting(opened(app_db), "min_persons", 8, by=ADMIN)
    at.run()
    table = rows_of(at, 0)
    assert [table[name]["Merknad"] for name in ("Sortland", "Bø", "Lødingen")] == [PUBLIC_REASON] * 3
    assert table["Øksnes"]["Verdi"] == "8"  # not below 8; three hidden together make 16


def test_the_editor_of_sortland_sees_sortlands_hidden_count_marked_and_nothing_else(app_db):
    anonymous = rows_of(open_page("rekruttering", indikator="fagbrev_bestatt"), 0)
    assert anonymous["Sortland"]["Verdi"] == ":"

    at = log_in(open_page("rekruttering", indikator="fagbrev_bestatt"), "sortland")
    table = rows_of(at, 0)
    mine = f"{REVEALED_NOTE} Årsak: {FEWER_THAN_5}"  # the editor sees why their own figure is hidden
    assert (table["Sortland"]["Verdi"], table["Sortland"]["Merknad"]) == ("3", mine)
    assert (table["Bø"]["Verdi"], table["Bø"]["Merknad"]) == (":", PUBLIC_REASON)  # not Sortland's: no why
    assert table["Hadsel"]["Merknad"] == ""  # never hidden: nothing to mark
    assert table[REGION_ROW]["Verdi"] == "47"  # totals are the same for everyone
    sortland = bar_data(at)["Sortland"]
    assert (sortland["label"], sortland["note"]) == ("3", mine)  # the tooltip says why


def test_the_editor_of_vesteralen_sees_all_six_municipalities_unhidden_but_a_reader_does_not(app_db):
    at = log_in(open_page("rekruttering", indikator="fagbrev_bestatt"), "redaktor")
    table = rows_of(at, 0)
    assert (table["Sortland"]["Verdi"], table["Bø"]["Verdi"]) == ("3", "6")
    assert table["Sortland"]["Merknad"] == f"{REVEALED_NOTE} Årsak: {FEWER_THAN_5}"
    assert table["Bø"]["Merknad"] == f"{REVEALED_NOTE} Årsak: {DETAIL_SECONDARY}"
    at = log_in(open_page("rekruttering", indikator="heltid_andel"), "redaktor")
    table = rows_of(at, 0)
    assert (table["Bø"]["Verdi"], table["Bø"]["Nevner"], table["Lødingen"]["Verdi"]) == (
        f"50,0{NBSP}%",
        "8",
        f"25,0{NBSP}%",
    )
    at = log_in(
        open_page("sammenlign", utvalg="1870,1867", indikatorer="fagbrev_bestatt", aar="2024"), "redaktor"
    )
    row = rows_of(at, 0, key="Indikator")["Beståtte fagprøver (antall)"]
    assert row["Bø"].endswith("*") and row["Sortland"].startswith("3 ")
    assert "«*» = vist uskjult fordi du er redaktør" in at.caption[0].value

    reader = rows_of(log_in(open_page("rekruttering", indikator="fagbrev_bestatt"), "leser"), 0)
    assert (reader["Sortland"]["Verdi"], reader["Bø"]["Verdi"]) == (":", ":")


def test_the_same_cell_is_hidden_for_the_public_and_revealed_only_for_its_editors(database):
    def seen_by(kommuner: frozenset[str]) -> dict[str, dict]:
        return by_name(compare_region(database.revealing(kommuner), "18009", "fagbrev_bestatt", 2024))

    public, sortland, region = (
        seen_by(frozenset()),
        seen_by(frozenset({"1870"})),
        seen_by(frozenset(VESTERALEN)),
    )
    assert [public[name]["value"] for name in ("Sortland", "Bø")] == [None, None]
    assert [(sortland[name]["value"], sortland[name]["revealed"]) for name in ("Sortland", "Bø")] == [
        (3, True),
        (None, False),
    ]
    assert [region[name]["value"] for name in ("Sortland", "Bø")] == [3, 6]


def test_om_dataene_names_the_thresholds_an_admin_has_set(app_db):
    change_setting(opened(app_db), "min_denominator", 20, by=ADMIN)
    at = open_page("om_dataene")
    rows = om_dataene_facts(at)
    assert rows["heltid_andel"]["Skjerming"] == "nevner under 20 skjules"
    assert rows["fagbrev_bestatt"]["Skjerming"] == "færre enn 5 personer skjules"
    assert any("færre enn 20 personer" in markdown.value for markdown in at.markdown)


def test_a_network_that_is_the_region_less_one_hidden_municipality_does_not_give_it_away(fixture_db):
    from kompetanse.access.networks import plan_network, save_network

    database = Database(fixture_db)
    network = plan_network(
        database, "Vesterålen uten Sortland", ["Andøy", "Bø", "Hadsel", "Lødingen", "Øksnes"]
    )
    database.close()
    save_network(opened(fixture_db), network, ADMIN)
    database = Database(fixture_db)
    try:
        region = compare_region(database, "18009", "fagbrev_bestatt", 2024)
        inside = compare_region(database, network.region_id, "fagbrev_bestatt", 2024)
    finally:
        database.close()
    assert region.region["value"] == 47 and region.region["note"] is None
    # Vesterålen's total minus the network's total would be Sortland's hidden 3: the network's goes.
    assert (inside.region["value"], inside.region["note"]) == (None, PUBLIC_REASON)


def test_an_admin_sees_why_a_figure_is_hidden_but_not_the_figure_and_a_reader_sees_only_the_public_reason(
    app_db,
):
    reader = rows_of(open_page("rekruttering", indikator="fagbrev_bestatt"), 0)
    admin = rows_of(log_in(open_page("rekruttering", indikator="fagbrev_bestatt"), "admin"), 0)
    assert (reader["Sortland"]["Verdi"], reader["Sortland"]["Merknad"]) == (":", PUBLIC_REASON)
    assert (reader["Bø"]["Verdi"], reader["Bø"]["Merknad"]) == (":", PUBLIC_REASON)
    assert (admin["Sortland"]["Verdi"], admin["Sortland"]["Merknad"]) == (
        ":",
        f"{PUBLIC_REASON} Årsak: {FEWER_THAN_5}",
    )
    assert admin["Bø"]["Merknad"] == f"{PUBLIC_REASON} Årsak: {DETAIL_SECONDARY}"


def test_the_reason_a_reader_sees_does_not_tell_a_small_figure_from_its_partner(database):
    # Issue 13, finding 4: the reason and the README's "smallest shown cell is picked" pinned Bø = 4.
    for indicator in ("fagbrev_bestatt", "videreutdanning_andel", "heltid_andel"):
        rows = compare_region(database, "18009", indicator, 2024).municipalities
        hidden = rows.filter(pl.col("note").is_not_null())
        assert hidden.height >= 2 and set(hidden["note"]) == {PUBLIC_REASON}, indicator
        assert hidden["detail"].null_count() == hidden.height


def test_a_count_hidden_in_one_indicator_stays_hidden_in_the_share_that_has_it_as_numerator(
    fixture_db, tmp_path
):
    # Bø: 3 of 20 leaders have finished leader training. The count 3 is under 5 and hidden; the share
    # 3/20 = 15 % has a denominator of 20, which its own rule would show, with the 3 as its numerator.
    counts = {
        "1871": (12, 30),
        "1867": (3, 20),
        "1866": (25, 60),
        "1851": (8, 25),
        "1870": (30, 70),
        "1868": (9, 28),
    }
    lines = ["kommunenummer,år,indikator,verdi,teller,nevner,kilde"]
    for kommune, (finished, leaders) in counts.items():
        lines += [
            f"{kommune},2024,ledere_fullfort,{finished},,,Test",
            f"{kommune},2024,ledere_antall,{leaders},,,Test",
            f"{kommune},2024,lederopplaering_andel,,{finished},{leaders},Test",
        ]
    file = tmp_path / "ledere.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(fixture_db, file)
    database = opened(fixture_db)
    region = find_region(all_regions(database), "Vesterålen")
    count = indicator_view(database, region, "ledere_fullfort", 2024, with_map=False)
    share = indicator_view(database, region, "lederopplaering_andel", 2024, with_map=False)
    count_rows = {row["Kommune"]: row for row in count.table.iter_rows(named=True)}
    share_rows = {row["Kommune"]: row for row in share.table.iter_rows(named=True)}
    assert count_rows["Bø"]["Verdi"] == ":"
    assert (share_rows["Bø"]["Verdi"], share_rows["Bø"]["Teller"], share_rows["Bø"]["Nevner"]) == (
        ":",
        ":",
        ":",
    )
    exported = sheet_rows(table_xlsx(share.table, "Lederopplæring", share.footnote))
    assert (exported["Bø"]["Verdi"], exported["Bø"]["Teller"]) == (":", ":")
    assert "3" not in {str(share_rows[name]["Teller"]) for name in share_rows}  # nowhere else either
