"""One municipality in focus (?fremhev=1870, "Min kommune") and "Endring siden" (issue 15, item 9)."""

import pytest
from conftest import ADMIN, import_file
from test_app_pages import open_page, rows_of, specs

from kompetanse.charts.focus import FADED_COLOUR, FOCUS_COLOUR

NBSP = "\u00a0"


def bar_colour_test(spec: dict) -> dict:
    return spec["layer"][0]["encoding"]["color"]


def test_fremhev_draws_the_municipality_in_colour_and_the_others_grey_in_bars_and_trend(app_db):
    at = open_page("rekruttering", indikator="heltid_andel", fremhev="1870")
    assert next(box for box in at.selectbox if box.label == "Min kommune").value == "1870"
    bars, _, trend = specs(at)[:3]
    colour = bar_colour_test(bars)
    assert colour["condition"] == {"test": 'datum.name == "Sortland"', "value": FOCUS_COLOUR}
    assert colour["value"] == FADED_COLOUR
    assert "Sortland" in bars["layer"][0]["encoding"]["y"]["axis"]["labelFontWeight"]["expr"]
    scale = trend["layer"][0]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert colours.pop("Sortland") == FOCUS_COLOUR
    assert colours.pop("Vesterålen (regionen)") == "#000000"
    assert set(colours.values()) == {FADED_COLOUR}
    assert trend["layer"][-1]["encoding"]["text"]["field"] == "series"  # names at the line ends
    assert trend["layer"][0]["encoding"]["color"]["legend"] is None


def test_without_a_focus_every_bar_has_one_colour_and_trends_keep_their_palette(app_db):
    at = open_page("rekruttering", indikator="heltid_andel")
    bars, _, trend = specs(at)[:3]
    assert "color" not in bars["layer"][0]["encoding"]
    assert FADED_COLOUR not in trend["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert "fremhev" not in at.query_params


def test_choosing_min_kommune_in_the_sidebar_puts_it_in_the_url_and_greys_the_gap_chart(app_db):
    at = open_page("kompetansegap")
    next(box for box in at.selectbox if box.label == "Min kommune").select("1866").run()
    assert at.query_params["fremhev"] == "1866"
    gap = specs(at)[0]
    assert gap["encoding"]["opacity"]["condition"]["test"] == 'datum.name == "Hadsel"'


def test_a_focus_from_another_region_is_ignored(app_db):
    at = open_page("rekruttering", fremhev="0301")
    assert next(box for box in at.selectbox if box.label == "Min kommune").value == ""  # "Ingen"
    assert "color" not in specs(at)[0]["layer"][0]["encoding"]


@pytest.fixture
def three_years(app_db):
    """Andøy also has 2022 (8 of 20 = 40 %): the first year shown is now 2022."""
    path = app_db.parent / "2022.csv"
    path.write_text(
        "kommunenummer,år,indikator,verdi,teller,nevner,kilde\n1871,2022,barnehagelaerer_andel,,8,20,Test\n"
    )
    import_file(app_db, path, ADMIN)
    return app_db


def test_tables_show_the_change_since_the_first_year_shown(three_years):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel")
    table = rows_of(at, 3)
    # Andøy: 12/20 = 60 % in 2024, 10/20 = 50 % in 2023, 8/20 = 40 % in 2022.
    assert table["Andøy"]["Endring fra 2023"] == "+10,0"
    assert table["Andøy"]["Endring siden 2022"] == "+20,0"
    # Region 2024: (12+6+30+5+27+10) / (20+15+40+10+45+20) = 90/150 = 60 %; 2022: only Andøy, 40 %.
    assert table["Vesterålen (regionen)"]["Endring siden 2022"] == "+20,0"
    assert table["Hadsel"]["Endring siden 2022"] == ".."  # no figure in 2022


def test_the_user_picks_the_start_year_of_the_change(three_years):
    at = open_page("kompetansegap", indikator="barnehagelaerer_andel", siden="2022")
    assert "Endring siden 2022" in rows_of(at, 3)["Andøy"]
    box = next(box for box in at.selectbox if box.label == "Endring siden")
    assert box.options == ["2022", "2023"]
    box.select(2023).run()
    assert not any(column.startswith("Endring siden") for column in rows_of(at, 3)["Andøy"])
    assert "siden" in at.query_params
