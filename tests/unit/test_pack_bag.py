"""BagIt tag files: what the builder writes is what the verifier (and the RFC) reads."""

from __future__ import annotations

from psn_desktop.pack import bag


def test_manifest_lines_are_sorted_and_escape_what_the_rfc_says():
    text = bag.manifest_txt([("data/b.txt", "b" * 64), ("data/a%\nb.txt", "a" * 64)]).decode()
    assert text == f"{'a' * 64}  data/a%25%0Ab.txt\n{'b' * 64}  data/b.txt\n"
    entries, problems = bag.parse_manifest(text)
    assert problems == []
    assert entries == {"data/a%\nb.txt": "a" * 64, "data/b.txt": "b" * 64}


def test_bad_manifest_lines_are_reported_by_number():
    entries, problems = bag.parse_manifest(f"{'a' * 64}  data/x\nnot a line\n{'b' * 64}  data/x\n")
    assert entries == {"data/x": "a" * 64}
    assert [p.line for p in problems] == [2, 3]
    assert "a second time" in problems[1].message


def test_bag_info_is_one_line_per_value_and_leaves_out_blanks():
    text = bag.bag_info_txt([("Source-Organization", "Ysgol\nPen-y-ŵyn"), ("Contact-Name", ""),
                             ("Bagging-Date", "2026-11-23")]).decode()
    assert text == "Source-Organization: Ysgol Pen-y-ŵyn\nBagging-Date: 2026-11-23\n"
    assert bag.parse_tags(text) == {"Source-Organization": ["Ysgol Pen-y-ŵyn"],
                                    "Bagging-Date": ["2026-11-23"]}


def test_folded_tag_lines_are_joined():
    assert bag.parse_tags("Label: first\n  second\n")["Label"] == ["first second"]


def test_bagit_txt_is_version_1():
    assert bag.bagit_txt() == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
