"""The command line, end to end through Typer's runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import GOLD, SEED
from orbat.cli import app

runner = CliRunner()


def test_ingest_show_claims_export_eval(tmp_path: Path, shared: Path) -> None:
    db = str(tmp_path / "kb.duckdb")
    r = runner.invoke(app, ["ingest", "--db", db, str(SEED)])
    assert r.exit_code == 0, r.output
    assert "+1 documents" in r.output

    r = runner.invoke(app, ["show", "--db", db, "national defense forces", "--json"])
    assert r.exit_code == 0, r.output
    profile = json.loads(r.output)
    assert profile["entity"]["name"] == "National Defence Forces"
    commanders = [c["value_text"] for c in profile["sections"]["Commanders"]]
    assert "Bashar al-Assad" in commanders
    assert profile["engagements"][1]["name"] == "Syrian civil war"
    assert any(n["name"] == "Damascus campaign" for n in profile["engagements"][1]["children"])

    r = runner.invoke(app, ["show", "--db", db, "National Defense Forces"])
    assert r.exit_code == 0 and "Hawash Mohammed" in r.output and "Infobox" in r.output
    # prose facts come with the section and sentence they were read from
    assert "Qasem Soleimani" in r.output and "› Formation" in r.output
    assert "personally overseen by" in r.output

    r = runner.invoke(
        app, ["claims", "--db", db, "National Defence Forces", "--property", "size", "--explain"]
    )
    assert r.exit_code == 0 and "50,000" in r.output and "rule=infobox:size" in r.output

    for fmt in ("jsonl", "csv", "parquet"):
        r = runner.invoke(app, ["export", "--db", db, "--format", fmt, str(tmp_path / fmt)])
        assert r.exit_code == 0, r.output
        assert (tmp_path / fmt / f"claims.{fmt}").stat().st_size > 0

    r = runner.invoke(
        app,
        [
            "eval",
            "--db",
            db,
            "--root",
            str(shared),
            "--json",
            str(GOLD / "national_defence_forces.yaml"),
        ],
    )
    assert r.exit_code == 0, r.output
    scores = json.loads(r.output)["overall"]
    assert scores["must_not_violations"] == 0


def test_ingest_exit_code_and_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    r = runner.invoke(app, ["ingest", "--db", str(tmp_path / "kb.duckdb"), str(bad)])
    assert r.exit_code == 1
    assert "bad.txt" in r.output


def test_unknown_name_and_missing_db(tmp_path: Path, shared: Path) -> None:
    r = runner.invoke(app, ["show", "--db", str(tmp_path / "none.duckdb"), "x"])
    assert r.exit_code == 2 and "no knowledge base" in r.output
    db = str(tmp_path / "kb.duckdb")
    runner.invoke(app, ["ingest", "--db", db, str(SEED)])
    r = runner.invoke(app, ["show", "--db", db, "Nonexistent Brigade"])
    assert r.exit_code == 2 and "no entity named" in r.output


def test_a_knowledge_base_held_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    """DuckDB's lock error, said in orbat's words: who holds the file and what to do."""
    db = tmp_path / "kb.duckdb"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(SEED)]).exit_code == 0
    holder = subprocess.Popen(  # as `orbat serve` or another ingest would hold it
        [sys.executable, "-c", _HOLD, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for args in (["ingest", "--db", str(db), str(SEED)], ["show", "--db", str(db), "x"]):
            r = runner.invoke(app, args)
            assert r.exit_code == 1, r.output
            said = " ".join(r.output.split())
            assert f"{db} is open in another process (PID {holder.pid})" in said
            assert "Traceback" not in r.output
    finally:
        holder.kill()
        holder.wait()
    # Once it is gone, the knowledge base is there as it was.
    r = runner.invoke(app, ["show", "--db", str(db), "National Defence Forces"])
    assert r.exit_code == 0


_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""
