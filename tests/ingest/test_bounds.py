"""Bad and big input: binary junk, cut JSON, many entries, mixed languages, terminal tricks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.running import ROOT, wizard
from wizard.core.flow.ingested import ingest_report
from wizard.core.ingest import ingest_path, ingest_text


def entry(index: int, status: int = 200) -> dict:
    return {
        "startedDateTime": "2025-05-06T16:18:40Z",
        "request": {"method": "GET", "url": f"https://app.example.com/r/{index}", "headers": []},
        "response": {"status": status, "headers": [], "content": {"mimeType": "text/plain"}},
    }


def write_har(path: Path, count: int, padding: int = 0) -> None:
    with open(path, "w") as out:
        out.write('{"log": {"version": "1.2", "entries": [')
        for index in range(count):
            item = entry(index, 401 if index == count - 1 else 200)
            if padding:
                item["response"]["content"]["text"] = "x" * padding
            out.write(("," if index else "") + json.dumps(item))
        out.write("]}}")


@pytest.mark.slow
def test_binary_junk_is_one_line_and_exit_2(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 64)
    result = wizard("ingest", str(junk))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "binary" in lines[0] and "Traceback" not in lines[0]
    assert result.stdout == b""


@pytest.mark.slow
def test_nothing_recognised_says_what_is_accepted():
    result = wizard("ingest", "-", stdin=b"hello, nothing to see here\n")
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "HAR" in message and "curl" in message and message.count("\n") == 1


@pytest.mark.slow
def test_a_missing_file_is_one_line():
    result = wizard("ingest", "no-such-file.har")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("wizard: error: cannot read no-such-file.har")


def test_a_cut_har_gives_the_entries_before_the_cut(tmp_path):
    path = tmp_path / "cut.har"
    write_har(path, 50)
    path.write_bytes(path.read_bytes()[:-400])
    evidence = ingest_path(path)
    assert evidence.recognised
    assert any("cut or broken" in note for note in evidence.notes)
    (har,) = [p for p in evidence.pieces if p.kind == "har"]
    assert "(48 entries)" in har.where or "(49 entries)" in har.where


def test_cut_json_that_is_no_har_falls_back_to_text():
    evidence = ingest_text('[{"eventType": "app.oauth2.as.authorize.scope_denied", "outc')
    assert any("cut or broken" in note for note in evidence.notes)
    assert [f.message_id for f in evidence.findings] == ["okta.scope_denied"]


@pytest.mark.slow
def test_a_har_of_100000_entries_is_read_whole(tmp_path):
    path = tmp_path / "many.har"
    write_har(path, 100_000)
    evidence = ingest_path(path)
    (har,) = [p for p in evidence.pieces if p.kind == "har"]
    assert "(100000 entries)" in har.where
    assert evidence.value("status") == "401"
    assert evidence.value("resource_url") == "https://app.example.com/r/99999"


@pytest.mark.slow
def test_a_200_mb_har_is_streamed_in_bounded_memory(tmp_path):
    path = tmp_path / "big.har"
    write_har(path, 2_100, padding=100_000)
    assert path.stat().st_size > 200 * 1024 * 1024
    probe = (
        "import resource, sys\n"
        "from wizard.cli import main\n"
        f"code = main(['ingest', {str(path)!r}, '--json'])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, timeout=600
    )
    peak_kib = int(result.stderr.decode().strip().splitlines()[-1])
    assert peak_kib < 300 * 1024, f"peak resident memory {peak_kib} KiB"
    document = json.loads(result.stdout)
    assert document["facts"]["status"] == "401"


def test_a_paste_in_several_languages_is_still_read():
    text = (
        "お客様からの報告: ログインに失敗しました\n"
        "تقرير العميل: فشل تسجيل الدخول\n"
        "IDX10214: Audience validation failed. Audiences: 'api://ä'. Did not match: "
        "validationParameters.ValidAudience: 'ä' or validationParameters.ValidAudiences: 'null'.\n"
    )
    report = ingest_report(ingest_text(text))
    assert report.evidence.value("token_audience") == "api://ä"
    assert report.step is not None and report.step.goto == "evidence-401:audience"


def test_terminal_control_and_bidi_characters_never_reach_the_output():
    text = (
        "HTTP/1.1 401 Unauthorized\n"
        'WWW-Authenticate: Bearer error="invalid_token\x1b[2J", '
        'error_description="evil\u202etxt.exe"\n\n'
    )
    report = ingest_report(ingest_text(text))
    shown = report.to_text() + report.to_json()
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "invalid_token" in shown
