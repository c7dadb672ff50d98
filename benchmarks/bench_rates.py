"""What the submission benchmarks share (split from bench_stack.py): the bare view's run
under the same Python clients, then the load, each with its CPU counted on the same server, and
the table that reports them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench_stack import Result, postmaster_pid, run_python, tree_cpu_seconds


@dataclass
class Measured:
    """The bare view's run (the ratio's denominator) and what a load cost: gunicorn's and
    PostgreSQL's CPU seconds during it, and what the load returned."""

    bare: Result
    bare_cpu: float
    cpu: tuple[float, float]
    result: Any


def bare_then_load(
    server_pid: int, port: int, args: argparse.Namespace, load: Callable[[], Any]
) -> Measured:
    """`/healthz` under `args.clients` Python clients for `args.bare_seconds`, then `load()`,
    each with its CPU counted on the same server."""
    before = tree_cpu_seconds(server_pid)
    bare = run_python(f"http://127.0.0.1:{port}/healthz", args.clients, args.bare_seconds, 10**9)
    bare_cpu = tree_cpu_seconds(server_pid) - before
    marks = (tree_cpu_seconds(server_pid), tree_cpu_seconds(postmaster_pid()))
    result = load()
    cpu = (
        tree_cpu_seconds(server_pid) - marks[0],
        tree_cpu_seconds(postmaster_pid()) - marks[1],
    )
    return Measured(bare=bare, bare_cpu=bare_cpu, cpu=cpu, result=result)


def rate_table(measured: Measured, *, sent: str, rate: str, per: str, count: int) -> str:
    """The table of a submission benchmark: `count` requests named `sent` ("POSTs") in
    `measured.result` (its "seconds", "median_ms", "p95_ms"), `rate` ("answers") per second of
    `measured.result["units"]`, CPU per request named `per` ("POST"), against the bare view."""
    result, bare, cpu = measured.result, measured.bare, measured.cpu
    per_second = result["units"] / result["seconds"]
    return (
        f"| {sent} | seconds | {rate}/s | bare view req/s | vs bare view | median ms | p95 ms "
        f"| gunicorn CPU ms/{per} | PostgreSQL CPU ms/{per} | bare view gunicorn CPU ms/req |\n"
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
        f"| {count:,} | {result['seconds']:.1f} | {per_second:.1f} | {bare.rps:,.0f} "
        f"| {per_second / (bare.rps or 1):.3f}× | {result['median_ms']:.0f} "
        f"| {result['p95_ms']:.0f} | {1000 * cpu[0] / count:.1f} | {1000 * cpu[1] / count:.1f} "
        f"| {1000 * measured.bare_cpu / (bare.requests or 1):.2f} |"
    )
