"""Package installation inside Pyodide: the URLs micropip asks, and how a failure is described."""

from __future__ import annotations

from tests.pyodide.conftest import PyodideProcess

ASKED_URLS = """
import micropip.package_index as package_index
from wasmlit_shim.packages import micropip_index_url

asked = []

class RecordingCompat:
    @staticmethod
    async def fetch_string_and_headers(url, kwargs):
        asked.append(url)
        raise OSError("not fetched in this test")

for base in ["https://pypi.org/simple/", "https://pypi.org/simple", "http://127.0.0.1:8501/_pypi/simple/"]:
    try:
        await package_index.query_package("faker", [micropip_index_url(base)], compat_layer=RecordingCompat)
    except ValueError:
        pass  # no index answered: what matters is the URL each was asked at
asked
"""


def test_micropip_asks_one_slash_between_the_index_and_the_project(pyodide: PyodideProcess) -> None:
    assert pyodide.run_json(ASKED_URLS) == [
        "https://pypi.org/simple/faker/",
        "https://pypi.org/simple/faker/",
        "http://127.0.0.1:8501/_pypi/simple/faker/",
    ]


MISSING = """
from wasmlit_shim.packages import install_requirements
from wasmlit_shim import package_problems

problems = await install_requirements(["no-such-project-wasmlit"], "http://127.0.0.1:9/simple/")
error = package_problems.missing(ModuleNotFoundError("No module named 'no_such_project_wasmlit'", name="no_such_project_wasmlit"))
[problems, error.problem if error else None]
"""


def test_a_package_that_cannot_be_had_is_one_problem_naming_it_and_the_url(pyodide: PyodideProcess) -> None:
    problems, missing_at_import = pyodide.run_json(MISSING)
    assert len(problems) == 1
    problem = problems[0]
    assert problem["package"] == "no-such-project-wasmlit"
    assert problem["message"] == (
        "The package no-such-project-wasmlit could not be loaded from "
        "http://127.0.0.1:9/simple/no-such-project-wasmlit/"
    )
    assert problem["detail"].startswith("Why: ") and "What to do: " in problem["detail"]
    assert missing_at_import == problem  # importing it later raises the same description
