"""The login throttle: after five failures each further attempt waits twice as long as the last."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoginThrottle:
    """Slows down guessing: after `free_attempts` failures for a name (or from one address), each
    further attempt waits twice as long as the last, up to `max_wait_s`. A success clears the name.

    Kept in memory by the app process (a restart clears it), so checking costs no write.
    """

    free_attempts: int = 5
    first_wait_s: float = 30.0
    max_wait_s: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)

    def wait_s(self, *keys: str) -> float:
        """Seconds until any of these keys (a username, an address) may try again; 0 when free."""
        now = self.clock()
        return max([0.0, *(self._locked_until.get(key, 0.0) - now for key in keys if key)])

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in filter(None, keys):
            count = self._failures.get(key, 0) + 1
            self._failures[key] = count
            if count >= self.free_attempts:
                wait = min(self.first_wait_s * 2 ** (count - self.free_attempts), self.max_wait_s)
                self._locked_until[key] = now + wait

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
        self._locked_until.pop(key, None)
