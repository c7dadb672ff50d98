"""The Markdown report of benchmarks/surveys_results.py (split from it: each under 500 lines)."""

from __future__ import annotations

import argparse
from typing import Any

from appeals_export import mib


def _direct_cells(s: dict[str, Any]) -> str:
    """The report counted from the answers in the same run, and how many times the rollup's
    cold time it took."""
    direct = s.get("direct_seconds")
    if direct is None:
        return "— | —"
    return f"{direct:.2f} | {direct / s['cold']['seconds']:.1f}"


def report(out: dict[str, Any], args: argparse.Namespace) -> str:
    info, data = out["machine"], out["data"]
    lines = [
        f"## Survey results, {out['date'][:16]}",
        "",
        f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; "
        f"PostgreSQL {out.get('postgres', '?')}",
        f"- data: {data['verbivka']['responses']:,} responses in `verbivka`, "
        f"{data['luhove']['responses']:,} in `luhove`, {data['answers']:,} answers; database "
        f"{data['database_size']}; results rollup backfilled in "
        f"{data.get('rollup_seconds')} s at the build",
        "",
        "### The results page (`results_report`: everything the page shows)",
        "",
        "| filter | responses | cold s | queries | slowest SQL s | recomputed s (median of 3) "
        "| warm ms (median of "
        f"{args.repeat}) | warm queries | tracemalloc peak cold / warm KiB | RSS growth cold MiB "
        "| from the answers s | × |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for s in out["selector"]:
        cold, warm = s["cold"], s["warm"]
        lines.append(
            f"| {s['label']} | {s['responses']:,} | {cold['seconds']:.2f} | {cold['queries']} "
            f"| {max(cold['query_seconds']):.2f} | {s['recomputed_seconds']:.2f} "
            f"| {s['warm_median_seconds'] * 1000:.1f} | {warm['queries']} "
            f"| {cold['tracemalloc_peak_bytes'] / 1024:,.0f} / "
            f"{warm['tracemalloc_peak_bytes'] / 1024:,.0f} "
            f"| {cold['rss_growth_kib'] / 1024:.1f} | {_direct_cells(s)} |"
        )
    view = out["view"]
    lines += [
        "",
        "| the staff page | cold s | warm ms | warm queries | HTML KiB |",
        "|---|--:|--:|--:|--:|",
        f"| in-process (test client) | {view['cold_seconds']:.2f} "
        f"| {view['warm_median_seconds'] * 1000:.1f} | {view['warm_queries']} "
        f"| {view['html_kib']:.0f} |",
    ]
    if "http_page" in out:
        page = out["http_page"]
        lines.append(
            f"| HTTP, gunicorn 1 sync worker | {page['cold_seconds']:.2f} "
            f"| {page['warm_median_seconds'] * 1000:.1f} | — | {page['bytes'] / 1024:.0f} |"
        )
    if "after_new_response" in out:
        after = out["after_new_response"]
        lines += [
            "",
            "**After a new response** (in-process, database task queue as in production): the page "
            f"showed the last report in {after['stale_page_seconds'] * 1000:.0f} ms "
            f"(marked as earlier: {'yes' if after['stale_marked'] else 'NO'}; tasks queued: "
            f"{after['tasks_queued']}); the queued recompute took "
            f"{after['recompute_task_seconds']:.2f} s; the page then answered in "
            f"{after['page_after_task_seconds'] * 1000:.0f} ms, current "
            f"({after['responses_after']:,} responses; marked as earlier: "
            f"{'YES' if after['marked_after'] else 'no'}).",
        ]
    if "copy" in out:
        child, copy = out["export_in_process"], out["copy"]
        lines += [
            "",
            "### CSV export of every response vs PostgreSQL's COPY of the same SELECT",
            "",
            "| | rows | MiB | seconds | rows/s | × COPY | peak memory |",
            "|---|--:|--:|--:|--:|--:|---|",
            f"| `COPY (…) TO STDOUT (FORMAT csv)`, psycopg | {copy['lines']:,} "
            f"| {copy['bytes'] / 2**20:.0f} | {copy['seconds']:.1f} "
            f"| {copy['lines'] / copy['seconds']:,.0f} | 1.00 "
            f"| tracemalloc {copy['tracemalloc_peak_bytes'] / 1024:,.0f} KiB |",
            f"| export view in-process (child process) | {child['lines'] - 1:,} "
            f"| {child['bytes'] / 2**20:.0f} | {child['seconds']:.1f} "
            f"| {(child['lines'] - 1) / child['seconds']:,.0f} "
            f"| {child['seconds'] / copy['seconds']:.2f} "
            f"| ru_maxrss {mib(child['rss_before_kib'])} → {mib(child['rss_after_kib'])} MiB; "
            f"tracemalloc {child['tracemalloc_peak_bytes'] / 1024:,.0f} KiB |",
        ]
        if "http_export" in out:
            h = out["http_export"]
            lines.append(
                f"| export over HTTP, gunicorn 1 sync worker | — | {h['bytes'] / 2**20:.0f} "
                f"| {h['seconds']:.1f} | — | {h['seconds'] / copy['seconds']:.2f} "
                f"| worker VmHWM {mib(h['hwm_before_kib'])} → {mib(h['hwm_after_kib'])} MiB |"
            )
    return "\n".join(lines)
