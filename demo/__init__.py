"""The demo theater for development: `python manage.py seed_demo` (above every app, it uses them all)."""
