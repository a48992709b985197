"""Shared fakes and isolation: no test reads a developer's .env, var/ or Slack tokens."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.answerability import FEATURES, Policy

DIMENSION = 64
_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Deterministic: each word hashes (crc32) to a slot, so texts sharing words are similar."""

    model_id = f"fake-crc32-{DIMENSION}"
    max_tokens = 256

    def __init__(self, dimension: int = DIMENSION) -> None:
        self.dimension = dimension  # more slots, fewer unrelated words colliding
        if dimension != DIMENSION:
            self.model_id = f"fake-crc32-{dimension}"
        self.encoded: list[str] = []  # every text sent to encode, to count re-embedding

    @property
    def passages(self) -> list[str]:
        """The passage texts encoded ("title > section\ntext"); sentences have no line break."""
        return [text for text in self.encoded if "\n" in text]

    @property
    def sentences(self) -> list[str]:
        return [text for text in self.encoded if "\n" not in text]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[i, zlib.crc32(word.encode()) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text.lower())) + 2


def threshold_policy(min_passage: float) -> Policy:
    """Answer exactly when the best passage's similarity reaches min_passage; never "closest".

    The calibrated policy suits the real model; with the fake embedder similarity is word
    overlap, so tests state the one bar they rely on.
    """
    weights = tuple(50.0 if name == "passage" else 0.0 for name in FEATURES)
    return Policy(weights, -50.0 * min_passage, 0.5, 0.5, "fake")


def write_policy(path: Path, policy: Policy) -> str:
    """Save a policy as a calibration file (for LEADBOT_ANSWERABILITY) and return its path."""
    policy.save(path)
    return str(path)


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own folder with no LeadBot, Slack or Teams settings from outside."""
    import os

    for name in list(os.environ):
        if name.startswith(("LEADBOT_", "SLACK_", "CONNECTIONS__", "MICROSOFT_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


SAMPLE_CONTENT = {
    "framework/framework.md": """---
title: "Clinical leadership – a framework for action"
kind: framework
url: https://example.nhs.uk/framework
publisher: NHS Improvement
published: 2019-01
---

## The five themes

The framework has five themes: building confidence, widening perspectives, talent management, practical levers and organisational culture.

## Eight clinical groups

The framework names eight clinical groups: allied health professionals, doctors, midwives, nurses, pharmacists, psychologists, healthcare scientists and social workers.

## Asks of boards

Trust boards should consider appointing a senior strategic AHP lead.
""",
    "case-studies/physio-director.md": """---
title: "Case study: physiotherapist to director of AHPs"
kind: case-study
url: https://example.nhs.uk/physio
profession: physiotherapist
profession_group: AHP
role: director of allied health professionals
level: sub-board
aims: [director of AHPs, professional lead]
themes: [glass ceiling]
summary: "A physiotherapist who moved through operational roles to a sub-board director of AHPs post."
---

## Journey

The physiotherapist was head of therapy and met a glass ceiling in the professional pathway.

## Turning point

Senior operational and transformation roles won the physiotherapist the director post.
""",
    "case-studies/midwife-chief-nurse.md": """---
title: "Case study: midwife to chief nurse"
kind: case-study
url: https://example.nhs.uk/midwife
profession: midwife
profession_group: midwifery
role: chief nurse
level: board
aims: [chief nurse, board, executive director]
themes: [mentoring]
summary: "A midwife who became chief nurse after outside leadership training and a mentor."
---

## Journey

The midwife worked clinically for ten years, then became head of midwifery and later chief nurse.

## Turning point

Leadership training outside the organisation and a supportive mentor and coach were the midwife's turning point.
""",
    "case-studies/psychologist-therapies.md": """---
title: "Case study: clinical psychologist to director of therapies"
kind: case-study
url: https://example.nhs.uk/psychologist
profession: clinical psychologist
profession_group: psychology
role: director of therapies
level: executive-team
aims: [executive director, board]
themes: [reporting line]
summary: "A clinical psychologist who reports to the chief executive as director of therapies."
---

## Journey

The clinical psychologist moved sideways to a new trust and then became director of therapies, reporting to the chief executive.
""",
}


def write_content(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write a small content folder (the sample by default) and return it."""
    for rel, text in (SAMPLE_CONTENT if files is None else files).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content folder: a framework summary and three case studies."""
    return write_content(tmp_path / "content")
