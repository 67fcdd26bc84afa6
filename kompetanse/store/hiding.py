"""The protection of small numbers for one database version, worked out inside the write that makes it.

`protect_all` (rules/protection.py) needs every real figure of a family of linked indicators in a
year, every published total, the links and the thresholds; over the whole country with real small
numbers it takes seconds per year, far too long for a page view. So the write door works it out
before it commits, in the same transaction (store/writing.py), and stores it in `hidden_cell` and
`hidden_total`. Only what changed is worked out again: each family and year keeps a fingerprint of
what it was worked out from (its figures, the published totals, the links and the thresholds) in
`protection_state`, and an import of one year works out that year only. A write that changes no
figure (a user, an entry) costs a few queries.

Readers take the stored result (`stored_protection`). A file whose stored protection does not match
its data (written by something other than the write door) is worked out in memory for what is stale,
so a hidden figure is never shown, only slower.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from kompetanse.config import DATA_DIR
from kompetanse.i18n import _
from kompetanse.rules.links import LINKS_FILE, families, parse_links
from kompetanse.rules.privacy import PUBLIC_REASON, Protection, Rules
from kompetanse.rules.protection import protect_all

log = logging.getLogger(__name__)
STORED_CELLS = {"indicator_id": pl.String, "kommunenummer": pl.String, "year": pl.Int32, "detail": pl.String}
STORED_TOTALS = {"indicator_id": pl.String, "group_id": pl.String, "year": pl.Int32, "detail": pl.String}


class _Source(Protocol):
    """A reader (Database) or the open write transaction (Writer): both run named queries."""

    def query(self, name: str, /, **params: object) -> pl.DataFrame: ...


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def rules_from_settings(settings: pl.DataFrame) -> Rules:
    """The thresholds in the settings table (validated when they were written), else the defaults."""
    stored = dict(settings.iter_rows())
    defaults = Rules()
    return Rules(
        min_persons=int(stored.get("min_persons", defaults.min_persons)),
        min_denominator=int(stored.get("min_denominator", defaults.min_denominator)),
        min_respondents=int(stored.get("tifaktor_min_respondents", defaults.min_respondents)),
    )


def current_links(indicators: pl.DataFrame) -> pl.DataFrame:
    """The bundled link table for the indicators of this database's catalogue."""
    table = pl.read_csv(DATA_DIR / LINKS_FILE, infer_schema=False)
    table = table.filter(pl.col("indikator").is_in(indicators["indicator_id"].implode()))
    return parse_links(table, indicators)


@dataclass(frozen=True)
class _Plan:
    """What the protection of this version depends on, and which families and years are stale."""

    links: pl.DataFrame
    groups: pl.DataFrame
    rules: Rules
    family_of: dict[str, str]
    current: dict[tuple[str, int], str]  # (family, year) -> fingerprint of its inputs
    stored: dict[tuple[str, int], str]

    @property
    def stale(self) -> set[tuple[str, int]]:
        """Families and years worked out from other inputs than they have now, or no longer there."""
        changed = {key for key, inputs in self.current.items() if self.stored.get(key) != inputs}
        return changed | (self.stored.keys() - self.current.keys())

    def indicators(self, keys: Iterable[tuple[str, int]]) -> pl.DataFrame:
        """family, indicator_id, year of every indicator in these families and years."""
        members: dict[str, list[str]] = {}
        for indicator, family in self.family_of.items():
            members.setdefault(family, []).append(indicator)
        rows = [(family, i, year) for family, year in sorted(keys) for i in members.get(family, [family])]
        schema = {"family": pl.String, "indicator_id": pl.String, "year": pl.Int32}
        return pl.DataFrame(rows, schema=schema, orient="row")


def _plan(source: _Source) -> _Plan:
    indicators = source.query("indicator_catalogue").select("indicator_id", "aggregation", "suppression")
    links = current_links(indicators)
    groups = source.query("protection_groups")
    rules = rules_from_settings(source.query("settings"))
    context = _digest(links.rows(), groups.rows(), rules)
    family_of = families(links)
    inputs: dict[tuple[str, int], list] = {}
    for year, indicator, count, fingerprint in source.query("protection_inputs").iter_rows():
        family = family_of.get(indicator, indicator)
        inputs.setdefault((family, int(year)), []).append((indicator, count, fingerprint))
    current = {key: _digest(context, sorted(parts)) for key, parts in inputs.items()}
    stored = {
        (family, int(year)): text for family, year, text in source.query("protection_state").iter_rows()
    }
    return _Plan(links, groups, rules, family_of, current, stored)


def _work_out(source: _Source, plan: _Plan, keys: set[tuple[str, int]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The hidden cells and totals (STORED_CELLS, STORED_TOTALS) of these families and years."""
    wanted = plan.indicators(keys).select("indicator_id", "year")
    years = sorted({year for _, year in keys})
    observations = source.query("protection_observations", years=years).join(
        wanted, on=["indicator_id", "year"], how="semi"
    )
    protected = protect_all(observations, plan.links, plan.groups, plan.rules)
    cells = [
        p.cells.select("kommunenummer", "year", "detail").with_columns(indicator_id=pl.lit(i))
        for i, p in protected.items()
    ]
    totals = [
        p.totals.select("group_id", "year", "detail").with_columns(indicator_id=pl.lit(i))
        for i, p in protected.items()
    ]
    cast = lambda frames, schema: pl.concat(
        [pl.DataFrame(schema=schema), *(frame.select(list(schema)).cast(schema) for frame in frames)]
    )
    return cast(cells, STORED_CELLS), cast(totals, STORED_TOTALS)


def refresh(writer) -> int:
    """Work out again, inside the open write transaction, the protection of every family and year whose
    inputs this write changed; returns how many family-years were worked out."""
    plan = _plan(writer)
    stale = plan.stale
    if not stale:
        return 0
    cells, totals = _work_out(writer, plan, stale & plan.current.keys())
    with writer.frame("stale_protection", plan.indicators(stale)):
        writer.run("delete_protection")
    writer.insert("hidden_cell", cells)
    writer.insert("hidden_total", totals)
    state = [
        (family, year, plan.current[(family, year)]) for family, year in sorted(stale & plan.current.keys())
    ]
    schema = {"family": pl.String, "year": pl.Int32, "inputs": pl.String}
    writer.insert("protection_state", pl.DataFrame(state, schema=schema, orient="row"))
    return len(stale)


def stored_protection(database: _Source) -> dict[str, Protection]:
    """What every indicator hides in this version, as stored by the write that made it."""
    plan = _plan(database)
    cells, totals = database.query("hidden_cells"), database.query("hidden_totals")
    stale = plan.stale
    if stale:  # not made by the write door: work out what is stale here, never show it unprotected
        log.warning(
            _("Skjermingen er ikke oppdatert for {count} familier og år; regnes ut nå.", count=len(stale))
        )
        outdated = plan.indicators(stale).select("indicator_id", "year")
        fresh_cells, fresh_totals = _work_out(database, plan, stale & plan.current.keys())
        cells = pl.concat([cells.join(outdated, on=["indicator_id", "year"], how="anti"), fresh_cells])
        totals = pl.concat([totals.join(outdated, on=["indicator_id", "year"], how="anti"), fresh_totals])
    return _by_indicator(cells, totals)


def _by_indicator(cells: pl.DataFrame, totals: pl.DataFrame) -> dict[str, Protection]:
    note = pl.lit(PUBLIC_REASON)
    cell_parts = cells.with_columns(note=note).partition_by("indicator_id", as_dict=True, include_key=False)
    total_parts = totals.with_columns(note=note).partition_by("indicator_id", as_dict=True, include_key=False)
    empty = Protection.nothing()
    return {
        indicator: Protection(
            cell_parts.get((indicator,), empty.cells).select(empty.cells.columns).cast(empty.cells.schema),
            total_parts.get((indicator,), empty.totals)
            .select(empty.totals.columns)
            .cast(empty.totals.schema),
        )
        for indicator in sorted({key[0] for key in [*cell_parts, *total_parts]})
    }
