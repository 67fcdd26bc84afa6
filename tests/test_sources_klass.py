# ruff: noqa: F811  (the api_server fixture is imported from fixture_server)
"""KLASS via the fixture server: the real 131 codesAt answer, and 112 correspondsAt 131 (KOSTRA groups)."""

from datetime import date

import pytest
from fixture_server import API, Fault, api_server, quick_http  # noqa: F401

from kompetanse.errors import KompetanseError
from kompetanse.sources import klass

ON = date(2026, 1, 1)


def item(kommune, group="EKG02"):
    return {
        "sourceCode": group,
        "sourceName": f"KOSTRA-gruppe {group[3:]}",
        "sourceShortName": "",
        "targetCode": kommune,
        "targetName": "",
        "targetShortName": "",
    }


def test_the_real_131_answer_lists_357_municipalities_without_uoppgitt():
    frame = klass.municipalities((API / "klass" / "131_codesAt_2026-01-01.json").read_bytes())
    assert frame.height == 357
    assert "9999" not in set(frame["kommunenummer"])
    names = dict(zip(frame["kommunenummer"], frame["name"]))
    assert (names["1870"], names["5503"]) == ("Sortland - Suortá", "Harstad - Hárstták")


def test_kostra_groups_come_from_112_corresponds_at_131_with_their_date(api_server):
    frame, records = klass.fetch_kostra_groups(ON, http=quick_http("KLASS"))
    groups = {
        row["kommunenummer"]: (row["group_code"], row["group_name"]) for row in frame.iter_rows(named=True)
    }
    assert groups["0301"] == ("EKG13", "KOSTRA-gruppe 13")
    assert groups["1870"] == ("EKG02", "KOSTRA-gruppe 2")
    assert set(frame["valid_from"]) == {ON}
    assert frame.columns == ["kommunenummer", "group_code", "group_name", "valid_from"]
    (correspondence,) = api_server.requested("/klass/classifications/112/correspondsAt")
    assert correspondence.query == {"targetClassificationId": "131", "date": "2026-01-01"}
    assert [record.status for record in records] == [200, 200]


@pytest.mark.parametrize(
    "items, message",
    [
        ([item("1866", "EKG18")], "KLASS 112 har en KOSTRA-gruppe med ukjent kode: EKG18."),
        (
            [item("1866"), item("1866", "EKG05")],
            "KLASS 112 gir kommune 1866 mer enn én KOSTRA-gruppe 01.01.2026.",
        ),
        ([item("EAK")], "KLASS 112 knytter en KOSTRA-gruppe til noe som ikke er et kommunenummer: EAK."),
        ([item("1903")], "KLASS 112 har kommune 1903, som KLASS 131 ikke kjenner 01.01.2026."),
    ],
)
def test_a_correspondence_that_does_not_add_up_is_refused(items, message):
    known = klass.municipalities((API / "klass" / "131_codesAt_2026-01-01.json").read_bytes())
    with pytest.raises(KompetanseError) as error:
        klass.kostra_groups({"correspondenceItems": items}, ON, known=known)
    assert str(error.value) == message


def test_an_answer_without_correspondence_items_is_a_clear_error():
    with pytest.raises(
        KompetanseError, match="Svaret fra KLASS for klassifikasjon 112 har ikke formen KLASS bruker"
    ):
        klass.kostra_groups(b'{"codes": []}', ON)


def test_a_klass_server_error_is_retried_and_a_lasting_one_names_the_classification(api_server):
    api_server.fail("/klass/classifications/112", Fault(502))
    frame, _ = klass.fetch_kostra_groups(ON, http=quick_http("KLASS"))
    assert frame.height == 9
    api_server.fail("/klass/classifications/112", *[Fault(500)] * 3)
    with pytest.raises(KompetanseError) as error:
        klass.fetch_kostra_groups(ON, http=quick_http("KLASS"))
    assert str(error.value) == "KLASS svarte med feil 500 for klassifikasjon 112."
