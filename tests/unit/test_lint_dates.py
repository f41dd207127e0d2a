"""Dates in post metadata: exactly the forms Pelican reads pass the content lint."""

from __future__ import annotations

from pathlib import Path

from cadence.checks.lint import lint


def lint_dates(tmp_path: Path, dates: dict[str, str]) -> list[str]:
    content = tmp_path / "content"
    content.mkdir()
    for name, date in dates.items():
        (content / f"{name}.md").write_text(f"Title: {name}\nDate: {date}\n\nText.\n")
    return lint(content, {})


def test_dates_pelican_reads_in_other_forms_pass(tmp_path):
    assert (
        lint_dates(
            tmp_path,
            {
                "spelled-out": "22 September 2011 10:00",
                "slashes": "2011/09/22",
                "offset": "2011-09-22T10:00+02:00",
                "fraction": "2011-09-22 10:00:00.5",
                "two-spaces": "2011-09-22  10:00",
            },
        )
        == []
    )


def test_iso_forms_pelican_cannot_read_are_reported(tmp_path):
    """An ISO week date is valid ISO 8601, but Pelican would skip the post."""
    assert lint_dates(
        tmp_path,
        {"week": "2011-W38-4", "midnight": "2011-09-22 24:00", "leap": "2011-02-29"},
    ) == [
        "content/leap.md:2: Date: expected a real date such as 2011-09-22 or "
        "'2011-09-22 10:00', got '2011-02-29'",
        "content/midnight.md:2: Date: expected a real date such as 2011-09-22 or "
        "'2011-09-22 10:00', got '2011-09-22 24:00'",
        "content/week.md:2: Date: expected a real date such as 2011-09-22 or "
        "'2011-09-22 10:00', got '2011-W38-4'",
    ]
