"""What a person gets wrong in a file, and the template that keeps the totals (issue 15, items 6-7)."""

import io

import openpyxl
import polars as pl
import pytest
from conftest import ADMIN, fingerprint, fixture_user, opened
from test_access import run_cli
from test_import_page import import_page, upload

from kompetanse.errors import KompetanseError
from kompetanse.indicators.comparison import compare_region
from kompetanse.indicators.view import footnote
from kompetanse.ingest.imports import ImportRejected, apply_import, plan_import
from kompetanse.ingest.templates import theme_template
from kompetanse.store.db import open_database

LONG = "kommunenummer;kommune;år;indikator;verdi;teller;nevner;kilde"
VESTERALEN = {"region_id": "18009", "name": "Vesterålen", "slug": "vesteralen", "kind": "okonomisk_region"}


def plan(db_path, text: str, user=ADMIN, name: str = "fil.csv"):
    database = open_database(db_path)
    try:
        return plan_import(text.encode(), name, database, user)
    finally:
        database.close()


def rejected(db_path, text: str, user=ADMIN) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        plan(db_path, text, user)
    return [str(problem) for problem in caught.value.problems]


def region_value(db_path, indicator_id: str, year: int):
    database = open_database(db_path)
    try:
        comparison = compare_region(database, "18009", indicator_id, year)
        return comparison.region["value"], footnote(comparison)
    finally:
        database.close()


# Item 7: names next to numbers


def test_a_misspelt_name_next_to_its_number_is_a_warning_with_a_suggestion(fixture_db):
    planned = plan(fixture_db, f"{LONG}\n1870;Sortlandd;2024;laerlinger_antall;28;;;Ny\n")
    assert [str(warning) for warning in planned.warnings] == [
        "Rad 2: «Sortlandd» er ikke skrevet som i kommuneregisteret. Mente du «Sortland»? Tallene lagres "
        "på 1870 Sortland (kommunenummeret avgjør)."
    ]
    assert planned.rows["kommunenummer"].to_list() == ["1870"]
    assert not planned.must_confirm  # a suggestion, nothing to confirm


@pytest.mark.parametrize("name", ["Hadsel", "hadsel", "HADSEL kommune", "Hadsel "])
def test_the_right_name_in_any_case_or_with_kommune_is_no_warning(fixture_db, name):
    assert plan(fixture_db, f"{LONG}\n1866;{name};2024;laerlinger_antall;26;;;Ny\n").warnings == []


def test_a_name_that_belongs_to_another_number_is_refused_with_its_row(fixture_db):
    before = fingerprint(fixture_db)
    problems = rejected(
        fixture_db,
        f"{LONG}\n1866;Hadsel;2024;laerlinger_antall;26;;;Ny\n1868;Hadsel;2024;laerlinger_antall;7;;;Ny\n",
    )
    assert problems == [
        "Rad 3, kolonne «kommune»: Kommunenummer 1868 er Øksnes, men navnet er «Hadsel», som er Hadsel "
        "(1866). Rett nummeret eller navnet."
    ]
    assert fingerprint(fixture_db) == before


def test_an_old_number_with_its_old_name_is_no_warning(fixture_db):
    # 1850 Tysfjord was split in 2020; 1805 Narvik (before 2020) is Narvik today (1806).
    assert plan(fixture_db, f"{LONG}\n1805;Narvik;2018;laerlinger_antall;40;;;Gammel\n").warnings == []


# Item 7: a value far from last year's


def test_a_value_ten_times_last_years_must_be_confirmed_before_it_is_written(fixture_db):
    text = f"{LONG}\n1870;Sortland;2023;ledere_antall;133;;;Ny\n1870;Sortland;2024;ledere_antall;1340;;;Ny\n"
    planned = plan(fixture_db, text)
    # (1340 - 133) / 133 = 9.075: +908 %
    assert [str(warning) for warning in planned.must_confirm] == [
        "Sortland 2024, Ledere: 133 i 2023 → 1\u00a0340 (+908 %). Stemmer det?"
    ]
    before = fingerprint(fixture_db)
    with pytest.raises(KompetanseError, match="1 verdi endrer seg mer enn 50 %"):
        apply_import(opened(fixture_db), planned, user=ADMIN)
    assert fingerprint(fixture_db) == before
    apply_import(opened(fixture_db), planned, user=ADMIN, confirmed=True)
    assert fingerprint(fixture_db) != before


@pytest.mark.parametrize(
    "value, flagged",
    [("42", False), ("43", True), ("14", False), ("13", True)],  # Sortland 2024: 28; ±50 % = 14 or 42
)
def test_a_change_from_the_database_value_the_year_before_is_flagged_above_fifty_percent(
    fixture_db, value, flagged
):
    planned = plan(fixture_db, f"{LONG}\n1870;Sortland;2025;laerlinger_antall;{value};;;Ny\n")
    assert bool(planned.must_confirm) is flagged


# Item 7: scope errors in the same round, with their Excel rows


def test_rows_outside_the_editors_scope_are_reported_with_the_other_errors_and_their_rows(fixture_db):
    sortland = fixture_user(fixture_db, "sortland")
    problems = rejected(
        fixture_db,
        f"{LONG}\n1870;Sortland;2024;laerlinger_antall;tretti;;;Ny\n1866;Hadsel;2024;laerlinger_antall;26;;;Ny\n",
        user=sortland,
    )
    assert problems == [
        "Rad 2, kolonne «verdi»: «tretti» er ikke et tall.",
        "Rad 3, kolonne «kommunenummer»: Du kan ikke importere tall for Hadsel (1866). Du er redaktør for "
        "Sortland (1870).",
    ]


def test_an_excel_file_reports_a_row_outside_the_scope_with_its_excel_row_number(fixture_db):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Lærlinger i Vesterålen"])  # a title row, as municipalities send them
    sheet.append([])
    sheet.append(LONG.split(";"))
    sheet.append([1870, "Sortland", 2024, "laerlinger_antall", 30, None, None, "Ny"])
    sheet.append([1866, "Hadsel", 2024, "laerlinger_antall", 26, None, None, "Ny"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    database = open_database(fixture_db)
    try:
        with pytest.raises(ImportRejected) as caught:
            plan_import(buffer.getvalue(), "fil.xlsx", database, fixture_user(fixture_db, "sortland"))
    finally:
        database.close()
    assert [str(problem) for problem in caught.value.problems] == [
        "Rad 5, kolonne «kommunenummer»: Du kan ikke importere tall for Hadsel (1866). Du er redaktør for "
        "Sortland (1870)."
    ]


def test_an_editor_for_a_region_may_import_every_municipality_in_it(fixture_db):
    editor = fixture_user(fixture_db, "redaktor")
    planned = plan(fixture_db, f"{LONG}\n1866;Hadsel;2024;laerlinger_antall;26;;;Ny\n", user=editor)
    assert planned.rows["kommunenummer"].to_list() == ["1866"]
    assert "Du kan ikke" not in " ".join(
        rejected(fixture_db, f"{LONG}\n1866;Hadsel;2024;laerlinger_antall;x;;;Ny\n", user=editor)
    )


# Item 6: the template keeps the totals


def template(db_path, theme_id: str = "rekruttering", year: int = 2023) -> openpyxl.Workbook:
    database = open_database(db_path)
    try:
        return openpyxl.load_workbook(
            io.BytesIO(theme_template(database, VESTERALEN, theme_id, "Tema", year))
        )
    finally:
        database.close()


def filled(workbook: openpyxl.Workbook, values: dict[tuple[str, str], object]) -> bytes:
    """The template with {(kommunenummer, column header): value} typed in."""
    sheet = workbook["Tall"]
    header = [cell.value for cell in sheet[4]]
    rows = {sheet.cell(row, 1).value: row for row in range(5, sheet.max_row + 1)}
    for (code, column), value in values.items():
        sheet.cell(rows[code], header.index(column) + 1).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_template_asks_for_numerator_and_denominator_of_every_share_and_the_count_itself(fixture_db):
    sheet = template(fixture_db)["Tall"]
    header = [cell.value for cell in sheet[4]]
    assert "laerlinger_antall" in header and "laerlinger_antall:teller" not in header
    assert {"heltid_andel:teller", "heltid_andel:nevner"} <= set(header) and "heltid_andel" not in header
    database = open_database(fixture_db)
    shares = database.query("indicator_catalogue").filter(
        (pl.col("theme_id") == "rekruttering") & (pl.col("aggregation") == "forhold")
    )
    database.close()
    for indicator_id in shares["indicator_id"]:
        assert f"{indicator_id}:teller" in header and f"{indicator_id}:nevner" in header
    comment = sheet.cell(4, header.index("heltid_andel:teller") + 1).comment.text
    assert comment.startswith("Teller: ansatte i heltidsstilling. Ansatte i heltidsstilling (prosent)")


def test_a_filled_template_imports_back_with_region_and_national_totals(fixture_db):
    fractions = {"1871": (10, 20), "1867": (20, 40), "1866": (30, 60), "1851": (5, 10), "1870": (15, 20)}
    fractions["1868"] = (8, 16)
    values = {(code, "heltid_andel:teller"): t for code, (t, _) in fractions.items()}
    values |= {(code, "heltid_andel:nevner"): n for code, (_, n) in fractions.items()}
    values[("1870", "laerlinger_antall")] = 25
    raw = filled(template(fixture_db), values)
    planned = plan_import(raw, "mal.xlsx", opened(fixture_db), ADMIN)
    assert planned.warnings == []
    apply_import(opened(fixture_db), planned, user=ADMIN)
    value, note = region_value(fixture_db, "heltid_andel", 2023)
    assert value == pytest.approx(88 / 166 * 100)  # sum of numerators over sum of denominators: 53,0 %
    assert "(6 av 6 kommuner har teller og nevner)" in note
    database = open_database(fixture_db)
    nation = compare_region(database, "18009", "heltid_andel", 2023).nation
    database.close()
    assert nation["value"] == pytest.approx(88 / 166 * 100)  # no other municipality has 2023 figures


def test_a_share_without_numerator_and_denominator_warns_and_the_footnote_says_why_there_is_no_total(
    fixture_db,
):
    value, note = region_value(fixture_db, "heltid_andel", 2024)
    assert value == pytest.approx(104 / 228 * 100)  # (20+4+30+5+45) / (50+8+60+20+90); Øksnes has none
    assert "(5 av 6 kommuner har teller og nevner)" in note
    planned = plan(fixture_db, f"{LONG}\n1868;Øksnes;2024;heltid_andel;50;;;Bare andelen\n")
    (warning,) = [str(warning) for warning in planned.warnings]
    assert warning.startswith("Ansatte i heltidsstilling 2024: Øksnes har verdi uten teller og nevner.")
    assert "Vesterålen" in warning and "og landet regnes ut etter importen" in warning
    apply_import(opened(fixture_db), planned, user=ADMIN)
    value, note = region_value(fixture_db, "heltid_andel", 2024)
    assert value is None
    assert (
        "Regionverdien kan ikke regnes ut: 1 av 6 kommuner har bare verdien, uten teller og nevner "
        "(5 av 6 har teller og nevner)." in note
    )
    assert "6 av 6" not in note


# Item 7: what the page shows


def test_the_page_shows_a_long_problem_whole_and_in_plain_text(app_db):
    at = import_page()
    upload(at, "feil.csv", f"{LONG}\n1868;Hadsel;2024;laerlinger_antall;7;;;Ny\n".encode())
    assert [text.value for text in at.text] == [
        "Rad 2, kolonne «kommune»: Kommunenummer 1868 er Øksnes, men navnet er «Hadsel», som er Hadsel "
        "(1866). Rett nummeret eller navnet."
    ]


def test_a_warning_quoting_the_file_is_plain_text_never_a_link(app_db):
    at = import_page()
    name = "Øksnes [klikk her](http://example.com)"
    upload(at, "lenke.csv", f"{LONG}\n1868;{name};2024;laerlinger_antall;7;;;Ny\n".encode())
    assert [text.value for text in at.text] == [
        f"Rad 2: «{name}» ligner ikke på navnet til 1868 Øksnes. Tallene lagres på 1868 Øksnes "
        "(kommunenummeret avgjør); sjekk at nummeret er riktig."
    ]
    assert not any("example.com" in element.value for element in [*at.markdown, *at.warning])


def test_the_import_button_waits_until_large_changes_are_confirmed(app_db):
    at = import_page()
    upload(
        at,
        "ledere.csv",
        f"{LONG}\n1870;Sortland;2023;ledere_antall;133;;;Ny\n1870;Sortland;2024;ledere_antall;1340;;;Ny\n".encode(),
    )
    assert [text.value for text in at.text] == [
        "Sortland 2024, Ledere: 133 i 2023 → 1\u00a0340 (+908 %). Stemmer det?"
    ]
    preview = at.dataframe[0].value.to_dict("records")
    assert {(row["Indikator"], row["Enhet"], row["Etter"]) for row in preview} == {
        ("Ledere", "antall", "133"),
        ("Ledere", "antall", "1\u00a0340"),
    }
    button = next(b for b in at.button if b.label == "Importer 2 verdier")
    assert button.disabled
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Importer 2 verdier").click().run()
    assert "Importerte 2 rader fra ledere.csv" in at.success[0].value


@pytest.mark.server
def test_the_command_line_imports_large_changes_only_with_bekreft(fixture_db, tmp_path):
    file = tmp_path / "ledere.csv"
    file.write_text(
        f"{LONG}\n1870;Sortland;2023;ledere_antall;133;;;Ny\n1870;Sortland;2024;ledere_antall;1340;;;Ny\n"
    )
    before = fingerprint(fixture_db)
    refused = run_cli("import", str(file), "--db", str(fixture_db))
    assert refused.returncode == 1
    assert "Sjekk: Sortland 2024, Ledere: 133 i 2023 → 1\u00a0340 (+908 %)" in refused.stdout
    assert "kjør kommandoen igjen med --bekreft" in refused.stderr
    assert fingerprint(fixture_db) == before
    confirmed = run_cli("import", str(file), "--bekreft", "--db", str(fixture_db))
    assert confirmed.returncode == 0, confirmed.stderr
    assert "Importerte 2 rader" in confirmed.stdout


def test_a_file_that_changes_every_value_lists_200_and_counts_the_rest(fixture_db):
    codes = opened(fixture_db).sql("select kommunenummer from municipality order by 1 limit 250")
    rows = [
        f"{code};;{year};ledere_antall;{value};;;Generert"
        for code in codes["kommunenummer"]
        for year, value in ((2023, 10), (2024, 100))
    ]
    planned = plan(fixture_db, "\n".join([LONG, *rows]) + "\n")
    assert len(planned.must_confirm) == 201 and planned.confirm_count == 250
    assert str(planned.must_confirm[-1]) == "… og 50 verdier til som endrer seg mer enn 50 % fra året før."
