"""The login throttle: after five failures each further attempt waits twice as long as the last.

Kept in a small SQLite file beside the database (`throttle_path`), not in the app's memory and not in
Streamlit's cache: a restart does not clear it, a browser's "clear cache" message cannot touch it,
and every app process behind a load balancer shares it. It is not the DuckDB file itself, because a
failed login is no write of the data: it must not copy the database, rotate its backups or wait
behind an import. SQLite's `begin immediate` makes check-and-count one step, so twelve sessions
sending a wrong password at the same moment get five tries between them, not twelve.

The count is per user name and client address together (a stranger elsewhere cannot lock a known
user out, the admin included), and per address across all names with a higher limit (one password
tried on many names is slowed too); an IPv6 address counts by its /64 (`address_key`). The address is
Streamlit's `st.context.ip_address`: uvicorn, under Streamlit, sets it from X-Forwarded-For when the
connection comes from the local proxy (deploy/'s nginx, which writes the header itself) and from the
connection otherwise (tests/test_client_address.py). An attempt is counted before the password is
checked; a success clears its name and address.
"""

from __future__ import annotations

import ipaddress
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kompetanse.store.schema import query_text

PRIVATE_FILE = 0o600
LOCAL_ADDRESS = "lokal"  # Streamlit gives no address for connections from this machine


def throttle_path(db_path: Path) -> Path:
    """Where the throttle of the database at `db_path` keeps its counts."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}-innlogging.sqlite3")


def address_key(address: str | None) -> str:
    """What the throttle counts a client address as: an IPv6 client by its /64 (one household or
    server holds a whole /64 and could otherwise try from a new address every time), an IPv4-mapped
    address as the IPv4 address it is."""
    if not address:
        return LOCAL_ADDRESS
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass
class LoginThrottle:
    """Slows down guessing (see the module docstring); `clock` is wall-clock time, which survives restarts."""

    path: Path
    free_attempts: int = 5
    free_per_address: int = 20
    first_wait_s: float = 30.0
    max_wait_s: float = 900.0
    clock: Callable[[], float] = time.time
    _ready: bool = field(default=False, repr=False)

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
            os.chmod(self.path, PRIVATE_FILE)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        if not self._ready:
            con.execute(query_text("throttle_schema"))
            self._ready = True
        return con

    def _keys(self, name: str, address: str | None) -> list[tuple[str, int]]:
        address = address_key(address)
        name = name.strip().lower()
        return [
            (f"bruker:{name}|adresse:{address}", self.free_attempts),
            (f"adresse:{address}", self.free_per_address),
        ]

    def _wait(self, failures: int, free: int) -> float:
        return min(self.first_wait_s * 2 ** (failures - free), self.max_wait_s)

    def attempt(self, name: str, address: str | None) -> float:
        """Count one login attempt, unless one must wait: returns the seconds left to wait (0: go on)."""
        now = self.clock()
        con = self._connect()
        try:
            con.execute("begin immediate")  # one writer at a time: check and count are one step
            rows = {
                key: con.execute(query_text("throttle_state"), {"key": key}).fetchone()
                for key, _ in self._keys(name, address)
            }
            wait = max([0.0, *(row[1] - now for row in rows.values() if row is not None)])
            if wait <= 0:
                for key, free in self._keys(name, address):
                    failures = (rows[key][0] if rows[key] else 0) + 1
                    locked_until = now + self._wait(failures, free) if failures >= free else 0.0
                    counted = {"key": key, "failures": failures, "until": locked_until}
                    con.execute(query_text("throttle_count"), counted)
            con.execute("commit")
            return wait
        except BaseException:
            con.execute("rollback") if con.in_transaction else None
            raise
        finally:
            con.close()

    def succeeded(self, name: str, address: str | None) -> None:
        """The password was right: the name at this address starts afresh (the address count stays)."""
        con = self._connect()
        try:
            con.execute(query_text("throttle_clear"), {"key": self._keys(name, address)[0][0]})
        finally:
            con.close()
