"""Calls per token (`TRITHUC_API_RATE`), counted in fixed windows.

ninja's `AuthRateThrottle` keeps every call's time of the last window in one cache entry
and writes it back whole on each call: at 200 calls a second under a rate of 12,000 a
minute that is a list of up to 12,000 floats pickled into the file cache per call, and
its attributes (`history`, `now`) are shared by the threads of a gthread worker. Here
each token has one small counter per window (`cache.add` then `cache.incr`): constant
work per call. A fixed window lets a token make up to twice its rate across a window's
edge; the shared file cache's `incr` is a read then a write, so concurrent calls may be
undercounted by a few, as they were with the list.

Each process adds its calls to the shared counter at most every
`TRITHUC_API_RATE_SYNC_MS` (issue 19): the file cache writes a file and renames it over
the old one on every `incr`, which ext4 makes wait for the disk (1 ms on a quiet machine,
4 ms under load, per call). Between two additions a process counts its own calls on top
of the shared count it last read; it adds at once whenever that sum reaches the rate, so
a token can only go past its rate by the calls other processes answered in the last
interval and have not added yet. 0 adds every call when it is made.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AuthRateThrottle


class _Window:
    """One token's count in the current window, as this process knows it."""

    __slots__ = ("counter", "known", "pending", "added_at")

    def __init__(self, counter: str) -> None:
        self.counter = counter  # the shared counter's cache key (token and window)
        self.known = 0  # the shared count when last read
        self.pending = 0  # this process's calls not added to it yet
        self.added_at = 0.0  # time.monotonic() of the last addition


class TokenRateThrottle(AuthRateThrottle):
    def __init__(self, rate: str | None = None) -> None:
        super().__init__(rate)
        self._local = threading.local()  # what `wait` needs, per thread
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        if key is None or self.num_requests is None or not self.duration:
            return True
        now = self.timer()
        window = int(now // self.duration)
        counter = f"{key}:{window}"
        self._local.retry_after = (window + 1) * self.duration - now
        every = settings.TRITHUC_API_RATE_SYNC_MS / 1000
        if every <= 0:
            return self._add(counter, 1) <= self.num_requests
        with self._lock:
            mine = self._windows.get(key)
            if mine is None or mine.counter != counter:  # a new window: the old one is over
                if len(self._windows) > 10_000:
                    self._windows.clear()
                mine = self._windows[key] = _Window(counter)
            mine.pending += 1
            late = time.monotonic() - mine.added_at >= every
            if not late and mine.known + mine.pending < self.num_requests:
                return True
            # Due, or at the rate as far as this process knows: the shared count decides.
            mine.known = self._add(counter, mine.pending)
            mine.pending = 0
            mine.added_at = time.monotonic()
            return mine.known <= self.num_requests

    def _add(self, counter: str, calls: int) -> int:
        """Add `calls` to the shared counter; its new value."""
        self.cache.add(counter, 0, self.duration * 2)
        try:
            return self.cache.incr(counter, calls)
        except ValueError:  # expired between add and incr
            self.cache.set(counter, calls, self.duration * 2)
            return calls

    def wait(self) -> float | None:
        return getattr(self._local, "retry_after", None)
