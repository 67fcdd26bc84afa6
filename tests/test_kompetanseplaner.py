"""Kompetanseplaner: plans per municipality, service area and unit; coverage worked out by hand; scope,
audit and backup; `kompetanseplan_andel` computed from the plans instead of typed in.

The plans below, for 2025 (judged on 31 December 2025: up to date when revised on or after
31 December 2023):
  Sortland barnehage            revised 31.12.2023  -> up to date (exactly two years)
  Sortland skole                revised 30.12.2023  -> out of date
  Sortland helse og omsorg      revised 01.05.2025  -> up to date
  Sortland helse / Hjemmetj.    no plan             -> missing
  Hadsel barnehage              revised 01.06.2024  -> up to date
Sortland: 2 of 4 up to date = 50 %; Hadsel: 1 of 1 = 100 %; the region: 3 of 5 = 60 %.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from conftest import ADMIN, fixture_user, opened
from streamlit.testing.v1 import AppTest
from test_app_pages import log_in

from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.ingest.imports import ImportRejected, apply_import, plan_import, undo_import
from kompetanse.rules.plans import (
    COMPUTED_SOURCE,
    EXAMPLE_COMPUTED_SOURCE,
    cutoff,
    recurring_priorities,
    years_before,
)
from kompetanse.store.writing import list_backups
from kompetanse.views.plan_records import PlanRecord, check_plan, delete_plan, save_plan

TODAY = date(2026, 3, 1)
AREAS = {"barnehage", "skole", "helse_og_omsorg"}
LEADERS = ("vesteralen-kompetanse-rekruttering",)
PLANS = [
    PlanRecord(
        "1870",
        2025,
        "barnehage",
        "",
        True,
        date(2023, 12, 31),
        2024,
        2027,
        ("Digital kompetanse", "Barnehagelærerutdanning"),
    ),
    PlanRecord("1870", 2025, "skole", "", True, date(2023, 12, 30), 2023, 2026, ("digital  kompetanse",)),
    PlanRecord(
        "1870",
        2025,
        "helse_og_omsorg",
        "",
        True,
        date(2025, 5, 1),
        2025,
        2028,
        ("Velferdsteknologi", "Digital kompetanse"),
        LEADERS,
    ),
    PlanRecord("1870", 2025, "helse_og_omsorg", "Hjemmetjenesten", False),
    PlanRecord(
        "1866",
        2025,
        "barnehage",
        "",
        True,
        date(2024, 6, 1),
        None,
        None,
        ("Barnehagelærerutdanning", "DIGITAL KOMPETANSE"),
    ),
]


def record_all(db_path, user=ADMIN) -> None:
    for plan in PLANS:
        save_plan(opened(db_path), plan, user, TODAY)


def share(db_path, kommune: str, year: int = 2025) -> dict | None:
    rows = opened(db_path).sql(
        "select value, numerator, denominator, source, is_example, origin from observation "
        "where indicator_id = 'kompetanseplan_andel' and kommunenummer = $k and year = $y",
        k=kommune,
        y=year,
    )
    return rows.row(0, named=True) if rows.height else None


def test_a_plan_is_up_to_date_for_two_years_after_its_revision():
    assert cutoff(2025, TODAY) == date(2025, 12, 31)
    assert cutoff(2026, TODAY) == TODAY  # the year is not over yet
    assert years_before(date(2025, 12, 31)) == date(2023, 12, 31)
    assert years_before(date(2028, 2, 29)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kommunenummer": None}, "Velg kommune."),
        ({"year": 2027}, "Året må være mellom 2000 og 2026."),
        ({"area_id": "sykehus"}, "Velg tjenesteområde."),
        ({"unit": "x" * 121}, "Enhetsnavnet kan ha høyst 120 tegn."),
        ({"last_revised": None}, "Oppgi når planen sist ble revidert."),
        ({"last_revised": date(2026, 1, 5)}, "Revisjonsdatoen må være mellom 01.01.1990 og 31.12.2025"),
        ({"period_start": 2026, "period_end": 2024}, "Perioden kan ikke slutte før den begynner."),
        ({"priorities": ("x" * 81,)}, "Skriv høyst 20 prioriterte kompetanser på høyst 80 tegn hver."),
        ({"project_ids": ("finnes-ikke",)}, "Ukjent tiltak."),
        (
            {"has_plan": False},
            "Uten plan kan det ikke være revisjonsdato, periode, prioriteringer eller tiltak.",
        ),
    ],
)
def test_a_plan_is_checked_before_it_is_saved(change, message):
    fields = {**PLANS[0].__dict__, "project_ids": ("kjent",), **change}
    problems = check_plan(PlanRecord(**fields), AREAS, {"kjent"}, TODAY)
    assert any(problem.startswith(message) for problem in problems), problems


def test_coverage_per_municipality_and_area_worked_out_by_hand(fixture_db, monkeypatch):
    record_all(fixture_db)
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["region"] = "vesteralen"
    at.run()
    at.switch_page("pages/kompetanseplaner.py").run()
    assert not at.exception, at.exception
    rows = {row["Kommune"]: row for row in at.dataframe[0].value.to_dict("records")}
    sortland = rows["Sortland"]
    assert (sortland["Barnehage"], sortland["Skole og SFO"], sortland["Helse og omsorg"]) == (
        "Oppdatert",
        "Utdatert",
        "1 av 2 oppdatert",
    )
    assert (
        sortland["Oppdatert"],
        sortland["Utdatert"],
        sortland["Mangler plan"],
        sortland["Registrert"],
    ) == (
        "2",
        "1",
        "1",
        "4",
    )
    assert sortland["Andel oppdatert"] == "50,0\u00a0%"
    assert (
        rows["Hadsel"]["Skole og SFO"] == "Ikke registrert"
        and rows["Hadsel"]["Andel oppdatert"] == "100,0\u00a0%"
    )
    assert rows["Bø"]["Registrert"] == "0" and rows["Bø"]["Andel oppdatert"] == ".."
    region = rows["Vesterålen (regionen)"]
    assert (region["Registrert"], region["Andel oppdatert"]) == ("5", "60,0\u00a0%")
    priorities = {row["Kompetanse"]: row for row in at.dataframe[1].value.to_dict("records")}
    assert list(priorities) == ["Digital kompetanse", "Barnehagelærerutdanning", "Velferdsteknologi"]
    assert (priorities["Digital kompetanse"]["Planer"], priorities["Digital kompetanse"]["Kommuner"]) == (
        "4",
        "2",
    )
    plans = at.dataframe[2].value.to_dict("records")
    linked = next(
        row for row in plans if row["Tjenesteområde"] == "Helse og omsorg" and row["Enhet"] == "hele området"
    )
    assert linked["Tiltak"].startswith("Vesterålen: regionalt løft")  # the measure from Tiltak og resultater


def test_priorities_that_differ_only_in_case_spaces_or_letters_count_as_one():
    plans = pl.DataFrame(
        {
            "kommunenummer": ["1870", "1870", "1866", "1866"],
            "has_plan": [True, True, True, False],
            "priorities": [
                ["Digital kompetanse"],
                ["digital  kompetanse", "Ledelse"],
                ["DIGITAL KOMPETANSE"],
                ["Ledelse"],
            ],
        }
    )
    found = recurring_priorities(plans).rows()
    assert found == [("Digital kompetanse", 3, 2), ("Ledelse", 1, 1)]  # a record without a plan names nothing


def test_the_share_of_units_with_an_up_to_date_plan_is_computed_from_the_plans(fixture_db):
    record_all(fixture_db)
    assert share(fixture_db, "1870") == {
        "value": 50.0,
        "numerator": 2.0,
        "denominator": 4.0,
        "source": COMPUTED_SOURCE,
        "is_example": False,
        "origin": "import",
    }
    assert share(fixture_db, "1866")["value"] == 100.0
    region = opened(fixture_db).query(
        "indicator_aggregate",
        region_id="18009",
        indicator_id="kompetanseplan_andel",
        exclude_oslo=False,
        economic_regions=False,
    )
    assert region.filter(pl.col("year") == 2025)["value"].item() == 60.0  # 3 of 5, as in the coverage table


def test_plans_win_over_an_imported_share_which_then_can_no_longer_be_imported_or_restored(fixture_db):
    raw = "kommunenummer,år,indikator,verdi,teller,nevner\n1870,2025,kompetanseplan_andel,,3,4\n".encode()
    database = opened(fixture_db)
    imported = apply_import(database, plan_import(raw, "andel.csv", database, ADMIN), ADMIN)
    assert share(fixture_db, "1870")["value"] == 75.0
    record_all(fixture_db)
    assert share(fixture_db, "1870")["value"] == 50.0  # the plans win; never a mix for one municipality-year
    with pytest.raises(
        ImportRejected, match="regnes ut fra kompetanseplanene som er registrert for Sortland 2025"
    ):
        plan_import(raw, "andel.csv", opened(fixture_db), ADMIN)
    with pytest.raises(KompetanseError, match="kan ikke angres fordi noen av tallene er endret senere"):
        undo_import(opened(fixture_db), imported.import_id, ADMIN)


def test_deleting_the_last_plan_removes_the_computed_share(fixture_db):
    record_all(fixture_db)
    delete_plan(opened(fixture_db), ("1866", 2025, "barnehage", ""), ADMIN, TODAY)
    assert share(fixture_db, "1866") is None
    assert (
        opened(fixture_db).sql("select count(*) from competence_plan where kommunenummer = '1866'").item()
        == 0
    )
    assert share(fixture_db, "1870")["value"] == 50.0  # Sortland's plans are untouched


def test_an_editor_for_sortland_cannot_record_hadsels_plan_and_nothing_is_written(fixture_db):
    sortland = fixture_user(fixture_db, "sortland")
    before = opened(fixture_db).sql("select count(*) from audit_log").item()
    with pytest.raises(
        AccessDenied, match=r"registrere kompetanseplaner for Hadsel \(1866\). Du er redaktør for Sortland"
    ):
        save_plan(opened(fixture_db), PLANS[4], sortland, TODAY)
    database = opened(fixture_db)
    assert database.sql("select count(*) from audit_log").item() == before
    assert database.sql("select count(*) from competence_plan").item() == 0
    with pytest.raises(AccessDenied):
        delete_plan(database, ("1866", 2025, "barnehage", ""), sortland, TODAY)


def test_every_plan_written_is_logged_with_who_and_what_and_backed_up(fixture_db):
    sortland = fixture_user(fixture_db, "sortland")
    backups = len(list_backups(fixture_db))
    save_plan(opened(fixture_db), PLANS[0], sortland, TODAY)
    database = opened(fixture_db)
    entry = database.sql("select username, action, detail from audit_log order by audit_id desc limit 1").row(
        0
    )
    assert entry == ("sortland (redaktør)", "kompetanseplan", "1870 2025 barnehage: plan revidert 31.12.2023")
    assert len(list_backups(fixture_db)) == backups + 1
    stored = database.sql("select registered_by, origin, is_example, priorities from competence_plan").row(0)
    assert stored == ("sortland", "redigert", False, ["Digital kompetanse", "Barnehagelærerutdanning"])


def test_an_editor_records_a_plan_in_the_form_for_their_own_municipality_only(fixture_db, monkeypatch):
    monkeypatch.setenv("KOMPETANSE_DB", str(fixture_db))
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["region"] = "vesteralen"
    at.run()
    at.switch_page("pages/kompetanseplaner.py").run()
    at = log_in(at, "sortland")
    kommune = next(box for box in at.selectbox if box.label == "Kommune")
    assert kommune.options == ["Sortland"]
    next(box for box in at.selectbox if box.label == "Tjenesteområde").set_value("skole")
    next(year for year in at.number_input if year.label == "Status for år").set_value(2025).run()
    next(field for field in at.date_input if field.label == "Sist revidert").set_value(date(2025, 9, 1))
    next(area for area in at.text_area if area.label.startswith("Prioriterte")).input(
        "Digital kompetanse\n\nLedelse"
    )
    next(button for button in at.button if button.label == "Lagre kompetanseplanen").click().run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert [s.value for s in at.success] == ["Kompetanseplanen for 1870 2025 skole er lagret."]
    stored = opened(fixture_db).sql(
        "select kommunenummer, area_id, last_revised, priorities from competence_plan"
    )
    assert stored.row(0) == ("1870", "skole", date(2025, 9, 1), ["Digital kompetanse", "Ledelse"])


def test_bundled_example_plans_for_vesteralen_give_its_2025_share_labelled_as_example(standard_db):
    database = opened(standard_db)
    rows = database.sql(
        "select o.kommunenummer, o.year, o.value, o.source, o.is_example from observation o "
        "join region_member m using (kommunenummer) where m.region_id = '18009' "
        "and o.indicator_id = 'kompetanseplan_andel' and o.year in (2024, 2025) order by 1, 2"
    )
    assert rows.height == 12 and rows["is_example"].all()
    assert set(rows.filter(pl.col("year") == 2025)["source"]) == {EXAMPLE_COMPUTED_SOURCE}
    assert not rows.filter(pl.col("year") == 2024)["source"].str.contains("beregnet").any()
    plans = database.sql("select kommunenummer, count(*) as n from competence_plan group by 1")
    assert plans.height == 6 and plans["n"].min() >= 3  # a handful for each Vesterålen municipality
    assert database.sql(
        "select bool_and(is_example) and bool_and(source like 'Eksempeldata%') from competence_plan"
    ).item()
