"""The accessibility statement (issue 17, item 3): the level met, what is not met, how to report it."""

from __future__ import annotations

from test_app_pages import open_page

from kompetanse.views.tilgjengelighet import (
    BREACHES,
    CONTACT_ENV_VAR,
    OWNER_ENV_VAR,
    REQUIREMENTS,
    statement,
)


def test_the_status_counts_each_criterion_broken_once_as_uustatus_does():
    # Two entries are 1.4.11 (the map and the form fields) and one is 1.4.13: two criteria of 47.
    assert sorted(breach.criterion.split()[0] for breach in BREACHES) == ["1.4.11", "1.4.11", "1.4.13"]
    assert statement({}).status == (
        "Løsningen er delvis i samsvar med kravene til universell utforming av IKT "
        f"(WCAG 2.1 nivå A og AA). Det er brudd på 2 av {REQUIREMENTS} krav."
    )


def test_the_operator_names_the_owner_and_the_contact_and_without_them_the_page_still_says_whom_to_ask():
    chosen = statement({OWNER_ENV_VAR: "Vesterålen regionråd", CONTACT_ENV_VAR: "uu@vesteralen.example"})
    assert (chosen.owner, chosen.contact) == ("Vesterålen regionråd", "uu@vesteralen.example")
    fallback = statement({})
    assert "koordinatoren" in fallback.contact and fallback.owner


def test_the_page_states_the_level_the_breaches_how_to_report_and_how_to_complain(app_db, monkeypatch):
    monkeypatch.setenv(CONTACT_ENV_VAR, "[Skriv hit](https://evil.example) uu@vesteralen.example")
    at = open_page("tilgjengelighet")
    headers = [header.value for header in at.header]
    assert headers == [
        "I hvilken grad er løsningen i samsvar med kravene?",
        "Hva betyr bruddene for brukerne?",
        "Meld fra om brudd på kravene",
        "Klage",
        "Innhold som ikke er universelt utformet",
        "Ikke kontrollert",
        "Slik har vi testet",
    ]
    assert [sub.value for sub in at.subheader] == [breach.criterion for breach in BREACHES]
    text = " ".join(block.value for block in at.markdown)
    assert "delvis i samsvar" in text and "Diskrimineringsnemnda" in text and "axe-core" in text
    # The operator's contact text is shown as plain text (st.text), never as a Markdown link.
    assert "[Skriv hit](https://evil.example) uu@vesteralen.example" in [block.value for block in at.text]
    assert "evil.example" not in text
