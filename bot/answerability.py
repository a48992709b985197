"""One calibrated decision: answer, offer the closest passage, or say the content lacks it."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

CALIBRATION = Path(__file__).with_name("answerability.json")
Verdict = Literal["answer", "closest", "refuse"]


@dataclass(frozen=True)
class Signals:
    """Evidence that the content answers a question, each in [0, 1] or a cosine."""

    sentence: float  # best sentence's similarity to the question
    passage: float  # best passage's similarity to the question
    coverage: float  # rarity-weighted share of the question's terms in the best passage
    unknown: float  # rarity-weighted share of the question's words the content never uses
    absent_name: float  # 1 when the question names a programme, model or person no passage names

    def vector(self) -> list[float]:
        return [self.sentence, self.passage, self.coverage, self.unknown, self.absent_name]


FEATURES = tuple(Signals.__dataclass_fields__)
SIGNS = (1, 1, 1, -1, -1)  # the direction each signal may push p(answerable)


@dataclass(frozen=True)
class Policy:
    """A logistic model over the signals and two cut-offs on its probability."""

    weights: tuple[float, ...]  # one per FEATURES entry
    bias: float
    answer_at: float  # at least this likely answerable: answer
    closest_at: float  # at least this: show the closest passage, not as an answer
    model: str = ""  # the embedding model it was calibrated for

    def probability(self, signals: Signals) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, signals.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def decide(self, signals: Signals) -> Verdict:
        p = self.probability(signals)
        if p >= self.answer_at:
            return "answer"
        return "closest" if p >= self.closest_at else "refuse"

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "features": list(FEATURES)}

    @classmethod
    def load(cls, path: Path = CALIBRATION) -> Policy:
        raw = json.loads(path.read_text())
        if raw.get("features") != list(FEATURES):
            raise ValueError(f"{path} was calibrated on other signals: run `make evaluate`")
        return cls(
            tuple(float(w) for w in raw["weights"]),
            float(raw["bias"]),
            float(raw["answer_at"]),
            float(raw["closest_at"]),
            str(raw.get("model", "")),
        )

    def save(self, path: Path = CALIBRATION) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")


def fit(rows: list[tuple[Signals, bool]], l2: float = 0.01, steps: int = 20_000) -> Policy:
    """Logistic regression by gradient descent on standardised signals (a few hundred rows:
    numpy is plenty), returned with weights on the raw signals. Cut-offs default to 0.5/0.3;
    evals/calibrate.py sets them from the dev set."""
    import numpy as np

    x = np.array([s.vector() for s, _ in rows], dtype=np.float64)
    y = np.array([float(a) for _, a in rows])
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / spread
    # Balance the classes: off-topic questions are fewer but each wrong answer costs as much.
    weight = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= 0.1 * (z.T @ g / len(y) + l2 * w)
        # Evidence for an answer only raises p, and words or names the content lacks only
        # lower it: a sign the other way is an accident of a small sample.
        w = np.where(np.array(SIGNS) > 0, np.maximum(w, 0.0), np.minimum(w, 0.0))
        b -= 0.1 * g.mean()
    raw = w / spread
    return Policy(tuple(float(v) for v in raw), float(b - raw @ mean), 0.5, 0.3)
