"""What the pages hand to Streamlit, prepared once per object a cached view returned: the Arrow copy of
a table, and a chart's spec with its tables already in Arrow.

Views are cached per data version and never changed, so the same frame or chart comes back run after
run. Given polars, st.dataframe goes through pandas (0.9 ms for a small table, every run); given Arrow
it serialises the table directly (0.07 ms). Given a spec whose `datasets` are lists of rows (what
Altair's to_dict makes), st.vega_lite_chart turns each into a pandas frame and then Arrow on every
run (about 1 ms a chart); given Arrow bytes, made once by Streamlit's own conversion, it passes them on.

An entry holds its object only weakly: when the object goes (its data version left the cache, or a
run's own frame was done with), the copy goes with it, instead of keeping up to ENTRIES old frames and
tables alive after every import (the soak's steps).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import polars as pl
import pyarrow as pa
from streamlit import dataframe_util

from kompetanse.indicators.panel import Chart

ENTRIES = 256
Source = TypeVar("Source")
Made = TypeVar("Made")


class PerObject(Generic[Source, Made]):
    """`make(source)` once per live source object (a weak reference to it), at most ENTRIES kept."""

    def __init__(self, make: Callable[[Source], Made]) -> None:
        self._make = make
        self._entries: OrderedDict[int, tuple[weakref.ref, Made]] = OrderedDict()
        self._lock = threading.Lock()
        self._gone: list[tuple[int, weakref.ref]] = []  # filled by weakref callbacks, anywhere: no lock

    def __call__(self, source: Source) -> Made:
        key = id(source)
        with self._lock:
            while self._gone:
                gone_key, gone_ref = self._gone.pop()
                if gone_key in self._entries and self._entries[gone_key][0] is gone_ref:
                    del self._entries[gone_key]
            hit = self._entries.get(key)
            if hit is not None and hit[0]() is source:
                self._entries.move_to_end(key)
                return hit[1]
        made = self._make(source)
        reference = weakref.ref(source, lambda ref, key=key: self._gone.append((key, ref)))
        with self._lock:
            self._entries[key] = (reference, made)
            while len(self._entries) > ENTRIES:
                self._entries.popitem(last=False)
        return made

    def held(self) -> list[tuple[Any, Made]]:
        """(source, made) of every entry whose source still lives (for tests)."""
        with self._lock:
            return [(ref(), made) for ref, made in self._entries.values() if ref() is not None]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def _spec_with_arrow_tables(chart: Chart) -> dict:
    """The chart's spec with each tabular dataset as the Arrow bytes st.vega_lite_chart would make of
    it (its own conversion, so the browser gets the same bytes); the view's spec is left as it is
    (exports and descriptions read its rows)."""
    datasets = chart.spec.get("datasets")
    if not datasets:
        return chart.spec
    return {
        **chart.spec,
        "datasets": {
            name: dataframe_util.convert_anything_to_arrow_bytes(rows) if _tabular(rows) else rows
            for name, rows in datasets.items()
        },
    }


def _tabular(rows: object) -> bool:
    """Rows of a table, not GeoJSON features (which Streamlit leaves in the spec, as here)."""
    return isinstance(rows, list) and not (
        rows and isinstance(rows[0], dict) and rows[0].get("type") == "Feature"
    )


arrow_table: PerObject[pl.DataFrame, pa.Table] = PerObject(pl.DataFrame.to_arrow)
chart_spec: PerObject[Chart, dict] = PerObject(_spec_with_arrow_tables)
