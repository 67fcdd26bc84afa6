"""The Arrow copies of the tables the pages draw (ui/panels.py) live as long as their frames, no longer."""

import gc

import polars as pl

from kompetanse.ui import panels


def test_an_arrow_copy_is_reused_while_its_frame_lives_and_goes_when_the_frame_goes():
    frame = pl.DataFrame({"Kommune": ["Bø", "Hadsel"], "Verdi": ["1,0", "2,0"]})
    first = panels._as_arrow(frame)
    assert panels._as_arrow(frame) is first  # a rerun of a cached view: no new copy
    del frame
    gc.collect()
    other = pl.DataFrame({"Kommune": ["Sortland"]})
    panels._as_arrow(other)  # the next table drawn tidies up
    kept = list(panels._arrow.values())
    assert all(table is not first for _frame, table in kept)
    assert all(reference() is not None for reference, _table in kept)  # only live frames are held
