"""Test helpers, imported like any module: fakes, content, document generators, Slack and Teams kits."""
