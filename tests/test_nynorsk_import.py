"""Nynorsk on the import and administration pages (issue 17): errors, the preview, the admin page and
the refusals, with bokmål unchanged."""

from __future__ import annotations

import pytest
from conftest import ADMIN, PASSWORD, fixture_user
from streamlit.testing.v1 import AppTest
from test_nynorsk import page_texts, tell_tales

from kompetanse.access.roles import require_admin, require_writer
from kompetanse.errors import AccessDenied
from kompetanse.i18n import using_language
from kompetanse.ingest.imports import ImportRejected, plan_import
from kompetanse.store.db import open_database

HEADER = "kommunenummer;år;indikator;verdi;teller;nevner;kilde"
BAD_FILE = f"{HEADER}\n9998;2024;heltid_andel;40;;;\n1868;2024;heltid_andel;140;;;\n".encode()
GOOD_FILE = "\n".join(
    [HEADER, "1866;2024;laerlinger_antall;30;;;Ny telling", "1866;2022;laerlinger_antall;20;;;Ny"]
).encode()
LABELS = {"nb": ("Brukernavn", "Passord", "Logg inn"), "nn": ("Brukarnamn", "Passord", "Logg inn")}


def open_page(page: str, language: str, username: str | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["maal"] = language
    at.run()
    if username:  # on the first page: Administrasjon is there only once an admin has logged in
        name, password, button = LABELS[language]
        next(field for field in at.text_input if field.label == name).input(username)
        next(field for field in at.text_input if field.label == password).input(PASSWORD)
        next(b for b in at.button if b.label == button).click().run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, raw, "text/csv"))
    return at.run()


def everything(at: AppTest) -> list[str]:
    """page_texts and what it leaves out here: tabs, checkboxes, the upload field and plain text."""
    texts = page_texts(at) + [text.value for text in at.text] + [tab.label for tab in at.tabs]
    texts += [box.label for box in at.checkbox]
    texts += [field.proto.label + " " + field.proto.help for field in at.get("file_uploader")]
    return texts


def test_a_bad_file_imported_in_nynorsk_lists_every_problem_in_nynorsk(app_db):
    at = upload(open_page("importer", "nn", "redaktor"), "feil.csv", BAD_FILE)
    assert at.error[0].value == "Fila vart ikkje importert. Fann 2 feil; rett dei og last opp fila igjen."
    assert [text.value for text in at.text] == [
        "Rad 2, kolonne «kommunenummer»: Kommunenummer 9998 finst ikkje.",
        "Rad 3, kolonne «verdi»: Ein andel må vere mellom 0 og 100 prosent, ikkje 140.",
    ]
    assert tell_tales(everything(at)) == {}


def test_the_same_bad_file_in_bokmal_gets_the_bokmal_messages_as_before(app_db):
    at = upload(open_page("importer", "nb", "redaktor"), "feil.csv", BAD_FILE)
    assert at.error[0].value == "Filen ble ikke importert. Fant 2 feil; rett dem og last opp filen igjen."
    assert [text.value for text in at.text] == [
        "Rad 2, kolonne «kommunenummer»: Kommunenummer 9998 finnes ikke.",
        "Rad 3, kolonne «verdi»: En andel må være mellom 0 og 100 prosent, ikke 140.",
    ]


def test_the_import_preview_in_nynorsk_names_the_changes_and_the_button_in_nynorsk(app_db):
    at = upload(open_page("importer", "nn", "redaktor"), "hadsel.csv", GOOD_FILE)
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics == {"Nye verdiar": "1", "Endra verdiar": "1", "Uendra verdiar": "0"}
    assert at.subheader[0].value == "Dette blir endra"
    preview = at.dataframe[0].value
    assert list(preview.columns) == ["Endring", "Kommune", "År", "Indikator", "Eining", "Før", "Etter"]
    assert sorted(preview["Endring"]) == ["Endra", "Ny"]
    assert any(button.label == "Importer 2 verdiar" for button in at.button)
    assert at.header[0].value == "Importar som er gjorde"
    assert tell_tales(everything(at)) == {}
    next(button for button in at.button if button.label == "Importer 2 verdiar").click().run()
    assert at.success[0].value.startswith("Importerte 2 rader frå hadsel.csv (import nr. ")
    assert list(at.dataframe[-1].value.columns) == [
        "Nr.",
        "Fil",
        "Tid",
        "Av",
        "Nye",
        "Endra",
        "Uendra",
        "Angra",
    ]


def test_the_preview_in_bokmal_is_unchanged(app_db):
    at = upload(open_page("importer", "nb", "redaktor"), "hadsel.csv", GOOD_FILE)
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics == {"Nye verdier": "1", "Endrede verdier": "1", "Uendrede verdier": "0"}
    assert list(at.dataframe[0].value.columns) == [
        "Endring",
        "Kommune",
        "År",
        "Indikator",
        "Enhet",
        "Før",
        "Etter",
    ]
    assert any(button.label == "Importer 2 verdier" for button in at.button)


def test_the_admin_page_in_nynorsk_has_nynorsk_tabs_forms_and_log(app_db):
    at = open_page("administrasjon", "nn", "admin")
    assert at.title[0].value == "Administrasjon"
    assert [tab.label for tab in at.tabs] == [
        "Endringslogg",
        "Brukarar",
        "Innstillingar",
        "Tryggingskopiar",
        "Offisielle tal",
    ]
    assert list(at.dataframe[0].value.columns) == ["Tid", "Brukar", "Handling", "Detaljar"]
    assert "Bygging frå pakka data" in set(at.dataframe[0].value["Handling"])
    users = at.dataframe[1].value
    assert list(users.columns)[:3] == ["Brukarnamn", "Namn", "Rolle"]
    assert {"lesar", "redaktør", "administrator"} <= set(users["Rolle"])
    labels = {widget.label for widget in [*at.toggle, *at.number_input, *at.selectbox]}
    assert {"Lesing krev innlogging", "Skjul tal personar under", "Standard målform"} <= labels
    # The tables of the official update come from views/oppdatering.py, which is not translated yet.
    update_tables = {str(column) for frame in at.dataframe[2:] for column in frame.value.columns}
    assert tell_tales([text for text in everything(at) if text not in update_tables]) == {}


def test_the_admin_page_in_bokmal_is_unchanged(app_db):
    at = open_page("administrasjon", "nb", "admin")
    assert [tab.label for tab in at.tabs][:2] == ["Endringslogg", "Brukere"]
    assert list(at.dataframe[0].value.columns) == ["Tid", "Bruker", "Handling", "Detaljer"]
    assert {"leser", "redaktør", "administrator"} <= set(at.dataframe[1].value["Rolle"])


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        (None, "Logg inn (nedst i sidemenyen) for å importere data."),
        ("leser", "Du er logga inn som lesar og kan ikkje importere data."),
    ],
)
def test_a_refused_visitor_is_told_why_in_nynorsk(app_db, username, expected):
    at = open_page("importer", "nn", username)
    assert [info.value for info in at.info if "importere" in info.value] == [expected]
    assert not at.get("file_uploader")


def test_a_refusal_from_the_domain_is_in_the_language_of_the_run(fixture_db):
    reader, editor = fixture_user(fixture_db, "leser"), fixture_user(fixture_db, "sortland")
    with using_language("nn"), pytest.raises(AccessDenied) as refused:
        require_admin(reader, "endre innstillinger")
    assert str(refused.value) == "Berre ein administrator kan endre innstillingar. Du er logga inn som lesar."
    with pytest.raises(AccessDenied) as refused:
        require_writer(reader, "importere data")
    assert str(refused.value) == "Du er logget inn som leser og kan ikke importere data."
    raw = f"{HEADER}\n1866;2024;laerlinger_antall;30;;;\n".encode()
    database = open_database(fixture_db)
    try:
        with using_language("nn"), pytest.raises(ImportRejected) as rejected:
            plan_import(raw, "hadsel.csv", database, editor)
    finally:
        database.close()
    assert str(rejected.value.problems[0]) == (
        "Rad 2, kolonne «kommunenummer»: Du kan ikkje importere tal for Hadsel (1866). "
        "Du er redaktør for Sortland (1870)."
    )


def test_a_10_faktor_file_gets_its_own_words_in_nynorsk_too(fixture_db):
    header = "kommunenummer;år;faktor;skår;svar"
    raw = f"{header}\n1866;2024;Mestringstro;4,1;0\n1866;2024;Mestringstro;4,2;20\n".encode()
    database = open_database(fixture_db)
    try:
        for language, zero, duplicate in (
            ("nn", "Talet på svar kan ikkje vere 0.", "Same kommune, år og faktor står også på rad 2"),
            ("nb", "Antall svar kan ikke være 0.", "Samme kommune, år og faktor står også på rad 2"),
        ):
            with using_language(language), pytest.raises(ImportRejected) as rejected:
                plan_import(raw, "runde.csv", database, fixture_user(fixture_db, "admin"))
            messages = [problem.message for problem in rejected.value.problems]
            assert zero in messages
            assert any(message.startswith(duplicate) for message in messages)
    finally:
        database.close()


def test_a_file_with_nynorsk_headers_is_read_like_one_with_bokmal_headers(fixture_db):
    header = "kommunenummer;år;indikator;verdi;teljar;nemnar;kjelde"
    raw = f"{header}\n1866;2024;laerlinger_antall;30;;;Eiga teljing\n"
    database = open_database(fixture_db)
    try:
        plan = plan_import(raw.encode(), "hadsel.csv", database, fixture_user(fixture_db, "admin"))
    finally:
        database.close()
    assert plan.rows["source"].to_list() == ["Eiga teljing"]


def test_the_10_faktor_template_in_nynorsk_names_factors_and_areas_in_nynorsk_and_imports_back(fixture_db):
    import io

    import openpyxl

    from kompetanse.ingest.imports import plan_import
    from kompetanse.ingest.tifaktor import survey_template
    from kompetanse.rules.regions import all_regions, find_region

    database = open_database(fixture_db)
    try:
        region = find_region(all_regions(database), "Vesterålen")
        with using_language("nn"):
            raw = survey_template(database, region, 2025)
        workbook = openpyxl.load_workbook(io.BytesIO(raw))
        sheet, about = workbook["10-FAKTOR"], workbook["Faktorar og område"]
        rows = list(sheet.iter_rows(min_row=5))
        factors = {row[5].value for row in rows}
        assert "Meistringsorientert leiing" in factors and tell_tales(" ".join(factors)) == {}
        areas = [row[4].value for row in about.iter_rows(min_row=2) if row[4].value]
        assert "Skule og SFO" in areas and "Skole og SFO" not in areas
        leadership = next(row for row in rows if row[5].value == "Meistringsorientert leiing")
        leadership[6].value, leadership[7].value = 3.9, 40
        area_row = sheet.max_row + 1
        for column, value in enumerate((leadership[0].value, None, "Skule og SFO", "Sentrum skule"), 1):
            sheet.cell(area_row, column).value = value
        for column, value in ((5, 2025), (6, "Meistringsorientert leiing"), (7, 4.1), (8, 20)):
            sheet.cell(area_row, column).value = value
        buffer = io.BytesIO()
        workbook.save(buffer)
        plan = plan_import(buffer.getvalue(), "mal-nn.xlsx", database, ADMIN)
    finally:
        database.close()
    found = plan.rows.select("kommunenummer", "indicator_id", "value", "denominator").rows()
    assert (leadership[0].value, "tifaktor_mestringsorientert_ledelse", 3.9, 40.0) in found
    assert set(plan.area_rows["area_id"]) == {"skole"}  # «Skule og SFO», the nynorsk name
