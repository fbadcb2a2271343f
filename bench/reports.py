"""Benchmark: the yearly summary PDF and the sales-by-movie CSV of a year, timed against a filled
database (bench/dashboard.py fills one with 1,000,000 tickets). The issue's target: each in ≤ 2 s,
memory flat while the CSV streams.

In a process where Django is set up (the lead's bench/dashboard.py after filling):
    from reports import time_reports   # with bench/ on sys.path
    print(time_reports(period))        # a xcounter.days.Period, e.g. year(date(2026, 1, 1))

On its own, against an already filled database (nothing is written):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/xcounter_bench .venv/bin/python bench/reports.py [YEAR]

Prints one line: period=… summary_pdf_seconds=… summary_pdf_pages=… sales_by_movie_csv_seconds=…
csv_rows=… csv_peak_kib=…
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_reports(period) -> dict:
    """Build the summary PDF and stream the sales-by-movie CSV for `period`; their timings (s),
    the PDF's pages, the CSV's rows and the peak memory (KiB) Python allocated while streaming it."""
    from pypdf import PdfReader

    from reporting import catalog, exports, pdf

    started = time.perf_counter()
    document = catalog.build("summary", period)
    summary = pdf.render(document)
    summary_seconds = time.perf_counter() - started

    tracemalloc.start()
    started = time.perf_counter()
    rows = 0
    for line in exports.encoded(catalog.build("sales-by-movie", period)):
        rows += line.count(b"\n")
    csv_seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "period": f"{period.first.isoformat()}..{period.last.isoformat()}",
        "summary_pdf_seconds": round(summary_seconds, 3),
        "summary_pdf_pages": len(PdfReader(io.BytesIO(summary)).pages),
        "sales_by_movie_csv_seconds": round(csv_seconds, 3),
        "csv_rows": rows,
        "csv_peak_kib": peak // 1024,
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcounter.settings.base")
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import date

    from django.utils import timezone

    from xcounter.days import year

    which = int(argv[1]) if len(argv) > 1 else timezone.localdate().year
    figures = time_reports(year(date(which, 1, 1)))
    print(" ".join(f"{name}={value}" for name, value in figures.items()))


if __name__ == "__main__":
    main(sys.argv)
