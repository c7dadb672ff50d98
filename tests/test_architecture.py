"""Apps read each other's data through the owner's selectors and services only.

An AST walk over every module of every app (its tests and migrations aside) finds each query of a
model that belongs to another app: ``Model.objects…`` (or ``_default_manager``) and
``get_object_or_404(Model, …)`` / ``get_list_or_404``, where ``Model`` was imported from another
app's ``models``. Core's and accounts' models are the platform (centres, offices, desks, staff,
memberships) and may be read everywhere: docs/decisions/0007-app-boundaries.md.

``Model.objects.none()`` is no query: a form field declares it and its ``__init__`` sets the real
choices from the owner's selector. An app's demo seed, ``vidhuk/demo/<app>.py``, lives in demo
only because demo sits above every app (decision 0006); it counts as part of that app.

Using another app's model as a type, a foreign key target or a factory of a blank instance is
fine; querying it is not, since its rules (scoping to the centre, what "published" means, which
rows are deleted) belong to its owner.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIDHUK = ROOT / "vidhuk"
PLATFORM = frozenset({"core", "accounts"})
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


@dataclass(frozen=True)
class Query:
    path: str
    line: int
    model: str  # "<app>.<Model>"

    def __str__(self) -> str:
        return f"{self.path}:{self.line} queries {self.model}"


def _app_of(path: Path) -> str:
    parts = path.relative_to(VIDHUK).parts
    if parts[0] == "demo" and len(parts) == 2 and (VIDHUK / path.stem).is_dir():
        return path.stem  # vidhuk/demo/queue.py is the queue's seed
    return parts[0]


def _is_none(node: ast.Attribute, parents: dict[ast.AST, ast.AST]) -> bool:
    """``X.objects.none()``: an empty placeholder, no query."""
    outer = parents.get(node)
    call = parents.get(outer) if outer is not None else None
    return (
        isinstance(outer, ast.Attribute)
        and outer.attr == "none"
        and isinstance(call, ast.Call)
        and call.func is outer
    )


def _models_app(module: str | None) -> str | None:
    """'vidhuk.catalog.models' or 'vidhuk.catalog.models.service' -> 'catalog'."""
    parts = (module or "").split(".")
    if len(parts) >= 3 and parts[0] == "vidhuk" and parts[2] == "models":
        return parts[1]
    return None


def _foreign_names(tree: ast.Module, own_app: str) -> tuple[dict[str, str], dict[str, str]]:
    """Names bound to another app's models: {name: "app.Model"}, {alias: app} for modules."""
    models: dict[str, str] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level:
            continue
        module = node.module or ""
        app = _models_app(module)
        if app and app != own_app and app not in PLATFORM:
            for alias in node.names:
                models[alias.asname or alias.name] = f"{app}.{alias.name}"
        parts = module.split(".")
        if len(parts) == 2 and parts[0] == "vidhuk" and parts[1] not in PLATFORM | {own_app}:
            for alias in node.names:
                if alias.name == "models":
                    modules[alias.asname or "models"] = parts[1]
    return models, modules


def _model_of(node: ast.expr, models: dict[str, str], modules: dict[str, str]) -> str | None:
    """The foreign model at the root of ``Model.objects``, ``models.Model.objects`` or
    ``Model.offices.through.objects`` (a many-to-many table of that app)."""
    chain = []
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    if node.id in models:
        return models[node.id]
    app = modules.get(node.id)
    return f"{app}.{chain[-1]}" if app and chain else None


def foreign_queries(path: Path, source: str | None = None) -> list[Query]:
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    models, modules = _foreign_names(tree, _app_of(path))
    if not models and not modules:
        return []
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        model = None
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            if not _is_none(node, parents):
                model = _model_of(node.value, models, modules)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
        ):
            model = _model_of(node.args[0], models, modules)
        if model and isinstance(node, ast.expr):
            found.append(Query(str(path.relative_to(ROOT)), node.lineno, model))
    return sorted(found, key=lambda q: (q.path, q.line))


def _app_modules() -> list[Path]:
    return [
        path
        for path in sorted(VIDHUK.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(VIDHUK).parts)
    ]


def test_no_app_queries_another_apps_models():
    queries = [query for path in _app_modules() for query in foreign_queries(path)]

    assert [str(q) for q in queries] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "from vidhuk.catalog.models import Service\nService.objects.filter(pk=1)\n",
            ["catalog.Service"],
            id="manager",
        ),
        pytest.param(
            "from vidhuk.catalog import models as cm\ncm.Service.objects.count()\n",
            ["catalog.Service"],
            id="module-alias",
        ),
        pytest.param(
            "from django.shortcuts import get_object_or_404\n"
            "from vidhuk.catalog.models import Service as S\nget_object_or_404(S, pk=1)\n",
            ["catalog.Service"],
            id="shortcut",
        ),
        pytest.param(
            "from vidhuk.catalog.models import Service\n"
            "Service.offices.through.objects.filter(office_id=1)\n",
            ["catalog.Service"],
            id="many-to-many-table",
        ),
        pytest.param(
            "from vidhuk.catalog.models import Service\ndef f(s: Service) -> Service: ...\n",
            [],
            id="type-only",
        ),
        pytest.param(
            "from vidhuk.catalog.models import Service\nfield = Service.objects.none()\n",
            [],
            id="empty-placeholder",
        ),
        pytest.param(
            "from vidhuk.core.models import Office\nOffice.objects.all()\n",
            [],
            id="platform-core",
        ),
        pytest.param(
            "from vidhuk.queue.models import Ticket\nTicket.objects.all()\n",
            [],
            id="own-app",
        ),
    ],
)
def test_the_check_finds_a_query_of_another_apps_model_and_nothing_else(source, expected):
    module = VIDHUK / "queue" / "_architecture_probe.py"  # read as if the queue's

    found = foreign_queries(module, source)

    assert [q.model for q in found] == expected
