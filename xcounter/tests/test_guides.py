"""The user guides in docs/ hold together: every picture they show is one the browser test takes,
and every link into the README lands on a heading that exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDES = ["customer", "salesman", "moderator", "admin", "operator"]


def anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text)


def test_every_role_has_a_guide_and_the_index_and_readme_link_them():
    index = (DOCS / "README.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for role in GUIDES:
        assert (DOCS / f"{role}.md").is_file()
        assert f"({role}.md)" in index
        assert f"(docs/{role}.md)" in readme


def test_every_picture_in_a_guide_is_taken_by_the_browser_test():
    taken = set(
        re.findall(r'shoot\(page, "([\w-]+)"\)', (ROOT / "xcounter/tests/test_guide_screenshots.py").read_text())
    )
    shown = set()
    for role in GUIDES:
        for target in links((DOCS / f"{role}.md").read_text()):
            if target.startswith("screenshots/"):
                name = target.removeprefix("screenshots/").removesuffix(".png")
                assert name in taken, f"{role}.md shows {target}, which no test takes"
                assert (DOCS / target).is_file(), f"{target} is missing: run make guides"
                shown.add(name)
    assert taken <= shown, f"taken but shown in no guide: {sorted(taken - shown)}"
    assert {p.stem for p in (DOCS / "screenshots").glob("*.png")} == taken  # no stale pictures left


def test_every_link_into_the_readme_lands_on_a_heading():
    headings = {anchor(h) for h in re.findall(r"^#+ (.+)$", (ROOT / "README.md").read_text(), re.M)}
    for page in DOCS.glob("*.md"):
        for target in links(page.read_text()):
            if target.startswith("../README.md#"):
                assert target.split("#", 1)[1] in headings, f"{page.name}: {target}"
            elif not target.startswith(("http", "#")):
                assert (page.parent / target.split("#")[0]).exists(), f"{page.name}: {target}"
