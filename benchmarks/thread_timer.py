"""`streamlit run`, with the thread CPU of every script run and of named functions counted (bench_threads.py).

Usage (by bench_threads.py): python benchmarks/thread_timer.py OUT run app.py [streamlit options]
$THREAD_TIMED names the functions, comma-separated, as module:attribute or module:Class.method
(e.g. kompetanse.ui.sidebar:sidebar_filters,streamlit.navigation.page:Page.run). SIGUSR2 starts the
count (functions are wrapped then, once their modules are imported); SIGUSR1 stops it and writes OUT:
{name: [thread CPU seconds, calls]}, "run" for the whole script runs. time.thread_time() is the CPU of
the calling thread only, so a function's figure is its own thread's work, not the server's.
A function imported by name into another module (`from x import f`) keeps its old binding there: name
the module it is used from (pages import at every run, so they see a wrapped attribute).
"""

from __future__ import annotations

import collections
import importlib
import json
import os
import signal
import sys
import time

OUT = sys.argv.pop(1)
spent: collections.defaultdict[str, float] = collections.defaultdict(float)
calls: collections.Counter[str] = collections.Counter()
counting = {"on": False}
wrapped: set[str] = set()


def timed(name: str, function):
    def counted(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            if counting["on"]:
                spent[name] += time.thread_time() - started
                calls[name] += 1

    return counted


def wrap_named() -> None:
    for name in filter(None, os.environ.get("THREAD_TIMED", "").split(",")):
        if name in wrapped:
            continue
        module_name, _, attribute = name.partition(":")
        try:
            owner = importlib.import_module(module_name)
        except ImportError:  # the reference app has none of the project's modules: nothing to count
            continue
        *path, last = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, last, timed(name, getattr(owner, last)))
        wrapped.add(name)


def on_signal(number, _frame) -> None:
    if number == signal.SIGUSR2:
        wrap_named()
        spent.clear()
        calls.clear()
        counting["on"] = True
        return
    counting["on"] = False
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump({name: [spent[name], calls[name]] for name in spent}, handle)


def main() -> None:
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web.cli import main as streamlit_main

    script_runner.ScriptRunner._run_script = timed("run", script_runner.ScriptRunner._run_script)
    signal.signal(signal.SIGUSR1, on_signal)
    signal.signal(signal.SIGUSR2, on_signal)
    sys.argv[0] = "streamlit"
    streamlit_main()


if __name__ == "__main__":
    main()
