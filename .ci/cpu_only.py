"""Fail if a pip install report (`pip install --dry-run --report FILE`) resolves CUDA packages.

Usage: python .ci/cpu_only.py FILE. PyPI's Linux torch pulls nvidia-* and triton wheels,
gigabytes the bot never uses; `make setup` installs torch from PyTorch's CPU index instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cuda_packages(report: dict) -> list[str]:
    """The name==version of every nvidia-* or triton package the report would install."""
    found = []
    for item in report.get("install", []):
        name = item["metadata"]["name"].lower().replace("_", "-")
        if name.startswith("nvidia-") or name == "triton":
            found.append(f"{name}=={item['metadata']['version']}")
    return sorted(found)


def main(path: str) -> int:
    report = json.loads(Path(path).read_text())
    found = cuda_packages(report)
    torch = [i for i in report.get("install", []) if i["metadata"]["name"].lower() == "torch"]
    build = torch[0]["metadata"]["version"] if torch else "not resolved"
    if found:
        print(
            f"the install resolves torch {build} with CUDA packages: {', '.join(found)}; "
            "install torch from PyTorch's CPU index first (TORCH_INDEX in the Makefile)",
            file=sys.stderr,
        )
        return 1
    print(f"CPU only: torch {build}, {len(report.get('install', []))} packages, no nvidia-*/triton")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
