"""Exports open in the programs people use, keep suppressed values hidden and never carry formulas."""

import io

import openpyxl
import polars as pl
import pytest
from conftest import sheet_rows
from PIL import Image
from pptx import Presentation
from test_cli import cli

from kompetanse.charts.bars import comparison_chart
from kompetanse.charts.style import EXAMPLE_BAND
from kompetanse.exports.excel import table_xlsx
from kompetanse.exports.images import chart_png, chart_svg
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.store.db import Database
from kompetanse.views.presentasjon import meeting_pack

FRAME = pl.DataFrame(
    {
        "name": ["Hadsel", "Bø"],
        "value": [75.0, None],
        "label": ["75,0 %", ":"],
        "note": [None, "Skjult for å hindre at små tall kan kjennes igjen."],
    }
)


def bar_spec() -> dict:
    return comparison_chart(
        FRAME,
        title="Heltid, 2024",
        unit="prosent",
        order=["Hadsel", "Bø"],
        references=[("Vesterålen", 45.6)],
        example=False,
    ).to_dict()


def test_a_png_export_has_the_expected_size_and_is_not_blank():
    png = chart_png(bar_spec(), "Kilde: Testdata. År: 2024.", width=900, scale=2)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.width >= 1800 and 300 < image.height < 1400
    low, high = image.getextrema()
    assert high - low > 100  # dark bars and text on white, not an empty image


def test_an_svg_export_carries_the_source_line_and_norwegian_numbers():
    svg = chart_svg(bar_spec(), "Kilde: Testdata. År: 2024.")
    assert "Kilde: Testdata. År: 2024." in svg
    assert "75,0 %" in svg


def test_an_excel_export_keeps_numbers_as_numbers_symbols_as_text_and_has_no_formulas():
    table = pl.DataFrame(
        {
            "Kommune": ['=HYPERLINK("http://x")', "Bø", "+47 kommune", "@SUM(A1)", "-2+3"],
            "Verdi": ["75,0\u00a0%", ":", "..", "12\u00a0345", "-1,5"],
        }
    )
    workbook = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, "Heltid", "Kilde: Testdata.")))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A4"].value == '=HYPERLINK("http://x")' and sheet["A4"].data_type == "s"
    assert sheet["A8"].value == "-2+3" and sheet["A8"].data_type == "s"
    assert (sheet["B4"].value, sheet["B4"].number_format) == (75.0, '#,##0.0 "%"')
    assert (sheet["B5"].value, sheet["B6"].value) == (":", "..")
    assert (sheet["B7"].value, sheet["B7"].number_format) == (12345, "#,##0")
    assert sheet["B8"].value == -1.5


@pytest.fixture(scope="module")
def deck(fixture_db_template) -> Presentation:
    database = Database(fixture_db_template)
    region = find_region(all_regions(database), "Vesterålen")
    raw = meeting_pack(database, region, 2024)
    database.close()
    return Presentation(io.BytesIO(raw))


def slide_texts(slide) -> list[str]:
    """The texts of a slide in drawing order, without the example-data band."""
    shapes = [shape for shape in slide.shapes if shape.has_text_frame and shape.name != "Eksempeldata"]
    return [shape.text_frame.text for shape in shapes]


def has_band(slide) -> bool:
    bands = [shape for shape in slide.shapes if shape.name == "Eksempeldata"]
    return any(shape.text_frame.text == EXAMPLE_BAND for shape in bands)


def test_the_meeting_pack_has_a_title_slide_and_one_or_two_slides_per_theme(deck):
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles == [
        "Kompetanse og rekruttering: Vesterålen",
        "Barnehagelærere: krav og dekning",
        "Kompetansegap: Barnehagelærere i grunnbemanningen",
        "Lederutvikling: Ledere med fullført lederopplæring",
        "Lederutvikling: lederprogrammer",
        "Rekruttering: Lærlinger per 1000 innbyggere",
        "Rekruttering: lærlinger per 1000 innbyggere over tid",
    ]


def test_every_slide_has_a_chart_a_takeaway_and_one_footnote_with_source_and_year(deck):
    for slide in list(deck.slides)[1:]:
        texts = slide_texts(slide)
        assert len(texts) == 3
        assert "Kilde:" in texts[2]
        assert sum("Kilde:" in text for text in texts) == 1
        assert sum(shape.shape_type == 13 for shape in slide.shapes) == 1  # one picture
    takeaway = slide_texts(deck.slides[2])[1]
    assert takeaway.startswith("Vesterålen: 60,0\u00a0% (Landet uten Oslo: 60,0\u00a0%).")
    assert takeaway.endswith("Høyest: Hadsel (75,0\u00a0%), lavest: Bø (40,0\u00a0%).")


def test_example_data_is_named_on_the_slides_that_show_it(deck):
    leaders = slide_texts(deck.slides[3])
    assert "Eksempeldata" in leaders[2]
    assert "Eksempeldata" in slide_texts(deck.slides[0])[1]


def test_slides_with_example_data_and_the_title_slide_carry_the_band_and_official_ones_do_not(deck):
    # In the fixture only leader training (slide 3) is example data; the others are imported figures.
    bands = [has_band(slide) for slide in deck.slides]
    assert bands == [True, False, False, True, False, False, False]


def test_the_pack_command_writes_a_deck_for_a_region_named_any_way(fixture_db, tmp_path):
    out = tmp_path / "vesteralen.pptx"
    result = cli("pack", "--region", "VESTERALEN", "--out", str(out), "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    assert len(Presentation(out).slides) == 7


def test_an_excel_export_of_a_real_view_keeps_the_hidden_value_hidden(fixture_db_template):
    from kompetanse.indicators.view import indicator_view

    database = Database(fixture_db_template)
    region = find_region(all_regions(database), "Vesterålen")
    view = indicator_view(database, region, "heltid_andel", 2024, with_map=False)
    database.close()
    xlsx = table_xlsx(view.table, "Heltid", view.footnote)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    rows = sheet_rows(xlsx)
    hidden = ("Verdi", "Endring fra 2023", "Mot regionen", "Teller", "Nevner")
    assert [rows["Bø"][column] for column in hidden] == [":"] * 5
    assert rows["Hadsel"]["Verdi"] == 50.0 and rows["Øksnes"]["Verdi"] == ".."
    assert "Kilde:" in sheet.cell(3 + view.table.height + 2, 1).value


def band_pixels(png: bytes, rows: int = 100) -> int:
    """Pixels of the band's colour (#B35900) in the top rows of an image."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    top = image.crop((0, 0, image.width, min(rows, image.height)))
    return sum(count for count, colour in top.getcolors(maxcolors=1 << 20) if colour == (0xB3, 0x59, 0x00))


def test_a_png_and_an_svg_of_example_data_carry_the_band_and_official_ones_do_not():
    example = chart_png(bar_spec(), "Kilde: Eksempeldata.", width=900, scale=2, example=True)
    official = chart_png(bar_spec(), "Kilde: SSB.", width=900, scale=2, example=False)
    assert band_pixels(example) > 900 * 2 * 40  # a full-width band, at least 20 px high at 1x
    assert band_pixels(official) == 0
    assert EXAMPLE_BAND in chart_svg(bar_spec(), "Kilde: Eksempeldata.", example=True)
    assert EXAMPLE_BAND not in chart_svg(bar_spec(), "Kilde: SSB.")


def test_an_excel_sheet_of_example_data_carries_the_band_across_the_table_and_an_official_one_does_not():
    table = pl.DataFrame({"Kommune": ["Hadsel", "Bø"], "Verdi": ["75,0\u00a0%", ":"]})
    sheet = openpyxl.load_workbook(
        io.BytesIO(table_xlsx(table, "Ledere", "Kilde: Eksempeldata.", True))
    ).active
    assert sheet["A2"].value == EXAMPLE_BAND
    assert "A2:F2" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A2"].fill.fgColor.rgb.endswith("B35900") and sheet["A2"].font.bold
    assert (sheet["A3"].value, sheet["A4"].value, sheet["B4"].value) == ("Kommune", "Hadsel", 75.0)
    plain = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, "Heltid", "Kilde: SSB."))).active
    assert plain["A2"].value is None and not plain.merged_cells.ranges
