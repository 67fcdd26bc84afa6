"""Login in the real app (AppTest): local users, OIDC, throttling, reading behind login, the admin page."""

import re

import pytest
from conftest import ADMIN, PASSWORD, add_user, fingerprint, opened
from streamlit.testing.v1 import AppTest
from test_app_pages import log_in, open_page

from kompetanse.access.settings import change_setting
from kompetanse.access.users import set_user_active
from kompetanse.store.db import Database

OIDC_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "kompetanse",
    "client_secret": "hemmelig",
    "server_metadata_url": "https://idp.example.no/.well-known/openid-configuration",
}


def sidebar_text(at: AppTest) -> str:
    return " ".join(element.value for element in at.sidebar.caption)


def page_titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def test_anyone_reads_without_logging_in_and_the_login_waits_in_the_sidebar(app_db):
    at = open_page()
    assert at.metric  # the key figures are shown
    assert [field.label for field in at.sidebar.text_input if field.label in ("Brukernavn", "Passord")] == [
        "Brukernavn",
        "Passord",
    ]


def test_a_user_logs_in_sees_who_they_are_and_logs_out(app_db):
    at = log_in(open_page())
    assert not at.exception
    assert "Innlogget: redaktor, redaktør for Vesterålen" in sidebar_text(at)
    next(button for button in at.sidebar.button if button.label == "Logg ut").click().run()
    assert "Innlogget" not in sidebar_text(at)


def test_a_wrong_password_says_so_without_telling_which_part_was_wrong(app_db):
    at = log_in(open_page(), "redaktor", "feil-passord")
    assert [error.value for error in at.error] == ["Feil brukernavn eller passord."]
    at = log_in(open_page(), "finnes-ikke", PASSWORD)
    assert [error.value for error in at.error] == ["Feil brukernavn eller passord."]


def test_after_five_failures_even_the_right_password_must_wait(app_db):
    at = open_page()
    for _ in range(5):
        log_in(at, "redaktor", "feil-passord")
    log_in(at, "redaktor", PASSWORD)
    # the wait (30 s) runs from the fifth attempt, so a slow machine may show 29
    assert re.match(r"For mange mislykkede forsøk\. Vent (29|30) sekunder", at.error[0].value)
    assert "Innlogget" not in sidebar_text(at)
    fresh = log_in(open_page(), "redaktor", PASSWORD)  # a new session is throttled too
    assert fresh.error[0].value.startswith("For mange mislykkede forsøk")


def test_when_reading_requires_login_only_the_login_is_shown_until_someone_logs_in(app_db):
    change_setting(opened(app_db), "view_requires_login", True, ADMIN)
    at = open_page()
    assert page_titles(at) == ["Kompetanse og rekruttering"]
    assert not at.metric and not at.dataframe
    assert "krever innlogging" in at.info[0].value
    log_in(at, "leser")
    assert at.metric and not at.exception


def test_a_user_an_admin_deactivates_loses_their_rights_on_the_next_run(app_db):
    at = log_in(open_page("importer"))
    assert at.get("file_uploader")
    database = Database(app_db)
    set_user_active(database, "redaktor", False, ADMIN)
    database.close()
    at.run()
    assert not at.get("file_uploader")
    assert "Innlogget" not in sidebar_text(at)


def test_with_oidc_configured_the_sidebar_offers_it_and_a_registered_email_gets_its_role(app_db):
    add_user(app_db, "kari", "editor", kommuner=["1870"], password=None, email="kari@sortland.kommune.no")
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.secrets["auth"] = OIDC_SECRETS
    at.run()
    assert "Logg inn med organisasjonskonto" in [button.label for button in at.sidebar.button]
    at.user = {"is_logged_in": True, "email": "kari@sortland.kommune.no", "name": "Kari Nilsen"}
    at.run()
    assert "Innlogget: kari, redaktør for Sortland" in sidebar_text(at)
    at.user = {"is_logged_in": True, "email": "ola@example.no", "name": "Ola"}
    at.run()
    assert "Innlogget: Ola, leser" in sidebar_text(at)


def test_only_an_admin_gets_the_administration_page(app_db):
    for visitor in (open_page(), log_in(open_page())):  # anonymous, then an editor
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            visitor.switch_page("pages/administrasjon.py")
    at = log_in(open_page(), "admin")
    at.switch_page("pages/administrasjon.py").run()
    assert not at.exception
    assert page_titles(at) == ["Administrasjon"]


def test_the_admin_sees_every_write_in_the_log_and_adds_a_user(app_db):
    at = log_in(open_page(), "admin")
    at.switch_page("pages/administrasjon.py").run()
    log = at.dataframe[0].value
    assert {"Tid", "Bruker", "Handling", "Detaljer"} <= set(log.columns)
    assert "Import" in log["Handling"].to_list() and "Bruker" in log["Handling"].to_list()
    before = fingerprint(app_db, ignore=("app_user", "audit_log"))
    next(f for f in at.text_input if f.label == "Brukernavn" and f.key is None and f.value == "").input(
        "kari"
    )
    next(s for s in at.selectbox if s.label == "Rolle").select("editor")
    next(m for m in at.multiselect if m.label == "Kommuner (for redaktører)").set_value(["1870"])
    next(f for f in at.text_input if f.label.startswith("Passord (minst")).input("kari-sitt-passord")
    next(b for b in at.button if b.label == "Lagre brukeren").click().run()
    assert [s.value for s in at.success] == ["Brukeren kari er lagret."]
    assert fingerprint(app_db, ignore=("app_user", "audit_log")) == before
    database = Database(app_db)
    assert database.sql("select role, kommuner from app_user where username = 'kari'").row(0) == (
        "editor",
        ["1870"],
    )
    assert database.sql("select username from audit_log order by audit_id desc limit 1").item() == (
        "admin (administrator)"
    )
    database.close()


def test_the_admin_changes_the_suppression_threshold_in_the_app(app_db):
    at = log_in(open_page(), "admin")
    at.switch_page("pages/administrasjon.py").run()
    next(n for n in at.number_input if n.label == "Skjul antall personer under").set_value(7)
    next(b for b in at.button if b.label == "Lagre innstillingene").click().run()
    assert [s.value for s in at.success] == ["Innstillingene er lagret."]
    database = Database(app_db)
    assert database.sql("select value from setting where key = 'min_persons'").item() == "7"
    database.close()
