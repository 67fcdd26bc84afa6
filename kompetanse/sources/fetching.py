"""Fetch every official source into one bundle, touching no database: the adapters' rows and their records.

A source is `ssb` (tables 12562, 14534, 07459 and 14746), `klass` (KLASS 112: each municipality's
KOSTRA group) or `udir` (Barnehagefakta, one request per municipality). Each table is fetched by
its adapter and reported to `progress` response by response, so the command line and the app can
draw a bar per table. Any failure stops the whole fetch with the adapter's Norwegian message: an
update is written whole or not at all, so there is no point fetching on after one table failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _
from kompetanse.sources import klass, udir
from kompetanse.sources.http import FetchRecord, HttpClient, RateLimiter
from kompetanse.sources.rows import MUNICIPAL_SCHEMA, REFERENCE_SCHEMA, empty
from kompetanse.sources.ssb import kostra_barnehage, omsorg_arsverk, population_07459, projection
from kompetanse.sources.ssb.client import CALLS_PER_MINUTE, SsbClient

SOURCES = ("ssb", "klass", "udir")
SOURCE_NAMES = {"ssb": "SSB", "klass": "SSB KLASS", "udir": "Udir Barnehagefakta"}
OPEN_AGE = 100  # projections: age 100 counts everyone 100 and older (as the example projections)
PROJECTION_SERIES, KOSTRA_SERIES = "befolkningsframskriving", "kostragrupper"
# What each source fetches, in order: (label, table id) as the progress bar and the log name them.
TABLES = {
    "ssb": (
        (kostra_barnehage.SOURCE, kostra_barnehage.TABLE),
        (omsorg_arsverk.SOURCE, omsorg_arsverk.TABLE),
        (population_07459.SOURCE, population_07459.TABLE),
        (f"SSB tabell {projection.TABLE}", projection.TABLE),
    ),
    "klass": (("SSB KLASS 112", "112"),),
    "udir": ((udir.SOURCE, "barnehagefakta"),),
}


@dataclass(frozen=True)
class Step:
    """Where a fetch is: table `index` of `tables`, its responses so far, and whether it is done."""

    table: str
    index: int
    tables: int
    responses: int
    expected: int | None  # responses expected, when known in advance
    done: bool = False


Progress = Callable[[Step], None]


@dataclass(frozen=True)
class TableFetch:
    """One table as fetched: canonical rows (see sources/rows.py), extra frames, and every response."""

    source: str  # 'ssb' | 'klass' | 'udir'
    label: str  # 'SSB tabell 12562'
    table: str
    updated: str | None
    indicators: tuple[str, ...]
    municipal: pl.DataFrame
    reference: pl.DataFrame
    records: tuple[FetchRecord, ...]
    projection: pl.DataFrame | None = None  # kommunenummer, year, age, alternative, persons, source
    kostra_groups: pl.DataFrame | None = None  # kommunenummer, group_code, group_name, valid_from


@dataclass(frozen=True)
class Fetched:
    """Everything one run fetched, before anything is compared with the database."""

    sources: tuple[str, ...]
    from_year: int | None
    started_at: datetime  # local time, as the audit log keeps it
    tables: tuple[TableFetch, ...] = field(default_factory=tuple)

    @property
    def records(self) -> tuple[FetchRecord, ...]:
        return tuple(record for table in self.tables for record in table.records)


def chosen_sources(kilde: str) -> tuple[str, ...]:
    """'alle' -> every source; 'ssb' -> ('ssb',); anything else is refused in Norwegian."""
    if kilde == "alle":
        return SOURCES
    if kilde not in SOURCES:
        raise KompetanseError(_("Ukjent kilde «{source}». Velg ssb, klass, udir eller alle.", source=kilde))
    return (kilde,)


@dataclass
class Clients:
    """The HTTP clients of one run (tests pass quick ones; the defaults keep each service's limits)."""

    ssb: HttpClient = field(default_factory=lambda: HttpClient("SSB", RateLimiter(CALLS_PER_MINUTE, 60.0)))
    klass: HttpClient = field(default_factory=klass.klass_client)
    udir: HttpClient = field(default_factory=udir.udir_client)


class _Reporter:
    """Counts the responses of the current table and tells `progress`."""

    def __init__(self, progress: Progress | None, tables: int):
        self.progress, self.tables, self.index = progress, tables, 0
        self.label, self.responses, self.expected = "", 0, None

    def start(self, label: str, expected: int | None = None) -> None:
        self.index, self.label, self.responses, self.expected = self.index + 1, label, 0, expected
        self._tell(False)

    def response(self, _record: FetchRecord) -> None:
        self.responses += 1
        self._tell(False)

    def finish(self) -> None:
        self._tell(True)

    def _tell(self, done: bool) -> None:
        if self.progress is not None:
            step = Step(self.label, self.index, self.tables, self.responses, self.expected, done)
            self.progress(step)


def fold_open_age(frame: pl.DataFrame) -> pl.DataFrame:
    """Projection rows with every age above OPEN_AGE summed into it (a missing part makes it missing)."""
    capped = frame.with_columns(age=pl.min_horizontal(pl.col("age"), pl.lit(OPEN_AGE)).cast(pl.Int32))
    return (
        capped.group_by("kommunenummer", "year", "age", "alternative", "source")
        .agg(persons=pl.when(pl.col("persons").null_count() == 0).then(pl.col("persons").sum()))
        .select("kommunenummer", "year", "age", "alternative", "persons", "source")
        .sort("kommunenummer", "alternative", "year", "age")
    )


def _table_fetch(result) -> TableFetch:
    """One SSB table's fetched figures as the update plans them."""
    return TableFetch(
        "ssb",
        result.source,
        result.table,
        result.updated,
        result.indicators,
        result.municipal,
        result.reference,
        result.records,
    )


def _ssb(client: SsbClient, report: _Reporter, history, kommuner, from_year) -> list[TableFetch]:
    found = []
    for module in (kostra_barnehage, omsorg_arsverk):
        report.start(module.SOURCE)
        result = module.fetch(client, history, kommuner, from_year)
        found.append(_table_fetch(result))
        report.finish()
    report.start(population_07459.SOURCE)
    result = population_07459.fetch(client, kommuner, from_year)
    found.append(_table_fetch(result))
    report.finish()
    label = f"SSB tabell {projection.TABLE}"
    report.start(label)
    frame, updated, records = projection.fetch(client, kommuner, from_year)
    found.append(
        TableFetch(
            "ssb",
            label,
            projection.TABLE,
            updated,
            (PROJECTION_SERIES,),
            empty(MUNICIPAL_SCHEMA),
            empty(REFERENCE_SCHEMA),
            records,
            projection=fold_open_age(frame),
        )
    )
    report.finish()
    return found


def _klass(http: HttpClient, report: _Reporter, on: date) -> TableFetch:
    report.start("SSB KLASS 112", expected=2)
    groups, records = klass.fetch_kostra_groups(on, http=http)
    report.finish()
    return TableFetch(
        "klass",
        "SSB KLASS 112",
        "112",
        None,
        (KOSTRA_SERIES,),
        empty(MUNICIPAL_SCHEMA),
        empty(REFERENCE_SCHEMA),
        records,
        kostra_groups=groups,
    )


def _udir(http: HttpClient, report: _Reporter, kommuner: Sequence[str]) -> TableFetch:
    """Barnehagefakta for each municipality; one it does not know (404) simply has no figures."""
    report.start(udir.SOURCE, expected=len(kommuner))
    start = len(http.records)
    base = udir.udir_base_url()
    responses = {}
    for kommune in dict.fromkeys(kommuner):
        before = len(http.records)
        try:
            responses[kommune] = http.fetch_json(
                f"{base}/Kommune/{kommune}", _("for kommune {kommune}", kommune=kommune)
            )
        except KompetanseError:
            if len(http.records) > before and http.records[-1].status == 404:
                continue
            raise
    if not responses:
        raise KompetanseError(
            _(
                "{service} hadde ingen tall for noen av kommunene. Ingenting ble hentet.",
                service=udir.SERVICE,
            )
        )
    municipal, reference = udir.kommune_rows(responses)
    report.finish()
    return TableFetch(
        "udir",
        udir.SOURCE,
        "barnehagefakta",
        None,
        udir.INDICATORS,
        municipal,
        reference,
        tuple(http.records[start:]),
    )


def fetch_official(
    sources: Sequence[str],
    kommuner: Sequence[str],
    code_history: pl.DataFrame,
    from_year: int | None = None,
    progress: Progress | None = None,
    clients: Clients | None = None,
    on: date | None = None,
) -> Fetched:
    """Fetch the chosen sources for today's municipalities (`kommuner`), SSB from `from_year` on.

    `code_history` is code -> current_code (the registry's), for KOSTRA tables' old codes; `on` is the
    day whose KOSTRA groups KLASS is asked for (today).
    """
    clients = clients or Clients()
    started = datetime.now().replace(microsecond=0)
    report = _Reporter(progress, sum(len(TABLES[source]) for source in sources))
    for http in (clients.ssb, clients.klass, clients.udir):
        http.listener = report.response
    tables: list[TableFetch] = []
    for source in SOURCES:
        if source not in sources:
            continue
        if source == "ssb":
            tables += _ssb(SsbClient(http=clients.ssb), report, code_history, list(kommuner), from_year)
        elif source == "klass":
            tables.append(_klass(clients.klass, report, on or date.today()))
        else:
            tables.append(_udir(clients.udir, report, list(kommuner)))
    return Fetched(tuple(sources), from_year, started, tuple(tables))
