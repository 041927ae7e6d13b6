"""Test setup shared by every test: headless Qt and a calm hypothesis profile."""

import os

# Qt must never need a display in tests: set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests from reading or writing the real user's settings and autosaves.
os.environ.setdefault("GRADIENT_EXPLORER_TESTING", "1")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "default", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")
