"""Precision of mining on a labelled sample: the seeds plus realistic material (web copies cut at
either end, photo captions, news boilerplate, bylines, a Word report with tables).

Mines every file of the sample with the real miner, looks each distinct (kind, text) up in the
labels (`tests/data/precision/labels.tsv`: kind, text, good/bad, note — labelled by hand, a phrase
being good when a speechwriter would reuse it as it stands) and prints, per kind and overall: how
many distinct phrases were mined, how many are labelled good and bad, how many are not labelled yet
(they count against precision until someone labels them), and precision = good / mined. Also lists
the unlabelled phrases, so the sample stays complete, and counts phrases labelled good that are no
longer mined (what a stricter miner lost). Goal: ≥ 97 % overall, no kind below 90 %.

    python bench/precision.py [--unlabelled-only] [--lost]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "tests" / "data" / "precision"
LABELS = SAMPLE / "labels.tsv"
GOAL_OVERALL = 0.97
GOAL_PER_KIND = 0.90

Key = tuple[str, str]


@dataclass
class Measure:
    """Distinct mined phrases of the sample and what their labels say, per kind."""

    mined: dict[Key, str] = field(default_factory=dict)
    """(kind, text) → the first file it was mined from."""
    labels: dict[Key, tuple[str, str]] = field(default_factory=dict)
    """(kind, text) → (label, note)."""

    def counts(self, kind: str | None = None) -> tuple[int, int, int, int]:
        """(mined, good, bad, unlabelled) for one kind, or for all."""
        keys = [key for key in self.mined if kind is None or key[0] == kind]
        good = sum(1 for key in keys if self.labels.get(key, ("", ""))[0] == "good")
        bad = sum(1 for key in keys if self.labels.get(key, ("", ""))[0] == "bad")
        return len(keys), good, bad, len(keys) - good - bad

    def precision(self, kind: str | None = None) -> float:
        """Good / mined (unlabelled phrases count as not good)."""
        mined, good, _, _ = self.counts(kind)
        return good / mined if mined else 1.0

    def kinds(self) -> list[str]:
        """The kinds mined, in the order of `phrasebank.vocab.kinds.KINDS`."""
        from phrasebank.vocab.kinds import KINDS

        present = {kind for kind, _ in self.mined}
        return [kind for kind in KINDS if kind in present]

    def unlabelled(self) -> list[Key]:
        return [key for key in self.mined if key not in self.labels]

    def lost(self) -> list[Key]:
        """Phrases labelled good that the miner no longer finds."""
        return [key for key, (label, _) in self.labels.items() if label == "good" and key not in self.mined]

    def goal_met(self) -> bool:
        return self.precision() >= GOAL_OVERALL and all(self.precision(kind) >= GOAL_PER_KIND for kind in self.kinds())


def sample_files() -> list[Path]:
    """The seeds and the sample's own sources, in a fixed order."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    sources = sorted(path for path in (SAMPLE / "sources").iterdir() if path.suffix in (".txt", ".docx"))
    return seeds + sources


def read_labels(path: Path = LABELS) -> dict[Key, tuple[str, str]]:
    """The labels file: `kind<TAB>text<TAB>good|bad<TAB>note`, `#` comments and blank lines skipped."""
    labels: dict[Key, tuple[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[2] not in ("good", "bad"):
            raise ValueError(f"{path}:{number}: expected kind, text, good|bad, note")
        key = (fields[0], fields[1])
        if key in labels:
            raise ValueError(f"{path}:{number}: {key} is labelled twice")
        labels[key] = (fields[2], fields[3] if len(fields) > 3 else "")
    return labels


def measure() -> Measure:
    """Mine the sample with the real miner and match it against the labels."""
    from phrasebank.mining.pipeline import mine_file

    result = Measure(labels=read_labels())
    for path in sample_files():
        for phrase in mine_file(path).phrases:
            result.mined.setdefault((phrase.kind, phrase.text), path.name)
    return result


def table(result: Measure) -> str:
    """The precision table, one row per kind and one for all."""
    from phrasebank.vocab.kinds import KIND_NAMES

    rows = [f"{'kind':<11}{'mined':>7}{'good':>7}{'bad':>6}{'unlab.':>8}{'precision':>11}"]
    for kind in [*result.kinds(), None]:
        mined, good, bad, unlabelled = result.counts(kind)
        name = f"{kind} {KIND_NAMES[kind]}" if kind else "all"
        rows.append(f"{name:<9}{mined:>9}{good:>7}{bad:>6}{unlabelled:>8}{result.precision(kind):>10.1%}")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled-only", action="store_true", help="print only the unlabelled phrases, as TSV")
    parser.add_argument("--lost", action="store_true", help="also list phrases labelled good that are no longer mined")
    args = parser.parse_args()
    result = measure()
    unlabelled = result.unlabelled()
    if args.unlabelled_only:
        for kind, text in unlabelled:
            print(f"{kind}\t{text}\t\t{result.mined[(kind, text)]}")
        return 0
    print(f"sample: {len(sample_files())} files, {len(result.mined)} distinct phrases mined, "
          f"{len(result.labels)} labels")
    print(table(result))
    verdict = "met" if result.goal_met() else "NOT met"
    print(f"goal (≥ {GOAL_OVERALL:.0%} overall, every kind ≥ {GOAL_PER_KIND:.0%}): {verdict}")
    lost = result.lost()
    print(f"labelled good but no longer mined: {len(lost)} "
          f"({', '.join(f'{kind} {count}' for kind, count in Counter(kind for kind, _ in lost).items())})")
    if args.lost:
        for kind, text in lost:
            print(f"  lost {kind}\t{text}")
    if unlabelled:
        print(f"unlabelled ({len(unlabelled)}): label them in {LABELS.relative_to(ROOT)}")
        for kind, text in unlabelled:
            print(f"  {kind}\t{text}\t({result.mined[(kind, text)]})")
    return 0 if result.goal_met() and not unlabelled else 1


if __name__ == "__main__":
    sys.exit(main())
