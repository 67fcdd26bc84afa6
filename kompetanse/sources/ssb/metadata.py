"""A PxWebApi v2 table's metadata (JSON-stat 2 without values), and picking dimensions and codes by label.

SSB changes KOSTRA tables when the reporting changes: a ContentsCode from last year may be gone
or mean something else. So adapters never hard-code what they read: they name the labels they
expect, and `pick` finds the codes behind them in today's metadata. A label that is not there
stops the update with a message naming the table and the label (`LabelMoved`), before any data
is fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _


class LabelMoved(KompetanseError):
    """The table no longer has a dimension or value with the label an adapter expects."""


@dataclass(frozen=True)
class Dimension:
    """One variable of a table: its id, label, codes in table order and their labels."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: Mapping[str, str]
    elimination: bool
    codelists: tuple[tuple[str, str], ...]  # (id, label)


@dataclass(frozen=True)
class TableMetadata:
    """What a table holds, read from `/tables/{id}/metadata?outputFormat=json-stat2`."""

    table: str
    label: str
    updated: str | None
    dimensions: Mapping[str, Dimension]
    order: tuple[str, ...]
    role: Mapping[str, tuple[str, ...]]

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id (ids come from the metadata itself, so a miss is a broken table)."""
        try:
            return self.dimensions[dimension_id]
        except KeyError:
            raise LabelMoved(
                _(
                    "Tabell {table} har ikke lenger variabelen {variable}.",
                    table=self.table,
                    variable=dimension_id,
                )
            ) from None


def normalise(label: str) -> str:
    """Labels compare without case, repeated spaces or a trailing full stop."""
    return re.sub(r"\s+", " ", label).strip().rstrip(".").casefold()


def _codes(category: dict) -> list[str]:
    index = category.get("index")
    if isinstance(index, dict):
        return [code for code, _position in sorted(index.items(), key=lambda item: item[1])]
    if isinstance(index, list):
        return [str(code) for code in index]
    return list(category.get("label", {}))


def read_metadata(raw: bytes | dict, table: str) -> TableMetadata:
    """Parse a metadata response; anything but a JSON-stat 2 dataset is a clear error."""
    broken = _("Metadata for tabell {table} fra SSB er ikke et JSON-stat 2-datasett.", table=table)
    try:
        data = json.loads(raw.decode("utf-8-sig")) if isinstance(raw, bytes) else raw
        ids = [str(dimension_id) for dimension_id in data["id"]]
        dimensions = {}
        for dimension_id in ids:
            entry = data["dimension"][dimension_id]
            category = entry["category"]
            extension = entry.get("extension") or {}
            lists = extension.get("codelists", extension.get("codeLists")) or []
            dimensions[dimension_id] = Dimension(
                id=dimension_id,
                label=str(entry.get("label", dimension_id)),
                codes=tuple(_codes(category)),
                labels={str(code): str(text) for code, text in (category.get("label") or {}).items()},
                elimination=bool(extension.get("elimination", False)),
                codelists=tuple((str(item["id"]), str(item.get("label", ""))) for item in lists),
            )
        role = {key: tuple(value) for key, value in (data.get("role") or {}).items()}
        updated = data.get("updated")
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        raise KompetanseError(broken) from None
    px = (data.get("extension") or {}).get("px") or {}
    if px.get("tableid") and str(px["tableid"]) != table:
        raise KompetanseError(
            _(
                "SSB sendte metadata for tabell {sent}, ikke for tabell {table}.",
                sent=px["tableid"],
                table=table,
            )
        )
    return TableMetadata(
        table=table,
        label=str(data.get("label", "")),
        updated=updated if isinstance(updated, str) else None,
        dimensions=dimensions,
        order=tuple(ids),
        role=role,
    )


def role_dimension(meta: TableMetadata, role: str) -> str:
    """The id of the dimension with a JSON-stat role (`geo`, `time`, `metric`)."""
    ids = meta.role.get(role) or ()
    if len(ids) != 1 or ids[0] not in meta.dimensions:
        raise LabelMoved(
            _(
                "Tabell {table} har ikke én {role}-variabel lenger; SSB kan ha endret tabellen.",
                table=meta.table,
                role=role,
            )
        )
    return ids[0]


def dimension_by_label(meta: TableMetadata, label: str) -> str:
    """The id of the dimension whose label is `label` (for breakdowns such as «utdanning»)."""
    found = [d.id for d in meta.dimensions.values() if normalise(d.label) == normalise(label)]
    if len(found) != 1:
        raise LabelMoved(
            _(
                "Tabell {table} har ikke lenger variabelen «{variable}». SSB kan ha endret tabellen; "
                "ingenting ble hentet.",
                table=meta.table,
                variable=label,
            )
        )
    return found[0]


def pick(
    meta: TableMetadata, dimension_id: str, expected: Mapping[str, str | Iterable[str]]
) -> dict[str, str]:
    """Map each key to the code whose label matches one of its expected labels, or stop (`LabelMoved`).

    `expected` maps a key (an indicator part, an alternative) to one label or several accepted
    spellings. Every key must match exactly one code, and no two keys the same code.
    """
    dimension = meta.dimension(dimension_id)
    by_label: dict[str, list[str]] = {}
    for code in dimension.codes:
        by_label.setdefault(normalise(dimension.labels.get(code, code)), []).append(code)
    picked: dict[str, str] = {}
    for key, labels in expected.items():
        accepted = [labels] if isinstance(labels, str) else list(labels)
        codes = sorted({code for label in accepted for code in by_label.get(normalise(label), [])})
        if len(codes) != 1:
            shown = " / ".join(f"«{label}»" for label in accepted)
            if not codes:
                text = _(
                    "Tabell {table} har ikke lenger verdien {value} i variabelen «{variable}». "
                    "SSB kan ha endret tabellen; ingenting ble hentet.",
                    table=meta.table,
                    value=shown,
                    variable=dimension.label,
                )
            else:
                text = _(
                    "Tabell {table} har mer enn én gang verdien {value} i variabelen «{variable}». "
                    "SSB kan ha endret tabellen; ingenting ble hentet.",
                    table=meta.table,
                    value=shown,
                    variable=dimension.label,
                )
            raise LabelMoved(text)
        picked[key] = codes[0]
    if len(set(picked.values())) != len(picked):
        raise LabelMoved(
            _(
                "Tabell {table}: to forventede verdier peker på samme kode i «{variable}».",
                table=meta.table,
                variable=dimension.label,
            )
        )
    return picked


def require_code(meta: TableMetadata, dimension_id: str, code: str) -> str:
    """A code known offline (such as `TOT`): it must still be in the table."""
    dimension = meta.dimension(dimension_id)
    if code not in dimension.codes:
        raise LabelMoved(
            _(
                "Tabell {table} har ikke lenger koden {code} i variabelen «{variable}». "
                "SSB kan ha endret tabellen; ingenting ble hentet.",
                table=meta.table,
                code=code,
                variable=dimension.label,
            )
        )
    return code


def require_codelist(meta: TableMetadata, dimension_id: str, codelist_id: str) -> str:
    """A code list known offline (such as `agg_KommSummer`): the table must still offer it."""
    dimension = meta.dimension(dimension_id)
    if codelist_id not in {list_id for list_id, _label in dimension.codelists}:
        raise LabelMoved(
            _(
                "Tabell {table} tilbyr ikke lenger kodelisten {codelist} for «{variable}». "
                "SSB kan ha endret tabellen; ingenting ble hentet.",
                table=meta.table,
                codelist=codelist_id,
                variable=dimension.label,
            )
        )
    return codelist_id


def years_from(meta: TableMetadata, time_id: str, from_year: int | None) -> list[str]:
    """The table's years (codes of the time dimension) from `from_year` on, in table order."""
    codes = meta.dimension(time_id).codes
    chosen = [
        code for code in codes if from_year is None or (code[:4].isdigit() and int(code[:4]) >= from_year)
    ]
    if not chosen:
        raise KompetanseError(
            _("Tabell {table} har ingen år fra og med {year}.", table=meta.table, year=from_year)
        )
    return chosen


def single_years_of_age(meta: TableMetadata, age_id: str) -> list[str]:
    """The one-year age codes (`000`…`104`, `105+`): never a total or a band, which would count twice."""
    codes = [code for code in meta.dimension(age_id).codes if re.fullmatch(r"\d{3}\+?", code)]
    if not codes:
        raise LabelMoved(
            _(
                "Tabell {table} har ikke lenger ettårige aldre i «{variable}».",
                table=meta.table,
                variable=meta.dimension(age_id).label,
            )
        )
    return codes
