"""Performance against DESIGN.md §7, each figure a ratio to a baseline measured in the same run.

Usage: python benchmarks/bench.py [--files 200] [--scale 0]
  1. answer latency p50/p95 over the evals/ questions vs the model's single-query encode time
  2. full build time vs the model's raw batch-encode time for the same texts (passages and
     their sentences, which the build embeds too)
  3. incremental rebuild (1 file of a generated 200-file corpus changed) vs the full build
  4. peak RSS of a serving process (model loaded, the evals/ questions answered)
  5. with --scale N: p95 search+answer latency over an index of N synthetic chunks
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bot.answer import answer  # noqa: E402
from bot.config import Settings  # noqa: E402
from evals.questions import load_set  # noqa: E402
from index import chunking  # noqa: E402
from index.build import build  # noqa: E402
from index.embed import SentenceTransformerEmbedder  # noqa: E402
from index.loaders import discover, load_document  # noqa: E402
from index.sentences import split_sentences  # noqa: E402
from index.store import open_version  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p))


def timed(fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def latency(embedder: SentenceTransformerEmbedder, questions: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "content", Path(tmp), embedder, max_bytes=25 << 20)
        version, _ = open_version(Path(tmp))
        for q in questions:  # warm caches, allocator and threads
            answer(q, version, embedder)
        # Separate loops: the baseline is the model alone, as a server with no index would run it.
        encode = [timed(embedder.encode, [q]) for _ in range(3) for q in questions]
        full = [timed(answer, q, version, embedder) for _ in range(3) for q in questions]
    e50 = percentile(encode, 50)
    return {
        "encode_p50_ms": e50,
        "answer_p50_ms": percentile(full, 50),
        "answer_p95_ms": percentile(full, 95),
        "p50_over_encode": percentile(full, 50) / e50,
    }


def build_throughput(embedder: SentenceTransformerEmbedder) -> dict[str, float]:
    chunks = []
    for path in discover(ROOT / "content"):
        doc = load_document(ROOT / "content", path, 25 << 20)
        chunks += chunking.split(doc, embedder.count_tokens, embedder.max_tokens)
    texts = [c.embedding_text() for c in chunks]
    texts += [c.sentence_embedding_text(s) for c in chunks for _, s in c.sentences()]
    start = time.perf_counter()
    for i in range(0, len(texts), 64):
        embedder.encode(texts[i : i + 64])
    raw_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        report = build(ROOT / "content", Path(tmp), embedder, max_bytes=25 << 20)
    return {
        "chunks": len(chunks),
        "texts": len(texts),
        "raw_chunks_per_s": len(chunks) / raw_s,
        "build_chunks_per_s": report.chunks / report.took_s,
        "ratio": raw_s / report.took_s,
    }


def generated_corpus(folder: Path, files: int) -> None:
    """Files made of the real content's sentences, shuffled: realistic text, no new facts needed."""
    sentences = []
    for path in discover(ROOT / "content"):
        doc = load_document(ROOT / "content", path, 25 << 20)
        sentences += [s for block in doc.blocks for s in split_sentences(block.text)]
    rng = random.Random(7)
    for n in range(files):
        sections = []
        for s in range(rng.randint(2, 4)):
            body = " ".join(rng.sample(sentences, rng.randint(6, 14)))
            sections.append(f"## Section {s + 1}\n\n{body}\n")
        text = f'---\ntitle: "Generated document {n}"\nkind: local\nurl: https://example.org/{n}\n---\n\n'
        (folder / f"doc-{n:03d}.md").write_text(text + "\n".join(sections))


def incremental(embedder: SentenceTransformerEmbedder, files: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        content, index_dir = Path(tmp) / "content", Path(tmp) / "index"
        content.mkdir()
        generated_corpus(content, files)
        full = build(content, index_dir, embedder, max_bytes=25 << 20)
        target = content / "doc-100.md"
        target.write_text(
            target.read_text() + "\nThe admin added one more sentence to this file.\n"
        )
        inc = build(content, index_dir, embedder, max_bytes=25 << 20)
    return {
        "files": files,
        "chunks": full.chunks,
        "full_s": full.took_s,
        "incremental_s": inc.took_s,
        "re_embedded": inc.embedded,
        "ratio": inc.took_s / full.took_s,
    }


# Peak RSS from the child's own VmHWM: Linux keeps ru_maxrss across execve, so getrusage in
# the child would report this (large) benchmark process's peak instead.
SERVE = """
import json, re, sys
from bot.config import Settings
from bot.core import Core
from evals.questions import load_set
core = Core(Settings.from_env())
for q in load_set("dev") + load_set("test"):
    core.answer(q.question)
status = open("/proc/self/status").read()
kb = lambda name: int(re.search(name + r":\\s+(\\d+)", status).group(1))
print(json.dumps({"peak_rss_mb": kb("VmHWM") / 1024, "rss_mb": kb("VmRSS") / 1024}))
"""


def serving_memory(index_dir: Path) -> dict[str, float]:
    env = {"LEADBOT_INDEX_DIR": str(index_dir), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", SERVE],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def scale(embedder: SentenceTransformerEmbedder, n: int, questions: list[str]) -> dict[str, float]:
    """Synthetic chunks with random unit vectors: measures search cost at size, not quality."""
    from index.chunking import Chunk
    from index.publish import write_version
    from index.store import DocumentRecord

    rng = np.random.default_rng(3)
    words = [
        "leadership",
        "board",
        "clinical",
        "nurse",
        "therapist",
        "director",
        "talent",
        "culture",
        "trust",
        "pathway",
    ]
    chunks = [
        Chunk(f"{i:016x}", f"d{i // 50}.md", f"Doc {i // 50}", ("S",), None, None, None, None, "local",
              " ".join(rng.choice(words, 120)) + ".", i % 50)
        for i in range(n)
    ]  # fmt: skip
    vectors = rng.standard_normal((n, embedder.dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    docs = [
        DocumentRecord(f"d{d}.md", f"Doc {d}", "local", None, "md", "x", 50)
        for d in range((n + 49) // 50)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = {"built_at": "", "model": {"id": embedder.model_id}, "chunking": "1",
                    "counts": {"documents": len(docs), "chunks": n}, "documents": {}, "skipped": []}  # fmt: skip
        start = time.perf_counter()
        # One sentence a synthetic chunk; float16 as the build stores them.
        write_version(Path(tmp), chunks, vectors, vectors.astype(np.float16), docs, manifest)
        publish_s = time.perf_counter() - start
        version, _ = open_version(Path(tmp))
        times = [timed(answer, q, version, embedder) for q in questions * 2]
    return {
        "chunks": n,
        "publish_s": publish_s,
        "answer_p50_ms": percentile(times, 50),
        "answer_p95_ms": percentile(times, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument(
        "--scale", type=int, default=0, help="also measure an index of this many chunks"
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    embedder.load()
    questions = [q.question for q in load_set("dev") + load_set("test")]
    results = {
        "latency": latency(embedder, questions),
        "build": build_throughput(embedder),
        "incremental": incremental(embedder, args.files),
    }
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "content", Path(tmp), embedder, max_bytes=25 << 20)
        results["memory"] = serving_memory(Path(tmp))
    if args.scale:
        results["scale"] = scale(embedder, args.scale, questions)
    print(json.dumps(results, indent=2))
    lat, bld, inc = results["latency"], results["build"], results["incremental"]
    print(
        f"\nanswer p50 {lat['answer_p50_ms']:.1f} ms = {lat['p50_over_encode']:.2f} x encode "
        f"({lat['encode_p50_ms']:.1f} ms; target <= 1.5), p95 {lat['answer_p95_ms']:.1f} ms (target <= 40)"
    )
    print(
        f"full build {bld['build_chunks_per_s']:.0f} chunks/s = {bld['ratio']:.0%} of raw encode of "
        f"the same {bld['texts']} passage and sentence texts (target >= 80%)"
    )
    print(
        f"incremental rebuild of 1 of {inc['files']} files: {inc['incremental_s']:.2f} s = {inc['ratio']:.1%} "
        f"of full {inc['full_s']:.1f} s (target <= 10%), {inc['re_embedded']} chunks re-embedded"
    )
    print(f"serving peak RSS {results['memory']['peak_rss_mb']:.0f} MB (target <= 700)")
    if args.scale:
        sc = results["scale"]
        print(
            f"{sc['chunks']} chunks: answer p95 {sc['answer_p95_ms']:.1f} ms (target <= 60), publish {sc['publish_s']:.1f} s"
        )


if __name__ == "__main__":
    main()
