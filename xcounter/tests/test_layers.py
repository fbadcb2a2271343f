"""Imports run one way: an app may use the apps below it, never one above (nor a peer).

The order, bottom to top, is the map of the theater in the README ("App layers"). A lower app
that must tell a higher one something sends a signal; the higher app listens.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Bottom to top. Apps in one tuple are peers: they may not import each other.
LAYERS = [
    ("xcounter",),  # money, parsing: plain helpers every app may use
    ("outbox",),  # the mail queue every app may use
    ("users",),
    ("movies",),
    ("coupons",),
    ("promotions",),
    ("bookings",),
    ("sales",),  # the sales figures: built from bookings' ticket lines, read by every page above
    ("employees",),
    ("notifications",),
    ("reviews", "support", "feedback"),  # features built on notifications; peers
    ("reporting",),  # PDF and CSV reports, scheduled mailing: reads the figures
    ("dashboard",),  # each role's dashboard: reads the figures, links each section to its report
    ("operations",),  # backups and restores: every app's tables, only through the database
    ("health",),  # /healthz for the load balancer: reads the database, the cache, the outbox
    ("demo",),
]
# The composition root wires every app together: it sits above them all.
TOP = {"xcounter.urls", "xcounter.settings", "xcounter.wsgi", "xcounter.asgi"}

LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


def _app_files():
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" not in parts and "migrations" not in parts:
                yield app, path


def upward_imports() -> list[str]:
    wrong = []
    for app, path in _app_files():
        module = _module(path)
        if any(module == top or module.startswith(f"{top}.") for top in TOP):
            continue
        for name, line in _imports(path):
            other = name.split(".")[0]
            if other in LEVEL and other != app and LEVEL[other] >= LEVEL[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({app}) imports {name} ({other})")
    return wrong


def test_every_app_is_in_the_layer_order():
    apps = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert apps - set(LEVEL) == set(), "Add the new app to LAYERS (and to the README's app layers)"


def test_imports_point_down_the_layers():
    order = " → ".join("/".join(apps) for apps in LAYERS)
    assert upward_imports() == [], f"Imports must point down the layers, bottom to top: {order}"


def test_an_upward_import_is_caught(tmp_path, monkeypatch):
    """The check itself bites: a users module importing bookings is reported."""
    app = tmp_path / "users"
    app.mkdir()
    (app / "rogue.py").write_text("from bookings.models import Booking\n")
    monkeypatch.setattr("xcounter.tests.test_layers.ROOT", tmp_path)
    assert upward_imports() == ["users/rogue.py:1 (users) imports bookings.models (bookings)"]
