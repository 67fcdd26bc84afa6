"""Who may change what: roles, municipality scopes, passwords, throttling and the log of every write."""

import subprocess
import sys
from datetime import date

import pytest
from conftest import ADMIN, PASSWORD, add_user, fingerprint, fixture_user, opened
from test_cli import REPO

from kompetanse.access.audit import audit_log
from kompetanse.access.networks import plan_network, save_network
from kompetanse.access.passwords import hash_password, password_matches
from kompetanse.access.throttle import LoginThrottle, address_key
from kompetanse.access.users import authenticate, plan_user, save_user, set_user_active, user_for_email, users
from kompetanse.errors import AccessDenied, KompetanseError
from kompetanse.ingest.imports import ImportRejected, apply_import, plan_import, undo_import
from kompetanse.store.db import Database, open_database
from kompetanse.views.innspill import MeetingInputs, add_inputs
from kompetanse.views.tiltak import save_entry

HEADER = "kommunenummer,år,indikator,verdi,teller,nevner,kilde"
SORTLAND_ROW = "1870,2024,laerlinger_antall,12,,,Egen telling"
HADSEL_ROW = "1866,2024,laerlinger_antall,31,,,Egen telling"
ENTRY = {
    "title": "Heltid i Sortland",
    "kommunenummer": "1870",
    "programme": "Egen satsing",
    "themes": ["rekruttering"],
    "need": "Mange små stillinger.",
    "measures": "Lengre vakter.",
}


def plan(db_path, rows: list[str], user):
    database = open_database(db_path)
    try:
        return plan_import("\n".join([HEADER, *rows]).encode(), "tall.csv", database, user)
    finally:
        database.close()


def log_of(db_path) -> list[dict]:
    database = Database(db_path)
    try:
        return audit_log(database).to_dicts()
    finally:
        database.close()


# Passwords


def test_a_password_is_stored_as_a_salted_argon2_hash_that_only_the_right_password_matches():
    first, second = hash_password("et langt passord"), hash_password("et langt passord")
    assert first.startswith("$argon2id$") and first != second  # salted
    assert password_matches(first, "et langt passord")
    assert not password_matches(first, "et langt passorD")
    assert not password_matches(None, "et langt passord")
    assert not password_matches("ikke en hash", "et langt passord")


def test_the_stored_user_row_holds_a_hash_never_the_password(fixture_db):
    database = Database(fixture_db)
    rows = users(database)
    database.close()
    assert PASSWORD not in str(rows.to_dicts())
    assert all(value.startswith("$argon2id$") for value in rows["password_hash"])


@pytest.mark.parametrize(
    "username, password, expected",
    [
        ("redaktor", PASSWORD, "redaktor"),
        ("REDAKTOR ", PASSWORD, "redaktor"),
        ("redaktor", "feil", None),
        ("finnes-ikke", PASSWORD, None),
        ("admin' --", PASSWORD, None),
        ("", "", None),
    ],
)
def test_login_accepts_only_an_existing_user_with_the_right_password(
    fixture_db, username, password, expected
):
    database = Database(fixture_db)
    user = authenticate(database, username, password)
    database.close()
    assert (user.username if user else None) == expected


def test_a_deactivated_user_cannot_log_in(fixture_db):
    database = Database(fixture_db)
    set_user_active(database, "sortland", False, ADMIN)
    database.close()
    database = Database(fixture_db)
    assert authenticate(database, "sortland", PASSWORD) is None
    database.close()


@pytest.mark.parametrize(
    "username, role, kommuner, message",
    [
        ("Ola Nordmann", "editor", ["1870"], "Brukernavnet må ha 2–64 tegn"),
        ("ola", "sjef", [], "Ukjent rolle «sjef»"),
        ("ola", "editor", [], "En redaktør må ha minst én kommune"),
        ("ola", "reader", ["1870"], "Bare redaktører har kommuner"),
        ("ola", "editor", ["9999"], "Kommunenummer 9999 finnes ikke."),
    ],
)
def test_a_new_user_is_checked_before_it_is_saved(fixture_db, username, role, kommuner, message):
    database = Database(fixture_db)
    try:
        with pytest.raises(KompetanseError, match=message):
            plan_user(database, username, role, kommuner=kommuner)
    finally:
        database.close()


def test_an_editor_cannot_create_users_and_a_short_password_is_refused(fixture_db):
    before = fingerprint(fixture_db)
    database = Database(fixture_db)
    row = plan_user(database, "ny", "admin")
    with pytest.raises(AccessDenied, match="Bare en administrator"):
        save_user(database, row, "langt-nok-passord", fixture_user(fixture_db, "redaktor"))
    with pytest.raises(KompetanseError, match="minst 10 tegn"):
        save_user(database, row, "kort", ADMIN)
    database.close()
    assert fingerprint(fixture_db) == before


def test_an_oidc_login_gets_the_role_of_its_registered_email_and_anyone_else_is_a_reader(fixture_db):
    add_user(fixture_db, "kari", "editor", kommuner=["1870"], password=None, email="Kari@Sortland.Kommune.no")
    database = Database(fixture_db)
    kari = user_for_email(database, "kari@sortland.kommune.no", "Kari")
    stranger = user_for_email(database, "ola@example.no", "Ola")
    database.close()
    assert (kari.username, kari.role, kari.kommuner, kari.via) == ("kari", "editor", {"1870"}, "oidc")
    assert (stranger.role, stranger.can_write) == ("reader", False)


# Throttling


def test_login_is_throttled_after_five_failures_and_the_wait_doubles(tmp_path):
    now = [1000.0]
    throttle = LoginThrottle(tmp_path / "innlogging.sqlite3", clock=lambda: now[0])
    for _ in range(5):  # five attempts are free (the fifth sets the wait for the sixth)
        assert throttle.attempt("ola", "10.0.0.1") == 0
    assert throttle.attempt("ola", "10.0.0.1") == 30
    now[0] += 30
    assert throttle.attempt("ola", "10.0.0.1") == 0
    assert throttle.attempt("ola", "10.0.0.1") == 60
    assert throttle.attempt("kari", "10.0.0.1") == 0  # other names are not slowed down
    now[0] += 60
    throttle.succeeded("ola", "10.0.0.1")
    assert throttle.attempt("ola", "10.0.0.1") == 0


def test_the_wait_never_grows_beyond_fifteen_minutes(tmp_path):
    now = [0.0]
    throttle = LoginThrottle(tmp_path / "innlogging.sqlite3", clock=lambda: now[0], free_per_address=1000)
    counted = 0
    while counted < 40:  # forty failures, each after waiting out the wait before it
        wait = throttle.attempt("ola", "10.0.0.1")
        now[0] += wait
        counted += wait == 0
    assert throttle.attempt("ola", "10.0.0.1") == 900


# Scopes


def test_an_editor_imports_figures_for_their_own_municipality(fixture_db):
    sortland = fixture_user(fixture_db, "sortland")
    summary = apply_import(opened(fixture_db), plan(fixture_db, [SORTLAND_ROW], sortland), user=sortland)
    assert summary.rows_changed + summary.rows_new == 1


def test_an_import_with_rows_for_other_municipalities_is_refused_and_names_them(fixture_db):
    before = fingerprint(fixture_db)
    sortland = fixture_user(fixture_db, "sortland")
    with pytest.raises(ImportRejected) as refused:
        plan(fixture_db, [SORTLAND_ROW, HADSEL_ROW, "1868,2024,laerlinger_antall,9,,,x"], sortland)
    assert [(problem.line, problem.message) for problem in refused.value.problems] == [
        (3, "Du kan ikke importere tall for Hadsel (1866). Du er redaktør for Sortland (1870)."),
        (4, "Du kan ikke importere tall for Øksnes (1868). Du er redaktør for Sortland (1870)."),
    ]
    assert fingerprint(fixture_db) == before


def test_an_editor_of_a_region_may_import_for_every_municipality_in_it(fixture_db):
    redaktor = fixture_user(fixture_db, "redaktor")
    apply_import(opened(fixture_db), plan(fixture_db, [SORTLAND_ROW, HADSEL_ROW], redaktor), user=redaktor)
    with pytest.raises(ImportRejected, match=r"Oslo \(0301\)"):
        plan(fixture_db, ["0301,2024,laerlinger_antall,9,,,x"], redaktor)


def test_a_reader_and_an_anonymous_visitor_cannot_import(fixture_db):
    with pytest.raises(AccessDenied, match="leser og kan ikke importere"):
        plan(fixture_db, [SORTLAND_ROW], fixture_user(fixture_db, "leser"))
    with pytest.raises(AccessDenied, match="logge inn"):
        plan(fixture_db, [SORTLAND_ROW], None)


def test_a_plan_made_for_one_user_cannot_be_written_by_another(fixture_db):
    before = fingerprint(fixture_db)
    planned = plan(fixture_db, [SORTLAND_ROW], fixture_user(fixture_db, "sortland"))
    with pytest.raises(AccessDenied, match="en annen bruker"):
        apply_import(opened(fixture_db), planned, user=fixture_user(fixture_db, "redaktor"))
    assert fingerprint(fixture_db) == before


def test_an_editor_undoes_only_their_own_imports_and_an_admin_any(fixture_db):
    sortland, redaktor = fixture_user(fixture_db, "sortland"), fixture_user(fixture_db, "redaktor")
    mine = apply_import(opened(fixture_db), plan(fixture_db, [SORTLAND_ROW], sortland), user=sortland)
    with pytest.raises(AccessDenied, match=f"Import nr. {mine.import_id} ble gjort av sortland"):
        undo_import(opened(fixture_db), mine.import_id, user=redaktor)
    assert "er angret" in undo_import(opened(fixture_db), mine.import_id, user=sortland)
    theirs = apply_import(opened(fixture_db), plan(fixture_db, [HADSEL_ROW], redaktor), user=redaktor)
    assert "er angret" in undo_import(
        opened(fixture_db), theirs.import_id, user=fixture_user(fixture_db, "admin")
    )


def test_an_editor_saves_project_entries_and_inputs_only_for_their_municipalities(fixture_db):
    sortland = fixture_user(fixture_db, "sortland")
    database = Database(fixture_db)
    try:
        assert save_entry(database, ENTRY, sortland)
        with pytest.raises(AccessDenied, match="Hadsel"):
            save_entry(database, {**ENTRY, "kommunenummer": "1866"}, sortland)
        with pytest.raises(AccessDenied, match=r"Lødingen \(1851\), Hadsel"):
            save_entry(database, {**ENTRY, "kommunenummer": None, "region_id": "18009"}, sortland)
        with pytest.raises(AccessDenied, match="Hadsel"):
            add_inputs(
                database, MeetingInputs("1866", "Skole", date(2025, 3, 1), "i_dag", ("Turnover",)), sortland
            )
    finally:
        database.close()


def test_an_editor_cannot_take_over_an_entry_that_belongs_to_another_municipality(fixture_db):
    database = Database(fixture_db)
    hadsel = fixture_user(fixture_db, "redaktor")
    entry_id = save_entry(database, {**ENTRY, "kommunenummer": "1866"}, hadsel)
    database.close()
    database = Database(fixture_db)
    with pytest.raises(AccessDenied, match="Hadsel"):
        save_entry(database, {**ENTRY, "entry_id": entry_id}, fixture_user(fixture_db, "sortland"))
    database.close()


def test_only_an_admin_defines_networks(fixture_db):
    database = Database(fixture_db)
    network = plan_network(database, "Kystnettverket", ["Øksnes", "Bø"])
    database.close()
    with pytest.raises(AccessDenied, match="Bare en administrator kan lage eller endre nettverk"):
        save_network(opened(fixture_db), network, fixture_user(fixture_db, "redaktor"))
    save_network(opened(fixture_db), network, fixture_user(fixture_db, "admin"))


# The log of every write


def test_every_write_is_logged_with_the_user_and_time_and_a_refused_one_is_not(fixture_db):
    sortland = fixture_user(fixture_db, "sortland")
    before = len(log_of(fixture_db))
    apply_import(opened(fixture_db), plan(fixture_db, [SORTLAND_ROW], sortland), user=sortland)
    database = Database(fixture_db)
    save_entry(database, ENTRY, sortland)
    database.close()
    with pytest.raises(ImportRejected):
        plan(fixture_db, [HADSEL_ROW], sortland)
    log = log_of(fixture_db)
    assert len(log) == before + 2
    newest, previous = log[0], log[1]
    assert (newest["username"], newest["action"]) == ("sortland (redaktør)", "tiltak")
    assert (previous["username"], previous["action"]) == ("sortland (redaktør)", "import")
    assert previous["detail"] == "tall.csv: 0 nye, 1 endret"
    assert newest["logged_at"].date() == date.today()


# The command line


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kompetanse", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.server
def test_the_command_line_adds_lists_and_disables_users(fixture_db):
    added = run_cli(
        "user",
        "add",
        "kari",
        "--role",
        "editor",
        "--kommune",
        "Sortland",
        "--region",
        "vesteralen",
        "--password-stdin",
        "--db",
        str(fixture_db),
        stdin="kari-sitt-passord\n",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Lagret brukeren kari (redaktør for Sortland (1870), Vesterålen)."
    database = Database(fixture_db)
    assert authenticate(database, "kari", "kari-sitt-passord").regions == {"18009"}
    database.close()
    listed = run_cli("user", "list", "--db", str(fixture_db))
    assert "kari" in listed.stdout and "Sortland (1870), Vesterålen" in listed.stdout
    assert "18009" not in listed.stdout
    assert run_cli("user", "disable", "kari", "--db", str(fixture_db)).returncode == 0
    database = Database(fixture_db)
    assert authenticate(database, "kari", "kari-sitt-passord") is None
    database.close()
    audit = run_cli("audit", "--db", str(fixture_db))
    assert "cli:" in audit.stdout and "kari: deaktivert" in audit.stdout


@pytest.mark.server
def test_the_command_line_refuses_a_bad_user_in_norwegian_without_a_traceback(fixture_db):
    before = fingerprint(fixture_db)
    result = run_cli(
        "user",
        "add",
        "kari",
        "--role",
        "editor",
        "--password-stdin",
        "--db",
        str(fixture_db),
        stdin="kari-sitt-passord\n",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "En redaktør må ha minst én kommune (--kommune) eller region (--region)."
    assert fingerprint(fixture_db) == before


@pytest.mark.server
def test_settings_are_shown_and_changed_on_the_command_line_and_refused_when_out_of_range(fixture_db):
    shown = run_cli("settings", "--db", str(fixture_db))
    assert "min_persons           5" in shown.stdout
    changed = run_cli("settings", "min_persons", "3", "--db", str(fixture_db))
    assert changed.returncode == 0 and "min_persons           3" in changed.stdout
    refused = run_cli("settings", "min_persons", "0", "--db", str(fixture_db))
    assert refused.returncode == 1
    assert "må være et heltall fra 1 til 100" in refused.stderr


@pytest.mark.parametrize(
    "address, counted_as",
    [
        (None, "lokal"),
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),  # the same household or server
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_the_throttle_counts_an_ipv6_client_by_its_64_and_a_mapped_ipv4_as_ipv4(address, counted_as):
    assert address_key(address) == counted_as


def test_a_new_ipv6_address_in_the_same_64_does_not_start_afresh(tmp_path):
    throttle = LoginThrottle(tmp_path / "innlogging.sqlite3")
    for host in range(5):
        throttle.attempt("admin", f"2001:db8:1:2::{host + 1}")
    assert throttle.attempt("admin", "2001:db8:1:2::99") > 0
    assert throttle.attempt("admin", "2001:db8:1:3::1") == 0
