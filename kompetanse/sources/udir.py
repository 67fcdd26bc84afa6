"""Udir Barnehagefakta: kommune-level barnehage staff and pedagogue-norm figures.

`GET {base}/Kommune/{kommunenummer}` (base `$KOMPETANSE_UDIR_API`, Udir's own
https://www.barnehagefakta.no/api) answers an object with `indikatorDataKommune` and
`indikatorDataNasjonalt`, each with the same 25 fields as a barnehage's `indikatorDataBarnehage`:
percentages 0-100 with one decimal, `null` where nothing applies. Udir publishes the percentages
only, so the rows carry a value and no teller or nevner. The national block is Udir's own figure
and becomes the 'landet' reference row.

The response does not state the reference year of the staff figures. Unless the caller gives
`year`, the year is taken from `foreldreundersokelsenArgang` of the national block (the year the
parent survey and the staff data are published for); see PROVENANCE.md for why that is an assumption.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.sources.http import HttpClient, RateLimiter
from kompetanse.sources.rows import MUNICIPAL_SCHEMA, REFERENCE_SCHEMA, SourceResult

UDIR_API_ENV = "KOMPETANSE_UDIR_API"
UDIR_API = "https://www.barnehagefakta.no/api"
SOURCE = "Udir Barnehagefakta"
SERVICE = "Udir (Barnehagefakta)"
MUNICIPAL, NATIONAL = "indikatorDataKommune", "indikatorDataNasjonalt"
YEAR_FIELD = "foreldreundersokelsenArgang"
# New catalogue indicators (tests/fixtures/api/new_indicators.csv) -> Barnehagefakta's field.
FIELDS = {
    "barnehagelaerer_ansatte_andel": "andelAnsatteBarnehagelarer",
    "pedagognorm_oppfylt_andel": "andelBarnehagerSomOppfyllerPedagognormen",
    "pedagognorm_dispensasjon_andel": "andelBarnehagerSomOppfyllerPedagognormenMedDispensasjon",
}
INDICATORS = tuple(FIELDS)


def udir_base_url() -> str:
    """Barnehagefakta's API base URL: `$KOMPETANSE_UDIR_API`, else Udir's own."""
    return os.environ.get(UDIR_API_ENV, UDIR_API).rstrip("/")


def _load(raw: bytes | dict, kommunenummer: str) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig")) if isinstance(raw, bytes) else raw
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or MUNICIPAL not in data:
        raise KompetanseError(
            _(
                "Svaret fra {service} for kommune {kommune} har ikke formen Udir bruker.",
                service=SERVICE,
                kommune=kommunenummer,
            )
        )
    return data


def _values(block: dict, where: str) -> dict[str, float | None]:
    values = {}
    for indicator, field in FIELDS.items():
        if field not in block:
            raise KompetanseError(
                _(
                    "Svaret fra {service} for {where} mangler feltet {field}; Udir kan ha endret det.",
                    service=SERVICE,
                    where=where,
                    field=field,
                )
            )
        value = block[field]
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100
        ):
            raise KompetanseError(
                _(
                    "{service} oppgir {field} = {value} for {where}; en andel må være 0–100.",
                    service=SERVICE,
                    field=field,
                    value=repr(value),
                    where=where,
                )
            )
        values[indicator] = None if value is None else float(value)
    return values


def _year(national: dict | None, year: int | None) -> int:
    if year is not None:
        return year
    text = str((national or {}).get(YEAR_FIELD) or "")
    if not text.isdigit():
        raise KompetanseError(
            _("Svaret fra {service} sier ikke hvilket år tallene gjelder; oppgi året.", service=SERVICE)
        )
    return int(text)


def _frame(rows: list[dict], key: str, schema: dict) -> pl.DataFrame:
    frame = pl.DataFrame(
        rows, schema={key: pl.String, "year": pl.Int32, "indicator_id": pl.String, "value": pl.Float64}
    )
    frame = frame.with_columns(
        numerator=pl.lit(None, dtype=pl.Float64),
        denominator=pl.lit(None, dtype=pl.Float64),
        source=pl.lit(SOURCE),
        status=pl.lit(None, dtype=pl.String),
    )
    return frame.select(list(schema)).cast(schema).sort(key, "year", "indicator_id")


def kommune_rows(
    responses: Mapping[str, bytes | dict], year: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(municipal rows, the 'landet' reference rows) from `/Kommune/{nr}` answers keyed by kommunenummer.

    A municipality whose block is `null`, or a field that is `null`, gives no row: it stays missing.
    """
    loaded = {kommunenummer: _load(raw, kommunenummer) for kommunenummer, raw in responses.items()}
    national = next(
        (data[NATIONAL] for data in loaded.values() if isinstance(data.get(NATIONAL), dict)), None
    )
    chosen = _year(national, year)
    municipal = []
    for kommunenummer, data in loaded.items():
        block = data[MUNICIPAL]
        if not isinstance(block, dict):
            continue
        for indicator, value in _values(block, _("kommune {kommune}", kommune=kommunenummer)).items():
            if value is not None:
                municipal.append(
                    {
                        "kommunenummer": kommunenummer,
                        "year": chosen,
                        "indicator_id": indicator,
                        "value": value,
                    }
                )
    reference = [
        {"group_id": "landet", "year": chosen, "indicator_id": indicator, "value": value}
        for indicator, value in (_values(national, _("landet")) if national else {}).items()
        if value is not None
    ]
    return _frame(municipal, "kommunenummer", MUNICIPAL_SCHEMA), _frame(
        reference, "group_id", REFERENCE_SCHEMA
    )


def udir_client() -> HttpClient:
    """An HTTP client for Barnehagefakta (no published limit; we send at most four requests a second)."""
    return HttpClient(SERVICE, RateLimiter(4, 1.0))


def fetch(
    kommuner: Sequence[str],
    year: int | None = None,
    http: HttpClient | None = None,
    base_url: str | None = None,
) -> SourceResult:
    """Fetch `/Kommune/{nr}` for each municipality and convert the answers."""
    http = http or udir_client()
    base = (base_url or udir_base_url()).rstrip("/")
    start = len(http.records)
    responses = {
        k: http.fetch_json(f"{base}/Kommune/{k}", _("for kommune {kommune}", kommune=k))
        for k in dict.fromkeys(kommuner)
    }
    municipal, reference = kommune_rows(responses, year)
    return SourceResult(
        SOURCE, "barnehagefakta", None, INDICATORS, municipal, reference, tuple(http.records[start:])
    )
