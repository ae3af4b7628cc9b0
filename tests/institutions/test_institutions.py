"""Status queries against known facts, as-of discipline, sources, and the crisis table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from peninsula._paths import package_data
from peninsula.institutions import (
    STATUSES,
    crises,
    crisis,
    gaps,
    load_crises,
    mechanisms,
    provisions,
    show,
    status_changes,
    status_on,
)
from peninsula.institutions._load import check_sources

D = dt.date
LINES = ("ik-west-military-line", "ik-east-military-line", "ik-panmunjom-liaison")
URL = re.compile(r"https?://|www\.", re.I)


def row(day: D, mechanism_id: str) -> dict[str, object]:
    frame = status_on(day)
    match = frame[frame["id"] == mechanism_id]
    assert len(match) == 1, (day, mechanism_id)
    return dict(match.iloc[0].to_dict())


def party(record: dict[str, object], code: str) -> dict[str, object]:
    parties = record["parties"]
    assert isinstance(parties, list)
    return next(p for p in parties if p["party"] == code)


def test_cma_in_force_on_2019_01_01() -> None:
    r = row(D(2019, 1, 1), "cma-2018")
    assert r["status"] == "in force" and r["since"] == D(2018, 9, 19)
    assert {p["status"] for p in r["parties"]} == {"in force"}  # type: ignore[attr-defined]
    assert "Comprehensive Military Agreement" in str(r["name"])


def test_cma_partly_suspended_by_the_rok_on_2023_11_22() -> None:
    before = row(D(2023, 11, 21), "cma-2018")
    assert before["status"] == "in force"
    r = row(D(2023, 11, 22), "cma-2018")
    assert r["status"] == "suspended" and r["partial"] and r["clause"] == "1(3)"
    assert r["since"] == D(2023, 11, 22)
    assert party(r, "KOR")["status"] == "suspended" and party(r, "KOR")["clause"] == "1(3)"
    assert party(r, "PRK")["status"] == "in force"


def test_cma_not_in_force_on_2024_01_01() -> None:
    r = row(D(2024, 1, 1), "cma-2018")
    assert r["status"] == "withdrawn" and r["since"] == D(2023, 11, 23) and not r["partial"]
    assert party(r, "PRK")["status"] == "withdrawn"
    assert party(r, "KOR")["clause"] == "1(3)"
    later = row(D(2024, 7, 1), "cma-2018")
    assert party(later, "KOR") ["status"] == "suspended" and party(later, "KOR")["clause"] == ""
    assert later["status"] == "withdrawn" and later["since"] == D(2023, 11, 23)


@pytest.mark.parametrize("mechanism_id", LINES)
def test_inter_korean_lines_cut_and_restored(mechanism_id: str) -> None:
    assert row(D(2020, 6, 8), mechanism_id)["status"] == "in force"
    cut = row(D(2020, 6, 9), mechanism_id)
    assert cut["status"] == "suspended" and cut["since"] == D(2020, 6, 9)
    assert party(cut, "PRK")["status"] == "suspended" and party(cut, "KOR")["status"] == "in force"
    back = row(D(2021, 7, 27), mechanism_id)
    assert back["status"] == "in force" and back["since"] == D(2021, 7, 27)
    assert row(D(2021, 9, 1), mechanism_id)["status"] == "suspended"
    assert row(D(2021, 10, 4), mechanism_id)["since"] == D(2021, 10, 4)
    assert row(D(2023, 4, 7), mechanism_id)["status"] == "suspended"


def test_other_known_facts() -> None:
    assert row(D(2024, 4, 29), "panel-of-experts-1718")["status"] == "in force"
    assert row(D(2024, 4, 30), "panel-of-experts-1718")["status"] == "defunct"
    mac = row(D(1994, 6, 1), "mac")
    assert party(mac, "KPA")["status"] == "withdrawn" and party(mac, "CPV")["status"] == "in force"
    assert party(row(D(1995, 1, 1), "mac"), "CPV")["status"] == "withdrawn"
    assert row(D(2009, 4, 13), "six-party-talks")["status"] == "in force"
    assert row(D(2009, 4, 14), "six-party-talks")["status"] == "withdrawn"
    assert row(D(2006, 6, 1), "kedo")["status"] == "defunct"
    assert row(D(2020, 6, 16), "kaesong-jlo")["status"] == "defunct"
    nnsc = row(D(2000, 1, 1), "nnsc")
    assert party(nnsc, "SWE")["status"] == "in force" and party(nnsc, "CSK")["status"] == "withdrawn"


def test_partial_dates_take_effect_at_the_end_of_their_period() -> None:
    # The eastern line was lost in a fire in November 2010 (day unknown).
    assert row(D(2010, 11, 15), "ik-east-military-line")["status"] == "in force"
    late = row(D(2010, 12, 1), "ik-east-military-line")
    assert late["status"] == "suspended" and late["since_label"] == "2010-11"


def test_not_yet_established_is_absent() -> None:
    assert "cma-2018" not in set(status_on(D(2018, 9, 18))["id"])
    assert "cma-2018" in set(status_on(D(2018, 9, 19))["id"])
    assert status_on(D(1949, 1, 1)).empty
    with pytest.raises(ValueError, match="not yet established"):
        show("cma-2018", as_of=D(2018, 1, 1))


def _dates() -> list[D]:
    changes = status_changes()
    days = set(changes["effective"]) | set(mechanisms()["established_on"])
    return sorted({d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)})


def test_nothing_after_the_date_is_used() -> None:
    rank = {s: i for i, s in enumerate(STATUSES)}
    for day in _dates()[::3]:
        frame = status_on(day)
        for r in frame.to_dict("records"):
            assert r["since"] <= day, (day, r["id"])
            assert all(p["since"] <= day for p in r["parties"]), (day, r["id"])
            worst = max((p["status"] for p in r["parties"]), key=rank.__getitem__)
            assert r["status"] == worst, (day, r["id"])


def test_show_uses_only_changes_up_to_as_of() -> None:
    record = show("cma-2018", as_of=D(2023, 11, 22))
    assert [c["date"] for c in record["changes"]] == ["2018-09-19", "2023-11-22"]
    assert record["status"] == "suspended" and record["partial"]
    assert {p["article"] for p in record["provisions"]} >= {"1(1)", "1(2)", "1(3)", "2(1)"}
    with pytest.raises(ValueError, match="unknown mechanism"):
        show("no-such-thing")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        status_on("2024-13-01")


def test_coverage_of_the_brief() -> None:
    frame = mechanisms()
    ids = set(frame["id"])
    for needed in ("armistice-1953", "mac", "nnsc", "unc", "unc-kpa-line", "cpv-signatory",
                   "ik-west-military-line", "ik-east-military-line", "ik-panmunjom-liaison",
                   "kaesong-jlo", "ny-channel", "six-party-talks", "spt-neapsm",
                   "agreed-framework", "kedo", "unsc-1718-committee", "panel-of-experts-1718",
                   "basic-agreement-1991", "joint-declaration-1992", "west-sea-2004",
                   "panmunjom-declaration-2018", "singapore-2018", "cma-2018"):
        assert needed in ids, needed
    precedents = frame[frame["kind"] == "precedent"]
    assert len(precedents) >= 11 and set(precedents["scope"]) == {"international"}
    assert set(provisions()["mechanism_id"]) == {"cma-2018", "basic-agreement-1991",
                                                 "west-sea-2004"}
    chapter2 = provisions("basic-agreement-1991")
    assert {"9", "10", "11", "12", "13", "14"} <= set(chapter2[chapter2["military"]]["article"])
    assert set(gaps()["precedent_id"]) <= ids
    assert set(gaps()["precedent_id"]) & set(precedents["id"])


def test_party_codes_are_documented() -> None:
    readme = package_data("institutions", "README.md").read_text(encoding="utf-8")
    codes = {p for ps in mechanisms()["parties"] for p in ps}
    codes |= set(status_changes()["party"]) - {"all"}
    for code in codes:
        assert re.search(rf"\b{code}\b", readme), code
    for mid, p in status_changes()[["mechanism_id", "party"]].itertuples(index=False):
        parties = mechanisms().set_index("id").loc[mid, "parties"]
        assert p == "all" or p in parties, (mid, p)


@pytest.mark.parametrize("name", ["mechanisms.csv", "provisions.csv", "status.csv", "gaps.csv"])
def test_every_row_has_a_source_and_no_url(name: str) -> None:
    path = package_data("institutions", name)
    raw = path.read_bytes()
    assert b"\r" not in raw
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(frame) > 0
    for value in frame["sources"]:
        parts = [p.strip() for p in value.split(" | ")]
        assert parts and all(parts), value
        assert not any(URL.search(p) for p in parts), value
    for column in frame.columns:
        assert not frame[column].map(lambda v: bool(URL.search(v))).any(), (name, column)


def test_check_sources_rejects_urls_and_blanks() -> None:
    with pytest.raises(ValueError, match="URL"):
        check_sources(pd.DataFrame({"sources": ["https://example.org/x"]}), "x")
    with pytest.raises(ValueError, match="no source"):
        check_sources(pd.DataFrame({"sources": [""]}), "x")


# --- crisis cases -----------------------------------------------------------------------------

HEADER = ("id,name,start,end,trigger_event_id,member_event_ids,scenario_type,start_rung,peak_rung,"
          "outcome,off_ramp,channel,china_role,us_role,summary,sources\n")


def _tmp_crises(tmp_path: Path) -> Path:
    path = tmp_path / "crises.csv"
    path.write_text(
        HEADER
        + "early,Early case,2010-03-26,2010-06-30,2010-03-26-a,2010-03-26-a;2010-05-20-b,naval,6,6,"
          "frozen,UN statement,UN Security Council,mediator,ally,Ended in 2010.,S/PRST/2010/13\n"
        + "long,Long case,2010-11-23,2011-03-01,2010-11-23-c,2010-11-23-c;2011-02-01-d,shelling,"
          "7,7,settled,talks in 2011,Panmunjom,mediator,ally,Settled in February 2011.,"
          "Statement of 1 March 2011\n", encoding="utf-8")
    return path


def test_crises_as_of_leaves_out_later_facts(tmp_path: Path) -> None:
    path = _tmp_crises(tmp_path)
    assert crises(D(2010, 3, 25), path=path).empty
    frame = crises(D(2011, 1, 19), path=path)
    assert list(frame["id"]) == ["early", "long"]
    early, running = frame.iloc[0], frame.iloc[1]
    assert not early["ongoing"] and early["off_ramp"] == "UN statement"
    assert running["ongoing"] and running["end_date"] is None and pd.isna(running["peak_rung"])
    assert running["outcome"] == running["summary"] == running["sources"] == ""
    assert running["channel"] == [] and running["member_event_ids"] == ["2010-11-23-c"]
    done = crisis("long", as_of=D(2011, 6, 1), path=path)
    assert done["peak_rung"] == 7 and done["member_event_ids"] == ["2010-11-23-c", "2011-02-01-d"]
    with pytest.raises(ValueError, match="had not started"):
        crisis("long", as_of=D(2010, 1, 1), path=path)
    with pytest.raises(ValueError, match="unknown crisis"):
        crisis("nope", as_of=D(2011, 6, 1), path=path)


def test_crisis_table_rejects_urls(tmp_path: Path) -> None:
    path = tmp_path / "crises.csv"
    path.write_text(HEADER + "x,X,2010-01-01,2010-02-01,a,a,naval,3,3,settled,talks,talks,none,"
                    "none,x,http://example.org\n", encoding="utf-8")
    with pytest.raises(ValueError, match="URL"):
        load_crises(path)


def test_shipped_crises_cite_sources_and_match_the_chronology(shipped_store: Path) -> None:
    from peninsula.events import EventQuery, EventStore

    table = load_crises()
    assert len(table) > 0
    with EventStore(shipped_store, read_only=True) as es:
        events = es.query(EventQuery(datasets=("curated",), newest_first=False))
    rung = dict(zip(events["source_id"], events["rung"], strict=True))
    for r in table.to_dict("records"):
        parts = [p.strip() for p in r["sources"].split(" | ")]
        assert all(parts) and not any(URL.search(p) for p in parts), r["id"]
        members = r["member_event_ids"]
        assert members, r["id"]
        missing = [m for m in members if m not in rung]
        assert not missing, (r["id"], missing)
        rungs = [int(rung[m]) for m in members if pd.notna(rung[m])]
        if rungs:
            assert pd.notna(r["peak_rung"]) and int(r["peak_rung"]) == max(rungs), (
                r["id"], r["peak_rung"], rungs)
        else:  # no member event sits on the ladder: no peak rung either
            assert pd.isna(r["peak_rung"]), (r["id"], r["peak_rung"])
