"""Bounded load test of the HTTP API: a fixed request budget at a target rate, loopback only.

Seeds a temporary SQLite store with synthetic articles (``warta.web.demo``), starts
``warta serve`` on it (127.0.0.1, a free port) in its own process, then sends an open-loop mix of
``GET /articles?limit=20``, ``GET /articles/{id}`` and ``GET /search?q=…`` at ``--rate`` requests
per second for ``--duration`` seconds (at most rate × duration requests, at most ``--concurrency``
in flight, and a hard stop 15 s after the schedule ends). Reports the achieved rate, latency
percentiles (from send, and from the scheduled time, which counts queueing when the server falls
behind), errors and server CPU per request; writes benchmarks/out/api_load.json.

    python benchmarks/api_load.py                     # 3000 articles, 200 req/s for 30 s
    python benchmarks/api_load.py --rate 50 --duration 5
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_result  # noqa: E402

from warta.web.demo import seed_store, synthetic_documents  # noqa: E402

WORDS = ("banjir", "Bandung", "harga beras", "vaksinasi", "\"jalur sepeda\"", "Surabaya", "warga",
         "festival kuliner", "Medan", "angkutan kota", "sekolah", "Dinas Kesehatan", "rapat")
MIX = (("list", 0.4), ("get", 0.4), ("search", 0.2))


def is_loopback(base_url: str) -> bool:
    """True when the URL's host is on this machine's loopback."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_url: str, port: int) -> subprocess.Popen[bytes]:
    """``warta serve`` (or the same call through python) in a child process."""
    warta = Path(sys.executable).with_name("warta")
    if warta.exists():
        cmd = [str(warta), "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)]
    else:
        cmd = [sys.executable, "-c", "import sys; from warta.api import serve; "
               "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]))", db_url, str(port)]
    env = {k: v for k, v in os.environ.items() if k != "WARTA_API_KEY"}
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until GET /health answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"api_load: the server exited ({proc.returncode}): {err[-2000:]}")
        try:
            with urlopen(f"{base}/health", timeout=2) as resp:  # noqa: S310 - loopback only
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("api_load: the server did not answer /health within 60 s")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), None elsewhere."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pick(rng: random.Random, n_articles: int) -> tuple[str, str]:
    """The kind and path of one request of the mix."""
    roll, acc = rng.random(), 0.0
    kind = MIX[-1][0]
    for name, share in MIX:
        acc += share
        if roll < acc:
            kind = name
            break
    if kind == "list":
        return kind, f"/articles?limit=20&offset={rng.randrange(0, 200, 20)}"
    if kind == "get":
        return kind, f"/articles/{rng.randint(1, n_articles)}"
    return kind, f"/search?q={quote(rng.choice(WORDS))}&limit=20"


class Connection:
    """One keep-alive HTTP/1.1 connection to the server (GET only, Content-Length bodies)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """Send one GET and read the whole answer; returns the status code."""
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.reader, self.writer
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: */*\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        length = int(next((v for k, v in headers.items() if k.lower() == "content-length"), "0"))
        await reader.readexactly(length)
        if any(k.lower() == "connection" and v.lower() == "close" for k, v in headers.items()):
            await self.close()
        return status

    async def close(self) -> None:
        """Close the socket."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_load(base: str, *, rate: float, duration: float, concurrency: int, n_articles: int,
                   seed: int) -> dict[str, Any]:
    """Send the open-loop schedule from ``concurrency`` connections; collect latencies and errors."""
    rng = random.Random(seed)
    budget = int(rate * duration)
    plan = [pick(rng, n_articles) for _ in range(budget)]
    parts = urlsplit(base)
    latencies: dict[str, list[float]] = {name: [] for name, _ in MIX}
    errors: Counter[str] = Counter()
    queue: asyncio.Queue[tuple[float, str, str] | None] = asyncio.Queue()
    lag: list[float] = []
    total: list[float] = []

    async def worker() -> None:
        conn = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        while (job := await queue.get()) is not None:
            due, kind, path = job
            t = time.perf_counter()
            lag.append(t - due)
            try:
                status = await asyncio.wait_for(conn.get(path), timeout=10.0)
                if status != 200:
                    errors[f"{kind} {status}"] += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
                errors[f"{kind} {type(err).__name__}"] += 1
                await conn.close()
            latencies[kind].append(time.perf_counter() - t)
            total.append(time.perf_counter() - due)
        await conn.close()

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    start = time.perf_counter()
    for i, (kind, path) in enumerate(plan):
        due = start + i / rate
        if (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, kind, path))
    for _ in workers:
        queue.put_nowait(None)
    sent = time.perf_counter() - start
    done, pending = await asyncio.wait(workers, timeout=15.0)
    for task in pending:
        task.cancel()
    elapsed = time.perf_counter() - start
    every = sorted(x for values in latencies.values() for x in values)
    if len(every) < budget:
        errors["unfinished"] += budget - len(every)
    lag.sort()
    total.sort()
    return {
        "requests": budget,
        "completed": len(every),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "seconds": round(elapsed, 2),
        "schedule_seconds": round(sent, 2),
        "achieved_rps": round(len(every) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": percentiles(every),
        "queue_wait_ms": percentiles(lag),
        "latency_from_schedule_ms": percentiles(total),
        "by_kind": {k: {"n": len(v), **percentiles(sorted(v))} for k, v in latencies.items()},
    }


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds of sorted latencies in seconds."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}

    def at(q: float) -> float:
        return round(1000 * values[min(len(values) - 1, int(q * len(values)))], 1)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": round(1000 * values[-1], 1)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when any request failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="synthetic articles to store")
    parser.add_argument("--rate", type=float, default=200.0, help="target requests per second")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (max 60)")
    parser.add_argument("--concurrency", type=int, default=32, help="max requests in flight")
    parser.add_argument("--url", help="an already running server on 127.0.0.1 (skips seeding)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    duration = min(args.duration, 60.0)
    rate = min(args.rate, 1000.0)
    proc = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            base = args.url.rstrip("/")
            if not is_loopback(base):
                raise SystemExit("api_load: only loopback servers (127.0.0.1, localhost, ::1) may be loaded")
            seed_s = 0.0
        else:
            db_url = f"sqlite:///{Path(tmp) / 'load.db'}"
            t = time.perf_counter()
            seed_store(db_url, synthetic_documents(args.articles, seed=args.seed))
            seed_s = time.perf_counter() - t
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            proc = start_server(db_url, port)
        try:
            if proc:
                wait_ready(base, proc)
            cpu_before = cpu_seconds(proc.pid) if proc else None
            client_before = time.process_time()
            result = asyncio.run(run_load(base, rate=rate, duration=duration,
                                          concurrency=args.concurrency, n_articles=args.articles,
                                          seed=args.seed))
            result["client_cpu_ms_per_request"] = round(
                1000 * (time.process_time() - client_before) / max(1, result["completed"]), 2)
            if proc and cpu_before is not None:
                used = (cpu_seconds(proc.pid) or 0.0) - cpu_before
                result["server_cpu_ms_per_request"] = round(1000 * used / max(1, result["completed"]), 2)
        finally:
            if proc:
                proc.terminate()
                proc.wait(timeout=10)
    result.update({"target_rps": rate, "duration_s": duration, "articles": args.articles,
                   "concurrency": args.concurrency, "seed_seconds": round(seed_s, 1),
                   "mix": dict(MIX), "server": "warta serve (uvicorn, 1 process), SQLite"})
    path = write_result("api_load", result)
    lat, sched = result["latency_ms"], result["latency_from_schedule_ms"]
    print(f"api_load: {result['completed']}/{result['requests']} requests in {result['seconds']} s = "
          f"{result['achieved_rps']} req/s (target {rate:g}), p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
          f"p99 {lat['p99']} ms (from schedule p99 {sched['p99']} ms), errors {result['errors']}, server CPU "
          f"{result.get('server_cpu_ms_per_request', '?')} ms/req -> {path.name}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
