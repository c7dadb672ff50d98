"""The shape STYLE.md asks for, checked on the source: no module over 500 lines (Zulip's
"make it a package"), no service function over 60 (HackSoft: a service checks, then does).

A test module may still be over 500 lines only while it is named below, waiting to be split
by subject; a new long module, or a long application module, fails here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 500
MAX_SERVICE_LINES = 60

# Test modules over the limit today, to be split by subject (none may join them).
LONG_TEST_MODULES = {
    "vidhuk/mystery/tests/test_views.py",
    "vidhuk/surveys/tests/test_mystery_views.py",
}


def _modules():
    for folder in ("vidhuk", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _service_modules():
    for path in sorted((ROOT / "vidhuk").glob("*/services.py")):
        yield path
    for path in sorted((ROOT / "vidhuk").glob("*/services/**/*.py")):
        yield path


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _function_lengths(path: Path):
    """Each function's body in lines, from its docstring or first statement to its end (the
    signature and decorators are not counted: keyword-only typed parameters take room)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno or node.lineno
            yield node.name, node.lineno, end - node.body[0].lineno + 1


def test_no_module_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := _line_count(path)) > MAX_MODULE_LINES
        and str(path.relative_to(ROOT)) not in LONG_TEST_MODULES
    }

    assert too_long == {}, "make these packages (or split the tests by subject)"


def test_no_service_function_is_over_60_lines():
    too_long = [
        f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)"
        for path in _service_modules()
        for name, line, length in _function_lengths(path)
        if length > MAX_SERVICE_LINES
    ]

    assert too_long == [], "split into a check step and a do step"


def test_the_checks_see_the_code():
    # Guards the two tests above against passing on nothing (a moved folder, a wrong glob).
    modules = [str(path.relative_to(ROOT)) for path in _modules()]
    services = [str(path.relative_to(ROOT)) for path in _service_modules()]

    assert "vidhuk/surveys/services/responses.py" in services
    assert "vidhuk/appointments/services/booking.py" in services
    assert "vidhuk/catalog/services.py" in services
    assert "tests/browser/conftest.py" in modules
    assert not any("/migrations/" in module for module in modules)


@pytest.mark.parametrize(
    ("source", "length"),
    [
        pytest.param("def f():\n" + "    x = 1\n" * 60, 60, id="sixty-lines"),
        pytest.param('def f(\n    *,\n    a,\n):\n    """Doc."""\n    return a\n', 2, id="doc"),
    ],
)
def test_a_function_is_measured_from_its_body(tmp_path, source, length):
    module = tmp_path / "services.py"
    module.write_text(source, encoding="utf-8")

    assert [found for _name, _line, found in _function_lengths(module)] == [length]
