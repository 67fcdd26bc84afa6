"""Every chart has a text alternative (issue 17, item 2; WCAG 1.1.1) built from its own data, and the
table beside it carries the same numbers; the PowerPoint pictures carry it as alt text."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from pptx import Presentation

from kompetanse.charts.describe import extremes, gap_description, trend_description
from kompetanse.indicators.view import indicator_view
from kompetanse.rules.formatting import format_number
from kompetanse.rules.regions import all_regions, find_region
from kompetanse.store.db import Database
from kompetanse.views.kompetansegap import GAPS, gap_view
from kompetanse.views.lederutvikling import programme_view
from kompetanse.views.presentasjon import DEFAULT_VIEWS, build_views, deck
from kompetanse.views.sammenlign import compare_view, trend_view

NBSP = "\u00a0"
CHOSEN = ("1866", "1867", "1870")
INDICATORS = ("barnehagelaerer_andel", "lederopplaering_andel")


def frame(rows: list[tuple[str, float | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"name": pl.String, "value": pl.Float64, "label": pl.String}, orient="row"
    )


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [
                ("Hadsel", 53.3, f"53,3{NBSP}%"),
                ("Lødingen", 46.1, f"46,1{NBSP}%"),
                ("Bø", 50.0, f"50,0{NBSP}%"),
            ],
            f"Hadsel høyest med 53,3{NBSP}%, Lødingen lavest med 46,1{NBSP}%.",
        ),
        (  # a hidden figure is counted, never named, even though the frame has its value
            [("Hadsel", 53.3, "53,3"), ("Bø", 99.0, ":"), ("Andøy", 40.0, "40,0"), ("Øksnes", None, "..")],
            "Hadsel høyest med 53,3, Andøy lavest med 40,0, 1 tall skjult av personvernhensyn («:»), "
            "1 tall mangler («..»).",
        ),
        ([("Hadsel", 3.0, "3,0"), ("Bø", 1.0, "1,0"), ("Sortland", 3.0, "3,0")], None),
        ([("Hadsel", 2.0, "2,0")], "Bare Hadsel har tall: 2,0."),
        ([("Hadsel", 2.0, "2,0"), ("Bø", 2.0, "2,0")], "Alle 2 har 2,0."),
        ([("Hadsel", None, "..")], "Ingen tall å vise, 1 tall mangler («..»)."),
    ],
)
def test_the_sentence_names_highest_and_lowest_and_counts_hidden_and_missing(rows, expected):
    if expected is None:  # a tie at the top names both, in the frame's order
        expected = "Hadsel og Sortland høyest med 3,0, Bø lavest med 1,0."
    assert extremes(frame(rows)) == expected


def test_the_gap_sentence_says_who_misses_most_and_least_in_the_unit():
    gaps = pl.DataFrame({"name": ["Sortland", "Bø", "Hadsel"], "missing": [3.0, 0.0, None]})
    assert gap_description("Barnehagelærere, 2024", gaps, "årsverk") == (
        "Stablet søylediagram: Barnehagelærere, 2024. Sortland mangler mest med 3,0 årsverk, "
        "Bø mangler minst med 0,0 årsverk, 1 tall mangler («..»)."
    )


def test_the_trend_sentence_follows_the_region_from_its_first_to_its_last_year():
    lines = pl.DataFrame(
        {
            "year": [2022, 2024, 2022, 2024, 2022, 2024],
            "series": ["Vesterålen (regionen)"] * 2 + ["Hadsel"] * 2 + ["Bø"] * 2,
            "value": [45.0, 49.0, 50.0, 53.3, 40.0, 46.1],
            "label": ["45,0", "49,0", "50,0", "53,3", "40,0", "46,1"],
        }
    )
    assert trend_description("Andel: utvikling", lines, "Vesterålen (regionen)") == (
        "Linjediagram: Andel: utvikling. År 2022–2024. Vesterålen (regionen) fra 45,0 i 2022 til 49,0 i "
        "2024. I 2024: Hadsel høyest med 53,3, Bø lavest med 46,1."
    )


@pytest.fixture(scope="module")
def panels(fixture_db_template):
    """The panels a reader sees for Vesterålen in 2024, on the fixture database."""
    database = Database(fixture_db_template)
    region = find_region(all_regions(database), "Vesterålen")
    found = [
        indicator_view(database, region, "barnehagelaerer_andel", 2024),
        indicator_view(database, region, "lederopplaering_andel", 2024),
        gap_view(database, region, 2024, None, GAPS[0]),
        programme_view(database, region, 2024, None),
        compare_view(database, CHOSEN, INDICATORS, 2024, region)[0],
        trend_view(database, CHOSEN, INDICATORS, region),
    ]
    yield region, found, build_views(database, region, 2024, DEFAULT_VIEWS)
    database.close()


FIGURE = re.compile(r"\d[\d\u00a0]*(?:,\d+)?")


def test_every_chart_has_a_description_and_every_figure_in_it_is_in_the_table_beside(panels):
    _, found, _ = panels
    charts = [(panel, chart) for panel in found for chart in panel.charts]
    assert len(charts) >= 6
    for panel, chart in charts:
        assert chart.description == chart.spec["description"]
        assert re.match(
            r"^(Søylediagram|Stablet søylediagram|Kart|Linjediagram|Søylediagrammer): ", chart.description
        )
        table = panel.table if panel.table is not None else pl.DataFrame()
        cells = {str(value) for row in table.rows() for value in row if value is not None}
        if chart.kind == "trend":  # earlier years: in the whole series beside the table (its download)
            values = panel.series["Verdi"].drop_nulls()
            cells |= {format_number(value, decimals) for value in values for decimals in (0, 1)}
        cells = " ".join(cells)
        said = chart.description.split(": ", 1)[1].split(". ", 1)[1]  # past the kind and the title
        said = re.sub(r"\b(19|20)\d\d\b", "", said)  # years
        for figure in FIGURE.findall(said):
            if figure in ("1", "2", "3", "4", "5", "6"):  # counts of hidden or missing cells
                continue
            assert figure in cells, (chart.kind, figure, chart.description)


def test_the_marks_are_out_of_the_accessibility_tree_and_the_chart_is_named_by_its_description(panels):
    _, found, _ = panels
    for panel in found:
        for chart in panel.charts:
            config = chart.spec["config"]
            assert not config["aria"] and not config["mark"]["aria"]
            assert chart.spec.get("title", {"aria": False})["aria"] is False


def test_each_chart_picture_in_the_meeting_pack_has_its_description_as_alt_text(panels):
    region, _, views = panels
    slides = list(Presentation(io.BytesIO(deck(region, views))).slides)[1:]
    for view, slide in zip(views, slides, strict=True):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        alt_text = pictures[0]._element.nvPicPr.cNvPr.get("descr")
        assert alt_text == view.chart_spec["description"] and alt_text
