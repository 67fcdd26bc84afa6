"""A rule that keeps the server from freezing under load (found by benchmarks/bench_load.py).

Polars runs a Python function given to `map_elements`/`map_batches` on its own thread pool, and
those threads need the GIL. Streamlit's `st.dataframe(polars_frame)` calls `to_pandas`, which waits
for the same pool while holding the GIL: with both at once in two sessions, the whole server froze
(pola-rs/polars#26821, #27396). So no code of ours hands Python functions to polars.
"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON_ON_POLARS_THREADS = re.compile(r"\.(map_elements|map_batches|map_rows|apply)\(")


def test_no_python_function_is_handed_to_polars_in_the_app():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("kompetanse", "pages")
        for path in sorted((REPO / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PYTHON_ON_POLARS_THREADS.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
