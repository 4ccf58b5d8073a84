"""Evidence names inside the pack: portable, unique without case, stable between builds."""

from __future__ import annotations

from psn_desktop.pack.naming import assign_names, portable_name


def test_names_keep_their_words_but_lose_what_windows_or_bagit_forbid():
    assert portable_name("Firewall rules: 2026/27?.csv") == "Firewall rules_ 2026_27_.csv"
    assert portable_name("  policy  v2 .txt  ") == "policy v2.txt"
    assert portable_name("100% done\r\n.txt") == "100_ done__.txt"
    assert portable_name("Cynllun Pen-y-ŵyn.pdf") == "Cynllun Pen-y-ŵyn.pdf"
    assert portable_name("CON.txt") == "_CON.txt"
    assert portable_name("...") == "evidence"
    assert portable_name("a" * 300 + ".pdf").endswith(".pdf")
    assert len(portable_name("a" * 300 + ".pdf")) <= 120


def test_the_same_unicode_name_in_two_forms_is_one_name():
    assert portable_name("w\u0302.txt") == portable_name("\u0175.txt")


def test_collisions_get_a_hash_and_the_result_does_not_depend_on_order():
    files = [("b" * 64, "Plan.pdf"), ("a" * 64, "plan.pdf"), ("c" * 64, "diagram.svg")]
    names = assign_names(files)
    assert names["c" * 64] == "diagram.svg"
    assert names["a" * 64] == "plan-aaaaaaaaaaaa.pdf"
    assert names["b" * 64] == "Plan-bbbbbbbbbbbb.pdf"
    assert assign_names(reversed(files)) == names
    assert len({n.casefold() for n in names.values()}) == 3


def test_a_file_named_like_a_tagged_one_still_gets_a_unique_name():
    files = [("a" * 64, "plan.pdf"), ("b" * 64, "plan.pdf"),
             ("c" * 64, "plan-aaaaaaaaaaaa.pdf")]
    names = assign_names(files)
    assert len({n.casefold() for n in names.values()}) == 3
