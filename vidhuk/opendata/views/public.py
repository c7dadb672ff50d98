"""The public open data: what the centre publishes, each dataset's passport (КМУ №835) as a page
and a file, and its files — streamed from the registry's aggregates (never a row about a person,
counts under 5 withheld by the apps that register them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from vidhuk.core.datasets import Dataset
from vidhuk.core.selectors import centre_get_public

from ..build import (
    Build,
    Part,
    csv_lines,
    data_package,
    json_chunks,
    split_periods,
)
from ..selectors import dataset_get_public, passport_get, passport_list

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


def _header(dataset: Dataset) -> list[str]:
    return [column.name for column in dataset.columns]


def _stream(chunks: Iterator[str], *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type=content_type
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_GET
def dataset_list(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return render(
        request,
        "opendata/public/list.html",
        {"centre": centre, "entries": passport_list(centre=centre)},
    )


@require_GET
def dataset_passport(request: HttpRequest, centre_slug: str, key: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    dataset = dataset_get_public(key=key)
    passport = passport_get(centre=centre, dataset=dataset)
    return render(
        request,
        "opendata/public/passport.html",
        {"centre": centre, "dataset": dataset, "passport": passport},
    )


@require_GET
def dataset_passport_file(request: HttpRequest, centre_slug: str, key: str) -> JsonResponse:
    centre = centre_get_public(slug=centre_slug)
    dataset = dataset_get_public(key=key)
    described = passport_get(centre=centre, dataset=dataset).as_json()
    described["url"] = request.build_absolute_uri(
        reverse("opendata:passport", args=[centre.slug, dataset.key])
    )
    response = JsonResponse(described, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def dataset_csv(request: HttpRequest, centre_slug: str, key: str) -> StreamingHttpResponse:
    centre = centre_get_public(slug=centre_slug)
    dataset = dataset_get_public(key=key)
    rows = dataset.rows(centre)
    return _stream(
        csv_lines(_header(dataset), rows), content_type=CSV_TYPE, filename=f"{dataset.key}.csv"
    )


@require_GET
def dataset_json(request: HttpRequest, centre_slug: str, key: str) -> StreamingHttpResponse:
    centre = centre_get_public(slug=centre_slug)
    dataset = dataset_get_public(key=key)
    rows = dataset.rows(centre)
    return _stream(
        json_chunks(_header(dataset), rows), content_type=JSON_TYPE, filename=f"{dataset.key}.json"
    )


def _periods(dataset: Dataset, rows: Iterable[Sequence[Any]]) -> dict[str, list[Any]]:
    return split_periods(dataset, rows)


@require_GET
def dataset_package(request: HttpRequest, centre_slug: str, key: str) -> JsonResponse:
    """The Frictionless data package; its resources are the period files beside it."""
    centre = centre_get_public(slug=centre_slug)
    dataset = dataset_get_public(key=key)
    periods = _periods(dataset, dataset.rows(centre))
    parts = [
        Part(period=period, row_count=len(rows), csv=b"", json=b"")
        for period, rows in sorted(periods.items())
    ]
    described = data_package(Build(dataset=dataset, centre=centre, parts=parts))
    response = JsonResponse(described, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def period_file(
    request: HttpRequest, centre_slug: str, key: str, name: str, extension: str
) -> StreamingHttpResponse:
    centre = centre_get_public(slug=centre_slug)
    dataset = dataset_get_public(key=key)
    if extension not in {"csv", "json"} or not name.startswith(f"{dataset.key}-"):
        raise Http404
    period = name[len(dataset.key) + 1 :]
    rows = _periods(dataset, dataset.rows(centre)).get(period)
    if rows is None:
        raise Http404
    if extension == "csv":
        return _stream(
            csv_lines(_header(dataset), rows), content_type=CSV_TYPE, filename=f"{name}.csv"
        )
    return _stream(
        json_chunks(_header(dataset), rows), content_type=JSON_TYPE, filename=f"{name}.json"
    )
