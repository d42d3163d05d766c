"""Shared test configuration: Hypothesis profiles (a fast default, a thorough ``ci``)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None)
# CI reruns tests/core and tests/plugins once per plugin selection to prove the core does not
# depend on any plugin; that proves independence, not depth, so it searches lightly
settings.register_profile(
    "plugin_matrix", max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
