"""Screening throughput in one process, through the real screening function, no broker.

Also the crisis check the share view runs in the request (`find_crisis`, target p99 <= 5 ms on
2,000 characters). Run alone: `python -m bench.screening_speed` (DJANGO_SETTINGS_MODULE set).
"""

import statistics
import time

from bench.texts import story_texts

LENGTHS = (300, 1000, 2000)
# What the worker compares each story with (SCREENING_DUPLICATE_WINDOW): recent stories of mixed lengths.
WINDOW_SIZE = 300


def _rate(screen, texts: list[str], seconds: float) -> dict[str, float]:
    durations = []
    cpu_durations = []
    deadline = time.perf_counter() + seconds
    index = 0
    cpu_started = time.process_time()
    while time.perf_counter() < deadline:
        text = texts[index % len(texts)]
        started, cpu_at = time.perf_counter(), time.thread_time()
        screen(text)
        durations.append(time.perf_counter() - started)
        cpu_durations.append(time.thread_time() - cpu_at)
        index += 1
    cpu = time.process_time() - cpu_started
    durations.sort()
    cpu_durations.sort()
    return {
        "per_second": round(len(durations) / sum(durations), 1),
        # What the process does with a core to itself: on a shared machine the wall clock also counts waiting for one.
        "per_cpu_second": round(len(durations) / cpu, 1) if cpu else 0.0,
        "p50_ms": round(1000 * statistics.median(durations), 2),
        "p99_ms": round(1000 * durations[min(len(durations) - 1, int(0.99 * len(durations)))], 2),
        # The same on the CPU clock of this thread: what a request costs without waiting for a core.
        "cpu_p99_ms": round(1000 * cpu_durations[min(len(cpu_durations) - 1, int(0.99 * len(cpu_durations)))], 2),
        "stories": len(durations),
    }


def measure(*, seconds: float = 3.0, lengths: tuple[int, ...] = LENGTHS) -> list[dict]:
    """Return stories/s for each length: screen_text alone, and as the worker calls it."""
    from moderation import screening

    config = screening.config_from_settings()
    window_texts = [text for length in LENGTHS for text in story_texts(length, WINDOW_SIZE // len(LENGTHS), seed=1)]
    window = [(f"recent{n}", text) for n, text in enumerate(window_texts)]

    def alone(text):
        return screening.screen_text(text, config=config)

    def as_worker(text):
        # moderation.services.screen_story_by_id: the duplicate window and the flood count.
        similar = screening.count_similar(text, window_texts, config=config)
        return screening.screen_text(text, config=config, recent_texts=window, recent_similar_count=similar)

    rows = []
    for length in lengths:
        texts = story_texts(length, 60)
        for text in texts[:10]:  # first use builds patterns, word lists and the language model
            as_worker(text)
        rows.append({
            "length": length,
            "alone": _rate(alone, texts, seconds),
            "with_window": _rate(as_worker, texts, seconds),
        })
    return rows


def screen_stories(count: int, *, window: bool, length: int = 1000) -> None:
    """Screen `count` stories of `length` characters (with the worker's duplicate window or alone), after the
    same warm-up as measure(): what callgrind counts."""
    from moderation import screening

    config = screening.config_from_settings()
    window_texts = [text for size in LENGTHS for text in story_texts(size, WINDOW_SIZE // len(LENGTHS), seed=1)]
    recent = [(f"recent{n}", text) for n, text in enumerate(window_texts)] if window else []
    texts = story_texts(length, 60)
    for text in texts[:10]:
        screening.screen_text(text, config=config, recent_texts=recent)
    for text in texts[10:10 + count]:
        similar = screening.count_similar(text, window_texts, config=config) if window else 0
        screening.screen_text(text, config=config, recent_texts=recent, recent_similar_count=similar)


def measure_crisis_check(*, seconds: float = 3.0, length: int = 2000) -> dict[str, float]:
    """Return the speed of the request-time crisis check on stories of `length` characters."""
    from moderation.detectors.crisis import find_crisis

    texts = story_texts(length, 60)
    for text in texts[:10]:
        find_crisis(text)
    return {"length": length, **_rate(find_crisis, texts, seconds)}


def worker_memory_mb() -> float:
    """Return this process's peak resident memory after screening has loaded everything, in MB."""
    import resource

    from moderation import screening

    screening.screen_text(story_texts(1000, 1)[0], config=screening.config_from_settings())
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def digest_texts() -> list[tuple[str, list[str]]]:
    """Return the texts the signals digest screens, by set: the outside sets one may score (never the
    held ones: probe3, probe6, probe9), the validation set, the corpus lines and the bench's own stories."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = [root / "tests/moderation/outside_sets" / f"probe{n}.jsonl" for n in (2, 4, 5, 7, 8)]
    files.append(Path("/work/shared/data/screening-validation.jsonl"))
    sets = []
    for path in files:
        if path.exists():
            sets.append((path.name, [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]))
    corpus = []
    for path in sorted((root / "moderation/corpus").glob("*.txt")):
        corpus.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
    sets.append(("corpus", corpus))
    sets.append(("bench", [text for length in LENGTHS for text in story_texts(length, 100)]))
    return sets


def signals_digest(*, window_size: int = WINDOW_SIZE, dump=None) -> dict[str, object]:
    """Screen every digest text as the worker does (the texts before it in its set as the duplicate window,
    those in the flood window counted) and return the sha256 of a canonical dump of every result, per set
    and in all: the same digest before and after a change says the change moved no signal."""
    import hashlib
    import json

    from moderation import screening

    config = screening.config_from_settings()
    everything = hashlib.sha256()
    digests, count = {}, 0
    for name, texts in digest_texts():
        one = hashlib.sha256()
        for n, text in enumerate(texts):
            before = texts[max(0, n - window_size):n]
            similar = screening.count_similar(text, before[-50:], config=config)
            result = screening.screen_text(text, config=config, recent_texts=[(f"s{k}", t) for k, t in enumerate(before)],
                                           recent_similar_count=similar)
            line = json.dumps([
                [[s.type, s.start, s.end, s.confidence, s.reason] for s in result.signals],
                result.priority, result.lane, result.language, result.language_confidence, result.crisis, similar,
            ], ensure_ascii=False).encode() + b"\n"
            one.update(line)
            everything.update(line)
            if dump is not None:
                dump.write(f"{name} {n} ".encode() + line)
            count += 1
        digests[name] = one.hexdigest()
    return {"texts": count, "sha256": everything.hexdigest(), "sets": digests}


if __name__ == "__main__":
    import json
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if "--screen" in sys.argv:
        # --screen N [--window]: screen N stories of 1,000 characters after the warm-up, and nothing else;
        # run under callgrind with N and with 1, the difference over N - 1 is the instructions a story.
        stories = int(sys.argv[sys.argv.index("--screen") + 1])
        screen_stories(stories, window="--window" in sys.argv)
        sys.exit(0)
    if "--digest" in sys.argv:
        # --digest [PATH]: also write every result, one line a text, to PATH (to find what moved).
        at = sys.argv.index("--digest") + 1
        with open(sys.argv[at], "wb") if at < len(sys.argv) else open(os.devnull, "wb") as dump:
            print(json.dumps(signals_digest(dump=dump), indent=2))
        sys.exit(0)
    print(json.dumps({
        "crisis_check": measure_crisis_check(),
        "screening": measure(),
        "worker_memory_mb": worker_memory_mb(),
    }, indent=2))
