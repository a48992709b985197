"""A clean install: torch from PyTorch's CPU index first and alone, no CUDA packages, Python 3.11-3.13."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent


def _setup_commands(tmp_path: Path, *overrides: str) -> list[str]:
    """The pip commands `make setup` would run for a fresh venv, as make prints them."""
    printed = subprocess.run(
        ["make", "-n", "setup", f"VENV={tmp_path / 'venv'}", *overrides],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [line for line in printed.splitlines() if "pip install" in line]


def test_setup_installs_torch_alone_first_from_the_cpu_index(tmp_path: Path) -> None:
    torch, project = _setup_commands(tmp_path)
    assert torch.split()[-1] == "torch" and "--no-deps" in torch
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in torch
    # One try: where the index cannot be reached the local wheel serves without a wait.
    assert "--retries 0" in torch
    assert "-e '.[dev]'" in project and "download.pytorch.org" not in project


def test_the_torch_index_can_be_overridden(tmp_path: Path) -> None:
    torch, _ = _setup_commands(tmp_path, "TORCH_INDEX=https://mirror.example/torch-cpu")
    assert "--extra-index-url https://mirror.example/torch-cpu" in torch


def _report(tmp_path: Path, *names: str) -> Path:
    report = {
        "version": "1",
        "install": [{"metadata": {"name": name, "version": "1.0"}} for name in names],
    }
    path = tmp_path / "resolved.json"
    path.write_text(json.dumps(report))
    return path


def _check(report: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "cpu_only.py"), str(report)],
        capture_output=True, text=True,
    )  # fmt: skip


def test_the_ci_check_fails_on_a_resolution_with_cuda_packages(tmp_path: Path) -> None:
    result = _check(_report(tmp_path, "torch", "nvidia-cublas-cu12", "triton", "numpy"))
    assert result.returncode == 1
    assert "nvidia-cublas-cu12==1.0, triton==1.0" in result.stderr


def test_the_ci_check_passes_a_cpu_only_resolution(tmp_path: Path) -> None:
    result = _check(_report(tmp_path, "torch", "numpy", "sentence-transformers"))
    assert result.returncode == 0, result.stderr
    assert "no nvidia-*/triton" in result.stdout


def test_ci_checks_the_resolution_before_the_tests() -> None:
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert steps.index("make cpu-only") < steps.index("make test")


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_python_3_11_to_3_13_are_supported(version: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert SpecifierSet(project["requires-python"]).contains(f"{version}.0")
