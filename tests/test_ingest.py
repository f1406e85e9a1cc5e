from pathlib import Path

from dyad.ingest import read_sources
from dyad.ingest.clean import clean_text, content_hash, problem
from dyad.ingest.pubdate import from_url, infer
from dyad.model import Document, Skip

FIX = Path(__file__).parent / "fixtures" / "articles"


def by_where(items):
    return {Path(i.where if isinstance(i, Skip) else i.source_path).name: i for i in items}


def test_html_goes_through_trafilatura_and_loses_page_furniture():
    [doc] = list(read_sources([FIX / "page.html"]))
    assert isinstance(doc, Document)
    assert doc.id == "page"
    assert "Chinese special envoy" in doc.text
    for junk in ("Leave a Reply", "Skip to content", "Share This Story", "cookies", "email address"):
        assert junk not in doc.text
    assert doc.published == "2022-03-14" and doc.published_basis == "stated"
    assert doc.outlet == "Example Wire"


def test_plain_text_furniture_removed_and_published_date_read_from_page():
    [doc] = list(read_sources([FIX / "furniture.txt"]))
    assert "Skip to content" not in doc.text and "Leave a Reply" not in doc.text
    assert "logged in" not in doc.text and "cookies" not in doc.text
    assert doc.text.startswith("Published On") or "foreign ministry of Iran" in doc.text
    assert doc.published == "2020-03-03"
    assert doc.published_basis.startswith("inferred")


def test_jsonl_lines_and_malformed_lines_reported_with_line_numbers():
    items = list(read_sources([FIX / "feed.jsonl"]))
    docs = [i for i in items if isinstance(i, Document)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [d.id for d in docs] == ["feed-1", "feed-4"]
    assert docs[0].published == "2024-01-10" and docs[0].outlet == "Example Wire"
    wheres = sorted(s.where.rsplit(":", 1)[1] for s in skips)
    assert wheres == ["2", "3", "4"]
    assert all(s.where.startswith(str(FIX / "feed.jsonl")) for s in skips)
    assert any("no 'text'" in s.reason for s in skips)


def test_bad_files_are_skipped_with_reasons():
    items = by_where(read_sources([FIX]))
    assert items["empty.txt"].reason == "empty"
    assert items["blob.txt"].reason == "binary file"
    assert "not English" in items["german.txt"].reason
    assert "undecodable" in items["latin1.txt"].reason


def test_missing_path_is_a_skip_not_a_crash(tmp_path):
    [s] = list(read_sources([tmp_path / "nope"]))
    assert isinstance(s, Skip) and "no such file" in s.reason


def test_unsupported_and_huge_files(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    big = tmp_path / "big.txt"
    big.write_text("word " * 1_100_000)
    items = by_where(read_sources([tmp_path]))
    assert "unsupported" in items["a.pdf"].reason
    assert "too large" in items["big.txt"].reason


def test_front_matter_sets_metadata(tmp_path):
    p = tmp_path / "x.md"
    p.write_text("---\ntitle: A title\npublished: 2023-05-28\noutlet: dyad sample\n---\n\n"
                 "Iranian border guards and Taliban forces exchanged fire on the border on Saturday, "
                 "officials from both sides said.\n")
    [d] = list(read_sources([p]))
    assert (d.title, d.published, d.outlet, d.published_basis) == ("A title", "2023-05-28", "dyad sample", "stated")
    assert not d.text.startswith("---")


def test_content_hash_ignores_whitespace_and_case():
    assert content_hash("A  b\nC") == content_hash("a b c")


def test_clean_text_keeps_article_lines():
    assert clean_text("Share\nThe minister met the envoy.\nTweet") == "The minister met the envoy."


def test_share_bars_and_comment_buttons_are_furniture():
    text = "Published on\nShare this article Comments\nShare this article Close Button\nThe envoy left Kabul."
    assert clean_text(text) == "The envoy left Kabul."
    assert clean_text("Comments on the deal were sharp.") == "Comments on the deal were sharp."


def test_a_line_the_page_repeats_is_told_once():
    caption = "Qatar's emir, right, greets the Pakistani prime minister in Doha, Monday."
    text = (f"Headline of the story\n{caption}\n{caption} Copyright  Qatar News Agency\n"
            "The two leaders discussed trade. The two leaders discussed trade.\n"
            "The two leaders discussed trade. The two leaders discussed trade. They also signed a deal.\n"
            "Short line\nShort line")
    out = clean_text(text).split("\n")
    assert out.count(caption) == 1 and not any("Copyright" in ln for ln in out)
    assert "They also signed a deal." in out            # what a longer line adds is kept
    assert out.count("Short line") == 2                  # short lines ("Live", "Video") may repeat
    lede = "The Qatari emir met the Pakistani prime minister in Doha on Monday."
    out = clean_text(f"Headline\n{lede}\nQNA: {lede}\nDOHA (AP) — Talks went on late into the night.\n"
                     "Talks went on late into the night.").split("\n")
    assert out == ["Headline", lede, "DOHA (AP) — Talks went on late into the night."]


def test_problem_detects_non_latin_script():
    assert "non-Latin" in problem("وزیر امور خارجه ایران با نماینده طالبان در تهران دیدار و گفتگو کرد " * 3)


def test_publication_date_inference_order():
    assert infer("Published on: 4 May 2022\nThe envoy met the minister.")[0] == "2022-05-04"
    assert infer("TEHRAN, Jan. 5, 2021 (Wire) - The envoy met the minister.")[0] == "2021-01-05"
    d, basis = infer("The envoy met the minister in March 2019 and again on April 4.")
    assert d == "2019-04" and basis.startswith("inferred: latest")
    assert infer("No dates here at all, just words about meetings.") == (None, "unknown")


def test_dates_in_urls():
    assert from_url("https://x.org/2025/06/story") == "2025-06"
    assert from_url("https://x.org/18-Sep-2019/story") == "2019-09-18"
    assert from_url("https://x.org/en/202506023485") == "2025-06-02"
    assert from_url("https://x.org/node/2618608") is None


def test_an_ago_clause_that_names_a_dated_event_dates_the_article():
    text = ("Rebels captured the port city of Hodeidah on 3 March 2015 after a long siege. "
            "Three years ago, when the rebels captured Hodeidah, few expected them to hold it. "
            "Officials met again last week.")
    d, basis = infer(text)
    assert d == "2018" and "Three years ago" in basis and "3 March 2015" in basis
    # the clause must share a name with the dated sentence: an unrelated "ago" changes nothing
    other = ("Rebels captured the port city of Hodeidah on 3 March 2015. "
             "Three years ago, when the drought began, farmers left the valley.")
    assert infer(other)[0] == "2015-03"
