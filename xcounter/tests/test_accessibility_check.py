"""The browser tests' accessibility check itself (conftest.py, the `axe` fixture): it fails on what
it should, says what and where, and a rule is left out only with a reason."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context.new_page()
    context.close()


FAULTY = """<!doctype html><html lang="en"><head><title>Coupons</title></head><body><main><h1>Coupons</h1>
<button style="color:#ffc107;background:#fff;border:1px solid #ffc107">Deactivate</button>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>"""


def test_the_check_names_each_serious_violation_at_both_sizes(page, axe):
    page.set_content(FAULTY)
    with pytest.raises(AssertionError) as failure:
        axe(page)
    message = str(failure.value)
    assert "- [desktop] color-contrast (serious): Elements must meet minimum color contrast ratio" in message
    assert "- [phone] color-contrast (serious)" in message
    assert "contrast of 1.63 (foreground color: #ffc107, background color: #ffffff" in message
    assert "- [desktop] image-alt (critical): Images must have alternative text" in message
    assert page.viewport_size == {"width": 1280, "height": 720}  # the page's own size again


def test_a_rule_is_left_out_only_with_a_reason(page, axe):
    page.set_content(FAULTY.replace("<img", "<img alt=''"))
    with pytest.raises(AssertionError, match="say why a rule is left out"):
        axe(page, skip={"color-contrast": " "})
    axe(page, skip={"color-contrast": "this page is the check's own test: the low contrast is on purpose"})
