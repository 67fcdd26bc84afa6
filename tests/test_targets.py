"""Targets for any indicator: progress on Oversikt, a line on the charts (issue 15, item 14)."""

import json
from datetime import datetime

import pytest
from conftest import ADMIN, fixture_user, opened
from test_app_pages import log_in, open_page, specs

from kompetanse.access.roles import User
from kompetanse.charts.style import TARGET_COLOUR
from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.views.presentasjon import build_views
from kompetanse.views.targets import Target, progress_text, remove_target, set_target, target_progress

NBSP = "\u00a0"
NEXT_YEAR = datetime.now().year + 1
VESTERALEN = {"region_id": "18009", "name": "Vesterålen", "slug": "vesteralen", "kind": "okonomisk_region"}


def target(db_path, indicator_id: str, value: float, year: int = NEXT_YEAR, user: User = ADMIN) -> None:
    set_target(opened(db_path), Target("18009", indicator_id, value, year), user)


def test_an_editor_sets_a_target_for_a_share_and_oversikt_shows_the_progress(app_db):
    # Vesterålen's heltid 2024: (20+4+30+5+45) / (50+8+60+20+90) = 104/228 = 45,6 %; Øksnes has none.
    target(app_db, "heltid_andel", 50, user=fixture_user(app_db, "redaktor"))
    at = open_page()
    (bar,) = at.get("progress")
    assert bar.proto.text == (
        f"Ansatte i heltidsstilling: 45,6{NBSP}% i 2024, mål 50,0{NBSP}% innen {NEXT_YEAR} "
        "(4,4 prosentpoeng igjen)."
    )
    assert bar.proto.value == int(104 / 228 / 0.5 * 100)  # 91 % of the way


def test_the_target_is_a_line_on_the_bars_and_the_trend(app_db):
    target(app_db, "heltid_andel", 50)
    at = open_page("rekruttering", indikator="heltid_andel")
    bars, _, trend = specs(at)[:3]
    rules = [layer for layer in bars["layer"] if layer["mark"]["type"] == "rule"]
    legend = rules[0]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["Vesterålen", "Landet", f"Mål {NEXT_YEAR}: 50,0{NBSP}%"]
    assert {"label": f"Mål {NEXT_YEAR}: 50,0{NBSP}%", "value": 50.0} in rules[0]["data"]["values"]
    lines = [layer for layer in trend["layer"] if layer["mark"].get("color") == TARGET_COLOUR]
    assert [layer["mark"]["type"] for layer in lines] == ["rule", "text"]
    assert lines[0]["data"]["values"] == [{"label": f"Mål {NEXT_YEAR}: 50,0{NBSP}%", "value": 50.0}]


def test_the_target_line_and_the_progress_reach_the_meeting_pack_too(app_db):
    target(app_db, "heltid_andel", 50)
    (panel,) = build_views(opened(app_db), VESTERALEN, 2024, ("bar:heltid_andel",))
    rules = [layer for layer in panel.charts[0].spec["layer"] if layer["mark"]["type"] == "rule"]
    assert {"label": f"Mål {NEXT_YEAR}: 50,0{NBSP}%", "value": 50.0} in rules[0]["data"]["values"]
    assert panel.headline.endswith(
        f"Ansatte i heltidsstilling: 45,6{NBSP}% i 2024, mål 50,0{NBSP}% innen {NEXT_YEAR} "
        "(4,4 prosentpoeng igjen)."
    )  # the progress, as on Oversikt


def test_a_target_for_a_count_is_progress_but_no_line_beside_single_municipalities(app_db):
    target(app_db, "laerlinger_antall", 100)
    at = open_page("rekruttering", indikator="laerlinger_antall")
    bars = specs(at)[0]
    assert "Mål" not in json.dumps(bars, ensure_ascii=False)
    # Vesterålen 2024: 10+6+26+7+28+7 = 84 apprentices
    texts = [bar.proto.text for bar in open_page().get("progress")]
    assert texts == [f"84 av 100 (84,0{NBSP}%) i 2024: lærlinger, mål innen {NEXT_YEAR}."]


@pytest.mark.parametrize(
    "current, text, share",
    [
        (8.0, f"Sykefravær: 8,0{NBSP}% i 2024, mål 6,0{NBSP}% innen 2030 (2,0 prosentpoeng igjen).", 75.0),
        (5.5, f"Sykefravær: 5,5{NBSP}% i 2024, mål 6,0{NBSP}% innen 2030 (målet er nådd).", 6 / 5.5 * 100),
    ],
)
def test_progress_towards_a_lower_is_better_target_counts_down(current, text, share):
    indicator = {"unit": "prosent", "name": "Sykefravær", "higher_is_better": False, "aggregation": "forhold"}
    found_share, found_text = progress_text(
        indicator, {"target_value": 6.0, "target_year": 2030}, current, 2024
    )
    assert found_text == text and found_share == pytest.approx(share)


def test_a_target_can_be_removed_and_only_by_the_regions_editors(fixture_db):
    target(fixture_db, "heltid_andel", 50)
    with pytest.raises(AccessDenied):
        remove_target(opened(fixture_db), "18009", "heltid_andel", fixture_user(fixture_db, "sortland"))
    remove_target(opened(fixture_db), "18009", "heltid_andel", fixture_user(fixture_db, "redaktor"))
    assert target_progress(opened(fixture_db), VESTERALEN, None) == []
    with pytest.raises(KompetanseError, match="har ikke noe mål"):
        remove_target(opened(fixture_db), "18009", "heltid_andel", ADMIN)


def test_an_editor_sets_a_target_for_any_indicator_on_oversikt(app_db):
    at = log_in(open_page())
    next(box for box in at.selectbox if box.label == "Indikator").select("heltid_andel")
    next(field for field in at.number_input if field.label == "Mål").set_value(50.0)
    next(b for b in at.button if b.label == "Lagre mål").click().run()
    assert not at.exception
    assert at.get("progress")[0].proto.text.startswith("Ansatte i heltidsstilling: 45,6")
