"""10-FAKTOR: a survey round imported through the same import, hidden below the survey's anonymity limit,
and the ten factors side by side with the change since the previous round.

The round in tests/fixtures/tifaktor_runder.csv, worked out by hand (mestringsorientert ledelse):
  2023: Andøy 3,8 (48 svar), Bø 4,2 (6), Hadsel 3,9 (95), Lødingen 4,0 (22), Sortland 3,7 (110),
        Øksnes 4,1 (28); region = (3,8*48 + 4,2*6 + 3,9*95 + 4,0*22 + 3,7*110 + 4,1*28) / 309
        = 1187,9 / 309 = 3,844 -> 3,8
  2025: Andøy 4,0 (50), Bø 4,4 (4), Hadsel 3,8 (100), Lødingen 4,2 (20), Sortland 3,9 (120), Øksnes 4,1 (30)
        region = (200 + 17,6 + 380 + 84 + 468 + 123) / 324 = 1272,6 / 324 = 3,928 -> 3,9;
        change +0,083 -> +0,1
  Bø has 4 answers in 2025, under the limit of 5: hidden. The region's sum would then give Bø away
  (sum minus the five shown), so the smallest shown municipality is hidden too: Lødingen (20 answers).
  Only these six have results, so the country is the same six: 3,9.
Below the municipality, Sortland 2025: helse og omsorg 3,5 (40), barnehage 4,2 (4), skole 4,0 (70).
  Barnehage is under the limit; Sortland's own result would give it away, so the smallest shown area
  (helse og omsorg, 40) is hidden too. Lødingen's skole (12 answers) is hidden because Lødingen's own
  result is.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from conftest import ADMIN, FIXTURES, add_user, fixture_user, import_file, opened
from streamlit.testing.v1 import AppTest
from test_app_pages import log_in
from test_import_page import import_page, upload

from kompetanse.access.settings import change_setting
from kompetanse.errors import KompetanseError
from kompetanse.ingest.imports import ImportRejected, apply_import, plan_import, undo_import
from kompetanse.ingest.tifaktor import survey_template
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.store.writing import list_backups
from kompetanse.views.tifaktor import factor_profile

ROUND = FIXTURES / "tifaktor_runder.csv"
LEADERSHIP = "★ Mestringsorientert ledelse"
REGION = "Vesterålen (regionen)"


@pytest.fixture(scope="module")
def round_template(fixture_db_template, tmp_path_factory) -> Path:
    """The fixture database with the two rounds imported and an editor for Bø."""
    path = tmp_path_factory.mktemp("tifaktor") / "runder.duckdb"
    shutil.copyfile(fixture_db_template, path)
    import_file(path, ROUND)
    add_user(path, "bo", "editor", kommuner=("1867",))
    return path


@pytest.fixture
def round_db(round_template, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "runder.duckdb"
    shutil.copyfile(round_template, path)
    monkeypatch.setenv("KOMPETANSE_DB", str(path))
    return path


def open_tifaktor(**query: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=90)
    for key, value in {"region": "vesteralen", **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/tifaktor.py").run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, index: int, key: str = "Faktor") -> dict[str, dict[str, str]]:
    return {row[key]: row for row in at.dataframe[index].value.to_dict("records")}


def vesteralen(database) -> dict:
    return find_region(all_regions(database), "Vesterålen")


# The import


def test_a_survey_round_is_previewed_then_written_whole_with_log_backup_and_undo(fixture_db):
    database = opened(fixture_db)
    plan = plan_import(ROUND.read_bytes(), ROUND.name, database, ADMIN)
    assert plan.counts() == {"ny": 22, "endret": 0, "uendret": 0}  # 18 municipal rows, 4 by service area
    assert plan.rows.height == 18 and plan.area_rows.height == 4
    sortland = plan.rows.filter((pl.col("kommunenummer") == "1870") & (pl.col("year") == 2025)).row(
        0, named=True
    )
    assert (sortland["value"], sortland["denominator"]) == (3.9, 120.0)
    assert sortland["numerator"] == pytest.approx(
        3.9 * 120
    )  # the sum of the scores: regions weigh every answer
    summary = apply_import(database, plan, ADMIN)
    assert list_backups(fixture_db)  # the file before the import is kept
    after = opened(fixture_db)
    log = after.sql("select action, detail from audit_log order by audit_id desc limit 1").row(0)
    assert log == ("import", "tifaktor_runder.csv: 22 nye, 0 endret")
    assert after.sql("select count(*) from tifaktor_result").item() == 4
    assert after.sql("select count(*) from observation where indicator_id like 'tifaktor_%'").item() == 18
    undo_import(after, summary.import_id, ADMIN)
    undone = opened(fixture_db)
    assert undone.sql("select count(*) from tifaktor_result").item() == 0
    assert undone.sql("select count(*) from observation where indicator_id like 'tifaktor_%'").item() == 0


@pytest.mark.parametrize(
    "line, column, message",
    [
        (
            "1870;;;2025;Mestringsledelse;3,9;120",
            "faktor",
            "Ukjent faktor «Mestringsledelse». Mente du «Mestringsorientert ledelse»?",
        ),
        ("1870;;;2025;Mestringstro;6;120", "skår", "En skår må være mellom 1 og 5, ikke 6."),
        ("1870;;;2025;Mestringstro;4,1;", "svar", "Antall svar mangler; uten det kan ikke små grupper"),
        ("1870;;;2025;Mestringstro;4,1;12,5", "svar", "Antall svar må være et helt tall."),
        ("1870;;;2025;Mestringstro;4,1;0", "svar", "Antall svar kan ikke være 0."),
        ("1870;Sykehus;;2025;Mestringstro;4,1;12", "tjenesteområde", "Ukjent tjenesteområde «Sykehus»."),
        ("1870;;Hjemmetjenesten;2025;Mestringstro;4,1;12", "enhet", "Oppgi tjenesteområdet enheten"),
        ("9999;;;2025;Mestringstro;4,1;12", "kommunenummer", "Kommunenummer 9999 finnes ikke."),
    ],
)
def test_a_bad_round_is_refused_with_the_row_column_and_reason_and_writes_nothing(
    fixture_db, line, column, message
):
    raw = f"kommunenummer;tjenesteområde;enhet;år;faktor;skår;svar\n{line}\n".encode()
    database = opened(fixture_db)
    with pytest.raises(ImportRejected) as rejected:
        plan_import(raw, "runde.csv", database, ADMIN)
    problem = rejected.value.problems[0]
    assert (problem.line, problem.column) == (2, column) and problem.message.startswith(message)


def test_the_same_factor_twice_for_one_service_area_is_refused_but_once_per_area_is_fine(fixture_db):
    header = "kommunenummer;tjenesteområde;år;faktor;skår;svar\n"
    database = opened(fixture_db)
    ok = header + "1870;Skole og SFO;2025;Rolleklarhet;4,1;20\n1870;Barnehage;2025;Rolleklarhet;4,0;20\n"
    assert plan_import(ok.encode(), "ok.csv", database, ADMIN).area_rows.height == 2
    twice = header + "1870;Skole og SFO;2025;Rolleklarhet;4,1;20\n1870;skole;2025;Rolleklarhet;4,0;20\n"
    with pytest.raises(ImportRejected, match="Rad 3: Samme kommune, år, faktor, tjenesteområde og enhet"):
        plan_import(twice.encode(), "to.csv", database, ADMIN)


def test_an_editor_for_sortland_cannot_import_hadsels_results(fixture_db):
    database = opened(fixture_db)
    raw = "kommunenummer;tjenesteområde;år;faktor;skår;svar\n1866;Skole og SFO;2025;Rolleklarhet;4,1;20\n"
    with pytest.raises(ImportRejected, match=r"Du kan ikke importere tall for Hadsel \(1866\)"):
        plan_import(raw.encode(), "hadsel.csv", database, fixture_user(fixture_db, "sortland"))


def test_the_round_template_for_a_region_imports_back_once_filled_in(fixture_db):
    database = opened(fixture_db)
    workbook = openpyxl.load_workbook(io.BytesIO(survey_template(database, vesteralen(database), 2025)))
    sheet = workbook["10-FAKTOR"]
    header = [cell.value for cell in sheet[4]]
    assert header == [
        "kommunenummer",
        "kommune",
        "tjenesteområde",
        "enhet",
        "år",
        "faktor",
        "skår",
        "svar",
        "kilde",
    ]
    rows = list(sheet.iter_rows(min_row=5))
    assert len(rows) == 60  # six municipalities, ten factors
    first = rows[0]
    first[6].value, first[7].value = 4.2, 33  # the first factor of Andøy; every other row stays empty
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_import(buffer.getvalue(), "mal.xlsx", database, ADMIN)
    assert plan.rows.select("kommunenummer", "year", "indicator_id", "value", "denominator").rows() == [
        ("1871", 2025, "tifaktor_indre_motivasjon", 4.2, 33.0)
    ]


# Hidden below the limit


def test_results_below_the_limit_are_hidden_and_the_region_cannot_give_them_away(round_db):
    database = opened(round_db)
    profile = factor_profile(database, vesteralen(database), 2025)
    leadership = profile.cells.filter(pl.col("indicator_id") == "tifaktor_mestringsorientert_ledelse")
    shown = dict(leadership.select("series", "value").iter_rows())
    assert shown["Bø"] is None and shown["Lødingen"] is None  # Bø under the limit; Lødingen its partner
    assert shown["Sortland"] == 3.9
    assert shown[REGION] == pytest.approx(1272.6 / 324)
    hidden = leadership.filter(pl.col("note").is_not_null())["series"].to_list()
    assert hidden == ["Bø", "Lødingen"]


def test_a_higher_or_lower_limit_is_a_setting(round_db):
    database = opened(round_db)
    change_setting(database, "tifaktor_min_respondents", 4, ADMIN)
    database = opened(round_db)
    profile = factor_profile(database, vesteralen(database), 2025)
    values = dict(
        profile.cells.filter(pl.col("indicator_id") == "tifaktor_mestringstro")
        .select("series", "value")
        .rows()
    )
    assert values["Bø"] == 4.5 and values["Lødingen"] == 4.4  # 4 answers are enough now
    with pytest.raises(KompetanseError, match="må være et heltall fra 1 til 100"):
        change_setting(database, "tifaktor_min_respondents", 0, ADMIN)


# The page


def test_the_ten_factors_side_by_side_with_region_and_country_and_the_strategy_s_factors_starred(round_db):
    at = open_tifaktor()
    assert at.title[0].value == "10-FAKTOR: Vesterålen"
    rows = table(at, 0)
    assert list(rows)[:5] == [
        "Indre motivasjon (oppgavemotivasjon)",
        "Mestringstro",
        "★ Autonomi (selvstendighet)",
        "★ Bruk av kompetanse",
        LEADERSHIP,
    ]
    leadership = rows[LEADERSHIP]
    assert {
        name: leadership[name] for name in ("Andøy", "Bø", "Hadsel", "Lødingen", "Sortland", "Øksnes")
    } == {
        "Andøy": "4,0",
        "Bø": ":",
        "Hadsel": "3,8",
        "Lødingen": ":",
        "Sortland": "3,9",
        "Øksnes": "4,1",
    }
    assert (leadership[REGION], leadership["Landet"]) == ("3,9", "3,9")
    assert leadership["Merknad"].startswith("Bø, Lødingen: ")  # and why (one public reason for both)
    assert rows["Rolleklarhet"]["Sortland"] == ".."  # not in this round
    answers = rows["Antall svar"]
    assert (answers["Andøy"], answers["Bø"], answers["Sortland"], answers[REGION]) == (
        "50",
        ":",
        "120",
        "324",
    )
    assert any("De ti faktorene side om side, 2025" == header.value for header in at.header)


def test_the_change_since_the_previous_round_per_municipality_region_and_country(round_db):
    at = open_tifaktor()
    rows = table(at, 1)
    leadership = rows[LEADERSHIP]
    assert (leadership["Andøy"], leadership["Hadsel"], leadership["Sortland"], leadership["Øksnes"]) == (
        "+0,2",
        "-0,1",
        "+0,2",
        "0,0",
    )
    assert leadership["Bø"] == ":" and leadership["Lødingen"] == ":"  # hidden now, so no change is shown
    assert leadership[REGION] == "+0,1"  # 3,928 - 3,844
    assert rows["Mestringstro"]["Sortland"] == ".."  # not asked in 2023
    assert any(header.value == "Endring siden forrige runde (2023 → 2025)" for header in at.header)


def test_the_sidebar_year_picks_the_newest_round_up_to_it(round_db):
    at = open_tifaktor(aar="2024")  # no round in 2024: the 2023 round, with nothing before it
    assert table(at, 0)[LEADERSHIP]["Bø"] == "4,2"  # 6 answers in 2023
    assert table(at, 1)[LEADERSHIP]["Sortland"] == ".."


def test_an_editor_sees_their_own_hidden_result_and_nobody_else_does(round_db):
    at = log_in(open_tifaktor(), "bo")
    leadership = table(at, 0)[LEADERSHIP]
    assert leadership["Bø"] == "4,4" and leadership["Lødingen"] == ":"
    assert "Bø: Vist uskjult fordi du er redaktør for kommunen" in leadership["Merknad"]
    at = log_in(open_tifaktor(), "sortland")
    assert table(at, 0)[LEADERSHIP]["Bø"] == ":"


def test_results_by_service_area_are_protected_like_the_rest(round_db):
    at = open_tifaktor(kommune="1870")
    areas = table(at, 2)[LEADERSHIP]
    assert (areas["Barnehage"], areas["Helse og omsorg"], areas["Skole og SFO"]) == (":", ":", "4,0")
    at = open_tifaktor(kommune="1851")
    assert table(at, 2)[LEADERSHIP]["Skole og SFO"] == ":"  # Lødingen's own result is hidden


def test_each_factor_in_detail_draws_bars_map_and_trend(round_db):
    at = open_tifaktor(indikator="tifaktor_mestringsorientert_ledelse")
    kinds = [chart.proto.spec for chart in at.get("vega_lite_chart")]
    assert len(kinds) == 5  # two heat tables, then bars, map and trend of the chosen factor


def test_a_coordinator_imports_a_round_on_the_importer_page_and_the_page_offers_its_template(app_db):
    at = import_page()  # the region's editor
    labels = [button.proto.label for button in at.get("download_button")]
    assert any(label.startswith("Last ned mal for en 10-FAKTOR-runde") for label in labels)
    upload(at, ROUND.name, ROUND.read_bytes())
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics == {"Nye verdier": "22", "Endrede verdier": "0", "Uendrede verdier": "0"}
    next(button for button in at.button if button.label == "Importer 22 verdier").click().run()
    assert "Importerte 22 rader fra tifaktor_runder.csv" in at.success[0].value
    after = opened(app_db)
    assert after.sql("select count(*) from tifaktor_result").item() == 4
