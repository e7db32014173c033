"""Bad input ends as a recorded rejected/flagged report with a reason; the run succeeds; no other
report is lost."""

from __future__ import annotations

import os

import pytest

from tests.conftest import sample_bytes
from tests.helpers import make_raw, materialize, query, settings_for

pytestmark = pytest.mark.slow  # subprocesses and big files: left out of mutation runs (make mutate)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4bb0000000049454e44ae426082"
)


def test_every_kind_of_bad_input_is_recorded(tmp_path):
    raw = make_raw(tmp_path)
    good = sample_bytes("004")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "junk.bin").write_bytes(os.urandom(4096))
    (raw / "photo.txt").write_bytes(PNG)
    (raw / "notes.txt").write_text("会议纪要\n今天讨论了食堂菜单。\n", "utf-8")
    (raw / "truncated.txt").write_bytes(good[: len(good) // 3])  # cut off in table 二
    (raw / "copy of 004.txt").write_bytes(good)  # duplicate of another file
    (raw / "big.txt").write_bytes(good + ("这是一段很长的附录文字。" * 700_000).encode("utf-8"))  # ~25 MB
    (raw / "名字 with 'quotes' \"and\" spaces.txt").write_bytes(
        sample_bytes("002").replace("大武口区".encode(), "惠农区".encode())
    )
    # other encodings of (slightly different) reports; an identical re-encoding would be a duplicate
    (raw / "gbk.txt").write_bytes(
        sample_bytes("003").decode("utf-8").replace("新乡市牧野区", "新乡市红旗区").encode("gb18030")
    )
    (raw / "utf16.txt").write_bytes(
        sample_bytes("000").decode("utf-8").replace("2023 年政府", "2024 年政府").encode("utf-16")
    )
    (raw / "same-as-003-in-gbk.txt").write_bytes(sample_bytes("003").decode("utf-8").encode("gb18030"))
    (raw / "bad-utf8.txt").write_bytes(good[:500] + b"\xff\xfe\xfa" + good[500:])

    settings = settings_for(tmp_path, raw)
    materialize(settings)
    got = {f: (s, r) for f, s, r in query(settings, "SELECT source_file, status, status_reason FROM reports")}

    assert got["empty.txt"][0] == "rejected" and "empty" in got["empty.txt"][1]
    assert got["junk.bin"][0] == "rejected" and "binary" in got["junk.bin"][1]
    assert got["photo.txt"][0] == "rejected" and "PNG" in got["photo.txt"][1]
    assert got["notes.txt"][0] == "rejected" and "not a report" in got["notes.txt"][1]
    assert got["truncated.txt"][0] == "flagged" and "parse issue" in got["truncated.txt"][1]
    # the duplicate: one of the two identical files holds the content, the other says whose it is
    assert got["copy of 004.txt"] == ("rejected", "duplicate of 004_10659aee92df145a.txt")
    assert got["big.txt"][0] == "ok"  # a large file with an appendix is still a report
    assert got["名字 with 'quotes' \"and\" spaces.txt"][0] == "ok"
    assert got["gbk.txt"][0] == "ok" and got["utf16.txt"][0] == "ok"
    assert got["same-as-003-in-gbk.txt"] == ("rejected", "duplicate of 003_d677def7845cc038.txt")
    assert got["bad-utf8.txt"][0] == "rejected" and got["bad-utf8.txt"][1].startswith("undecodable")

    # nothing else lost: the five samples are all there, with their cells
    assert query(settings, "SELECT count(*) FROM reports WHERE source_file LIKE '00%' AND status = 'ok'") == [(5,)]
    assert query(settings, "SELECT count(DISTINCT report_id) FROM cells") == [
        (len([s for s in got.values() if s[0] != "rejected"]),)
    ]
    assert all(reason for status, reason in got.values() if status != "ok")
    encodings = dict(
        query(settings, "SELECT source_file, encoding FROM reports WHERE source_file IN ('gbk.txt', 'utf16.txt')")
    )
    assert encodings == {"gbk.txt": "gb18030", "utf16.txt": "utf-16"}
