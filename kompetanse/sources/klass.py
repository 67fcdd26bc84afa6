"""SSB KLASS: today's municipalities (classification 131) and their KOSTRA groups (112 correspondsAt 131).

`GET {base}/classifications/131/codesAt?date=YYYY-MM-DD` answers `{"codes": [{"code", "name", ...}]}`;
`GET {base}/classifications/112/correspondsAt?targetClassificationId=131&date=...` answers
`{"correspondenceItems": [{"sourceCode": "EKG13", "sourceName": "KOSTRA-gruppe 13",
"targetCode": "0301", "targetName": "Oslo - Oslove", ...}]}`. The base URL is
`$KOMPETANSE_KLASS_API`. The KOSTRA group is a comparison group: its values come from SSB's
`EKGnn` rows in the KOSTRA tables, never from summing the members ourselves.
"""

from __future__ import annotations

import json
import os
from datetime import date

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.sources.http import FetchRecord, HttpClient, RateLimiter

KLASS_API_ENV = "KOMPETANSE_KLASS_API"
KLASS_API = "https://data.ssb.no/api/klass/v1"
MUNICIPALITIES, KOSTRA_GROUPS = "131", "112"
UNKNOWN_MUNICIPALITY = "9999"
GROUPS_SCHEMA = {
    "kommunenummer": pl.String,
    "group_code": pl.String,
    "group_name": pl.String,
    "valid_from": pl.Date,
}


def klass_base_url() -> str:
    """KLASS's base URL: `$KOMPETANSE_KLASS_API`, else SSB's own."""
    return os.environ.get(KLASS_API_ENV, KLASS_API).rstrip("/")


def _load(raw: bytes | dict, key: str, what: str) -> list[dict]:
    try:
        data = json.loads(raw.decode("utf-8-sig")) if isinstance(raw, bytes) else raw
        items = data[key]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        raise KompetanseError(
            _("Svaret fra KLASS for {what} har ikke formen KLASS bruker.", what=what)
        ) from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise KompetanseError(_("Svaret fra KLASS for {what} har ikke formen KLASS bruker.", what=what))
    return items


def municipalities(raw: bytes | dict) -> pl.DataFrame:
    """kommunenummer, name: the municipalities in a 131 `codesAt` answer (without 9999 Uoppgitt)."""
    items = _load(raw, "codes", "klassifikasjon 131")
    frame = pl.DataFrame(
        {
            "kommunenummer": [str(item.get("code", "")) for item in items],
            "name": [str(item.get("name", "")) for item in items],
        },
        schema={"kommunenummer": pl.String, "name": pl.String},
    )
    bad = frame.filter(~pl.col("kommunenummer").str.contains(r"^\d{4}$"))["kommunenummer"].to_list()
    if bad:
        raise KompetanseError(_("KLASS 131 har en kode som ikke er et kommunenummer: {code}.", code=bad[0]))
    return frame.filter(pl.col("kommunenummer") != UNKNOWN_MUNICIPALITY).sort("kommunenummer")


def kostra_groups(raw: bytes | dict, valid_from: date, known: pl.DataFrame | None = None) -> pl.DataFrame:
    """kommunenummer, group_code (EKG01-EKG17), group_name, valid_from from a 112 `correspondsAt` 131 answer.

    With `known` (the municipalities of the same date), a municipality KLASS 131 does not know is an error.
    """
    items = _load(raw, "correspondenceItems", "klassifikasjon 112")
    frame = pl.DataFrame(
        {
            "kommunenummer": [str(item.get("targetCode", "")) for item in items],
            "group_code": [str(item.get("sourceCode", "")) for item in items],
            "group_name": [str(item.get("sourceName", "")) for item in items],
        },
        schema={"kommunenummer": pl.String, "group_code": pl.String, "group_name": pl.String},
    ).with_columns(valid_from=pl.lit(valid_from, dtype=pl.Date))
    bad_group = frame.filter(~pl.col("group_code").str.contains(r"^EKG(0[1-9]|1[0-7])$"))["group_code"]
    if bad_group.len():
        raise KompetanseError(_("KLASS 112 har en KOSTRA-gruppe med ukjent kode: {code}.", code=bad_group[0]))
    bad_code = frame.filter(~pl.col("kommunenummer").str.contains(r"^\d{4}$"))["kommunenummer"]
    if bad_code.len():
        raise KompetanseError(
            _(
                "KLASS 112 knytter en KOSTRA-gruppe til noe som ikke er et kommunenummer: {code}.",
                code=bad_code[0],
            )
        )
    twice = frame.filter(pl.col("kommunenummer").is_duplicated())["kommunenummer"].unique().sort()
    if twice.len():
        raise KompetanseError(
            _(
                "KLASS 112 gir kommune {kommune} mer enn én KOSTRA-gruppe {date}.",
                kommune=twice[0],
                date=f"{valid_from:%d.%m.%Y}",
            )
        )
    if known is not None:
        unknown = frame.filter(~pl.col("kommunenummer").is_in(known["kommunenummer"].implode()))[
            "kommunenummer"
        ]
        if unknown.len():
            raise KompetanseError(
                _(
                    "KLASS 112 har kommune {kommune}, som KLASS 131 ikke kjenner {date}.",
                    kommune=unknown[0],
                    date=f"{valid_from:%d.%m.%Y}",
                )
            )
    return frame.select(list(GROUPS_SCHEMA)).sort("kommunenummer")


def klass_client() -> HttpClient:
    """An HTTP client for KLASS (no published limit; we keep to SSB's 30 a minute)."""
    return HttpClient("KLASS", RateLimiter(30, 60.0))


def fetch_kostra_groups(
    on: date, http: HttpClient | None = None, base_url: str | None = None
) -> tuple[pl.DataFrame, tuple[FetchRecord, ...]]:
    """Each municipality's KOSTRA group on a date, checked against that date's municipalities."""
    http = http or klass_client()
    base = (base_url or klass_base_url()).rstrip("/")
    start = len(http.records)
    day = on.isoformat()
    codes = http.fetch_json(
        f"{base}/classifications/{MUNICIPALITIES}/codesAt?date={day}&language=nb",
        _("for klassifikasjon {number}", number=MUNICIPALITIES),
    )
    groups = http.fetch_json(
        f"{base}/classifications/{KOSTRA_GROUPS}/correspondsAt?targetClassificationId={MUNICIPALITIES}&date={day}",
        _("for klassifikasjon {number}", number=KOSTRA_GROUPS),
    )
    frame = kostra_groups(groups, on, known=municipalities(codes))
    return frame, tuple(http.records[start:])
