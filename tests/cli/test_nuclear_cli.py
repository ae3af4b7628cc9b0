"""`peninsula nuclear`: the issue's JSON shapes, one-line errors."""

from __future__ import annotations

import re

import pytest

from .helpers import assert_one_line_error, cli, cli_json


def test_project_json_shape() -> None:
    out = cli_json("nuclear", "project", "--runs", "500", "--horizon", "2030", "--seed", "4")
    assert isinstance(out, dict)
    assert out["option"] == "no-agreement"
    assert out["years"] == list(range(1990, 2031))
    assert set(out["series"]) == {"warheads_material", "warheads_assembled", "pu_kg", "heu_kg",
                                 "warheads_pu"}
    for series in out["series"].values():
        assert set(series) == {"p5", "p50", "p95"}
        for i in range(len(out["years"])):
            assert 0 <= series["p5"][i] <= series["p50"][i] <= series["p95"][i]
    again = cli_json("nuclear", "project", "--runs", "500", "--horizon", "2030", "--seed", "4")
    assert again == out


def test_project_options_and_as_of() -> None:
    frozen = cli_json("nuclear", "project", "--option", "freeze", "--from", "2027-01", "--runs", "300",
                   "--horizon", "2032", "--no-undeclared")
    base = cli_json("nuclear", "project", "--runs", "300", "--horizon", "2032", "--no-undeclared")
    assert isinstance(frozen, dict) and isinstance(base, dict)
    last = -1
    assert frozen["series"]["pu_kg"]["p50"][last] < base["series"]["pu_kg"]["p50"][last]
    early = cli_json("nuclear", "project", "--as-of", "2012-01-01", "--runs", "300", "--horizon", "2020")
    assert isinstance(early, dict) and early["as_of"] == "2012-01-01"


def test_options_compare_and_hanoicli_json() -> None:
    listed = cli_json("nuclear", "options")
    assert isinstance(listed, list)
    ids = {o["id"] for o in listed}
    assert {"no-agreement", "freeze", "disablement", "dismantlement", "1994-freeze-held",
            "2007-disablement-held", "hanoi-2019"} <= ids
    table = cli_json("nuclear", "compare", "--options", "freeze,dismantlement", "--runs", "300")
    assert isinstance(table, list) and [r["option"] for r in table] == ["freeze", "dismantlement"]
    assert all(r["p5"] <= r["p50"] <= r["p95"] for r in table)
    curve = cli_json("nuclear", "hanoi", "--runs", "300")
    assert isinstance(curve, list) and len(curve) == 10


def test_hindcast_json_adds_up() -> None:
    from peninsula.nuclear import load

    out = cli_json("nuclear", "hindcast", "--runs", "2000", "--json")
    assert isinstance(out, dict)
    summary, rows = out["summary"], out["estimates"]
    table = load("published_estimates")
    expected = table[(table["year"] >= 2013) & (table["year"] <= 2023)
                     & ~table["note"].str.contains("PROJECTION", na=False)]
    assert summary["estimates"] == len(rows) == len(expected)
    assert summary["material_band"] == sum(r["overlap"] for r in rows)
    assert summary["own_band"] == sum(r["matched"] for r in rows)
    assert summary["near_edge"] == sum(r["near_edge"] for r in rows)
    assert sum(b["estimates"] for b in summary["by_basis"].values()) == len(rows)
    for r in rows:
        assert r["model_p5"] <= r["model_p95"]
        assert r["overlap"] == (r["model_p5"] <= r["high"] and r["model_p95"] >= r["low"])
    early = cli_json("nuclear", "hindcast", "--runs", "500", "--as-of", "2016-01-01", "--json")
    assert isinstance(early, dict) and 0 < early["summary"]["estimates"] < summary["estimates"]
    assert all(r["published"] <= "2016-01-01" for r in early["estimates"])


def test_hindcast_table_marks_each_edge_verdict() -> None:
    args = ("nuclear", "hindcast", "--runs", "300", "--seed", "3")
    out = cli_json(*args)
    assert isinstance(out, dict)
    summary = out["summary"]
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    marked = re.findall(r"\b(?:yes|no) ~", proc.stdout)
    assert summary["near_edge"] > 0
    assert len(marked) == summary["near_edge"]
    assert f"material band meets {summary['material_band']} of {summary['estimates']}" in proc.stdout


@pytest.mark.parametrize("args,needle", [
    (["nuclear", "project", "--option", "surrender"], "unknown option"),
    (["nuclear", "project", "--as-of", "1999-01-01"], "as-of"),
    (["nuclear", "project", "--from", "2027-13"], "--from"),
    (["nuclear", "project", "--option", "freeze", "--from", "2030-01", "--collapse", "2029-01"],
     "collapse"),
    (["nuclear", "project", "--horizon", "1980"], "horizon"),
    (["nuclear", "compare", "--options", "nothing"], "unknown option"),
    (["nuclear", "hindcast", "--as-of", "2001-02-30"], "as-of"),
])
def test_errors_are_one_line(args: list[str], needle: str) -> None:
    assert_one_line_error(cli(*args, "--runs", "50"), needle)
