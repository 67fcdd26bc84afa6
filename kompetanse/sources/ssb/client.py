"""SSB's PxWebApi v2: fetch a table's metadata and its data, in pieces SSB accepts.

SSB's limits (PxWebApi v2 user guide and /config; janbrus/pxwebapi-skills, verified 2026-09):
at most 800 000 cells per extract (empty cells count), 30 requests per minute in the user guide
(the `x-ratelimit-policy` header said 40 per 60 s in September 2026; we keep to the lower
figure), and GET URLs longer than about 2 100 characters answer an HTML 404. So a long code
list goes by POST (`{"selection": [{"variableCode", "valueCodes", "codelist"}]}`), and a
selection larger than the cell limit is split on its region dimension into several requests.
The base URL is `$KOMPETANSE_SSB_API` (tests point it at a local server).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.sources.http import HttpClient, RateLimiter
from kompetanse.sources.ssb.metadata import LabelMoved, TableMetadata, read_metadata

SSB_API_ENV = "KOMPETANSE_SSB_API"  # tests point it at the fixture server
SSB_API = "https://data.ssb.no/api/pxwebapi/v2"
MAX_CELLS = 800_000
MAX_GET_URL = 2_000  # characters; SSB's GET fails at about 2 100
CALLS_PER_MINUTE = 30


@dataclass(frozen=True)
class Select:
    """The codes asked for in one variable, optionally through one of the table's code lists."""

    variable: str
    codes: tuple[str, ...]
    codelist: str | None = None


def ssb_base_url() -> str:
    """The PxWebApi v2 base URL: `$KOMPETANSE_SSB_API`, else SSB's own."""
    return os.environ.get(SSB_API_ENV, SSB_API).rstrip("/")


def unique(codes: Sequence[str]) -> tuple[str, ...]:
    """Codes once each, in order: SSB answers 500 with an empty body to a code asked for twice."""
    return tuple(dict.fromkeys(codes))


def ordered_selection(
    meta: TableMetadata, chosen: Mapping[str, Sequence[str]], codelists: Mapping[str, str] | None = None
) -> list[Select]:
    """The selection in the table's own variable order; a variable SSB now requires stops the update."""
    for variable in chosen:
        meta.dimension(variable)
    required = [d for d in meta.dimensions.values() if d.id not in chosen and not d.elimination]
    if required:
        raise LabelMoved(
            _(
                "Tabell {table} har fått variabelen «{variable}», som må velges. "
                "SSB kan ha endret tabellen; ingenting ble hentet.",
                table=meta.table,
                variable=required[0].label,
            )
        )
    return [Select(v, tuple(chosen[v]), (codelists or {}).get(v)) for v in meta.order if v in chosen]


def cell_count(selection: Sequence[Select]) -> int:
    """Cells an extract will have (SSB counts empty cells too)."""
    return prod(len(part.codes) for part in selection)


def split_selection(selection: Sequence[Select], split: str, max_cells: int) -> list[list[Select]]:
    """The selection as several, each within `max_cells`, by cutting the codes of variable `split`."""
    if cell_count(selection) <= max_cells:
        return [list(selection)]
    target = next((part for part in selection if part.variable == split), None)
    others = prod(len(part.codes) for part in selection if part.variable != split)
    if target is None or others > max_cells:
        raise KompetanseError(
            _(
                "Utvalget har {cells} celler, mer enn SSB gir i én spørring ({most}), "
                "og kan ikke deles opp. Hent færre år om gangen.",
                cells=cell_count(selection),
                most=max_cells,
            )
        )
    per_chunk = max(1, max_cells // others)
    pieces = [target.codes[i : i + per_chunk] for i in range(0, len(target.codes), per_chunk)]
    return [
        [
            Select(part.variable, piece, part.codelist) if part.variable == split else part
            for part in selection
        ]
        for piece in pieces
    ]


def data_url(base: str, table: str, selection: Sequence[Select]) -> str:
    """The GET URL for an extract (brackets and commas as SSB's own examples write them)."""
    quote = lambda text: urllib.parse.quote(text, safe="*()-")
    parts = ["lang=no", "outputFormat=json-stat2"]
    for part in selection:
        parts.append(f"valueCodes[{quote(part.variable)}]={','.join(quote(code) for code in part.codes)}")
        if part.codelist:
            parts.append(f"codelist[{quote(part.variable)}]={quote(part.codelist)}")
    return f"{base}/tables/{table}/data?{'&'.join(parts)}"


def post_body(selection: Sequence[Select]) -> dict:
    """The POST body for an extract, as in SSB's v2 examples."""
    items = []
    for part in selection:
        item = {"variableCode": part.variable, "valueCodes": list(part.codes)}
        if part.codelist:
            item["codelist"] = part.codelist
        items.append(item)
    return {"selection": items}


class SsbClient:
    """Metadata and data from PxWebApi v2, with SSB's limits kept and every response recorded."""

    def __init__(
        self,
        base_url: str | None = None,
        http: HttpClient | None = None,
        max_cells: int = MAX_CELLS,
        max_get_url: int = MAX_GET_URL,
    ):
        self.base_url = (base_url or ssb_base_url()).rstrip("/")
        self.http = http or HttpClient("SSB", RateLimiter(CALLS_PER_MINUTE, 60.0))
        self.max_cells = max_cells
        self.max_get_url = max_get_url

    @property
    def records(self):
        """Every response so far (URL, fetched-at, status, `updated`, SHA-256)."""
        return self.http.records

    def metadata(self, table: str, codelists: dict[str, str] | None = None) -> TableMetadata:
        """The table's metadata, optionally with a code list applied to a variable."""
        query = "lang=no&outputFormat=json-stat2" + "".join(
            f"&codelist[{variable}]={codelist}" for variable, codelist in (codelists or {}).items()
        )
        url = f"{self.base_url}/tables/{table}/metadata?{query}"
        return read_metadata(self.http.fetch_json(url, _("for tabell {table}", table=table)), table)

    def data(self, table: str, selection: Sequence[Select], split: str) -> list[bytes]:
        """The extract as JSON-stat 2 responses, split on variable `split` to stay within the cell limit."""
        cleaned = [Select(part.variable, unique(part.codes), part.codelist) for part in selection]
        empty = [part.variable for part in cleaned if not part.codes]
        if empty:
            raise KompetanseError(
                _(
                    "Ingen koder å spørre tabell {table} om i variabelen {variable}.",
                    table=table,
                    variable=empty[0],
                )
            )
        what = _("for tabell {table}", table=table)
        bodies = []
        for piece in split_selection(cleaned, split, self.max_cells):
            url = data_url(self.base_url, table, piece)
            if len(url) <= self.max_get_url:
                raw = self.http.fetch(url, what)
            else:
                post_url = f"{self.base_url}/tables/{table}/data?lang=no&outputFormat=json-stat2"
                raw = self.http.fetch(post_url, what, body=post_body(piece))
            try:
                json.loads(raw.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError):
                raise KompetanseError(
                    _(
                        "{service} sendte et ufullstendig eller ødelagt svar {what}. Prøv igjen senere.",
                        service="SSB",
                        what=what,
                    )
                ) from None
            bodies.append(raw)
        return bodies
