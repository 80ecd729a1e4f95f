"""Calls per token (`TRITHUC_API_RATE`), counted in fixed windows.

ninja's `AuthRateThrottle` keeps every call's time of the last window in one cache entry
and writes it back whole on each call: at 200 calls a second under a rate of 12,000 a
minute that is a list of up to 12,000 floats pickled into the file cache per call, and
its attributes (`history`, `now`) are shared by the threads of a gthread worker. Here
each token has one small counter per window (`cache.add` then `cache.incr`): constant
work per call. A fixed window lets a token make up to twice its rate across a window's
edge; the shared file cache's `incr` is a read then a write, so concurrent calls may be
undercounted by a few, as they were with the list.
"""

from __future__ import annotations

import threading

from django.http import HttpRequest
from ninja.throttling import AuthRateThrottle


class TokenRateThrottle(AuthRateThrottle):
    def __init__(self, rate: str | None = None) -> None:
        super().__init__(rate)
        self._local = threading.local()  # what `wait` needs, per thread

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        if key is None or self.num_requests is None or not self.duration:
            return True
        now = self.timer()
        window = int(now // self.duration)
        counter = f"{key}:{window}"
        self.cache.add(counter, 0, self.duration * 2)
        try:
            count = self.cache.incr(counter)
        except ValueError:  # expired between add and incr
            self.cache.set(counter, 1, self.duration * 2)
            count = 1
        self._local.retry_after = (window + 1) * self.duration - now
        return count <= self.num_requests

    def wait(self) -> float | None:
        return getattr(self._local, "retry_after", None)
