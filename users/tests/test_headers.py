"""Every page says what the browser may load and use; no page needs inline script or style for it."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Mail templates keep their inline styles: mail clients need them, and no browser policy applies.
PAGE_TEMPLATES = [
    path for path in (ROOT / "templates").rglob("*.html") if "email" not in path.relative_to(ROOT / "templates").parts
]
INLINE = {
    "style attribute": re.compile(r"\sstyle\s*="),
    "style element": re.compile(r"<style\b"),
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']"),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_page_templates_have_no_inline_script_or_style():
    assert len(PAGE_TEMPLATES) > 50
    found = [
        f"{path.relative_to(ROOT)}: {kind}"
        for path in PAGE_TEMPLATES
        for kind, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
def test_pages_carry_a_self_only_content_security_policy_and_a_permissions_policy(client):
    response = client.get("/")
    policy = dict(
        directive.strip().split(" ", 1) for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    features = dict(item.split("=") for item in response.headers["Permissions-Policy"].split(", "))
    assert features["camera"] == features["microphone"] == features["geolocation"] == features["payment"] == "()"
