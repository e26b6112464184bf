"""
A small HTTP load generator on asyncio, for loopback tests of our own server.

Each simulated reader opens a connection per request (gunicorn's sync workers
close after every response), reads the whole response, and records status and
latency. Bounded in time and in count; it only ever talks to the base URL given.
"""

import asyncio
import random
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Stats:
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def record(self, status, seconds):
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def requests(self):
        return len(self.latencies)

    def percentile(self, p):
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    def summary(self, seconds):
        return {
            "requests": self.requests,
            "requests_per_second": round(self.requests / seconds, 1),
            "p50_ms": round(1000 * statistics.median(self.latencies), 1) if self.latencies else None,
            "p99_ms": round(1000 * self.percentile(99), 1) if self.latencies else None,
            "statuses": self.statuses,
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
        }


async def fetch(host, port, path, timeout=30):
    """GET `path`; return (status, body bytes)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\nUser-Agent: bulletin-loadgen\r\n\r\n"
        )
        writer.write(request.encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body


async def reader_loop(host, port, paths, deadline, stats, ok_statuses):
    while time.monotonic() < deadline:
        path = random.choice(paths)
        started = time.monotonic()
        try:
            status, _ = await fetch(host, port, path)
        except Exception as error:  # a refused or dropped connection is exactly what we count
            stats.errors.append(f"{path}: {type(error).__name__}: {error}")
            continue
        stats.record(status, time.monotonic() - started)
        if status not in ok_statuses:
            stats.errors.append(f"{path}: HTTP {status}")


async def run(base, paths, *, concurrency, seconds, ok_statuses=(200, 404), background=None):
    """Run `concurrency` readers for `seconds`; `background` is an optional coroutine run alongside."""
    url = urllib.parse.urlsplit(base)
    stats = Stats()
    deadline = time.monotonic() + seconds
    readers = [reader_loop(url.hostname, url.port, paths, deadline, stats, ok_statuses) for _ in range(concurrency)]
    tasks = [asyncio.gather(*readers)]
    if background is not None:
        tasks.append(background(deadline))
    started = time.monotonic()
    results = await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    return stats.summary(elapsed), results[1] if background is not None else None
