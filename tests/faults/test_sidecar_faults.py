"""Files beside a bank that someone else may have made: nothing read from them can run code, and anything
that does not check out (magic, format, bank, types, checksum) is rebuilt from the bank."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

from helpers import SEED_004

from phrasebank.bank.indexing import index_path, search_index
from phrasebank.bank.ingest import mine_paths
from phrasebank.bank.lifecycle import open_bank
from phrasebank.search.index import MANIFEST


class Planted:
    """Unpickling this would create the file named in `marker`: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "pwned"))  # type: ignore[return-value]


def mined_bank(folder: Path) -> Path:
    (folder / "发言.txt").write_bytes(SEED_004.read_bytes())
    with open_bank(folder / "bank.sqlite", create=True) as bank:
        mine_paths(bank, [folder / "发言.txt"])
    return folder / "bank.sqlite"


def test_a_pickle_handed_over_as_the_index_is_never_loaded(tmp_path: Path) -> None:
    bank_path = mined_bank(tmp_path)
    marker = tmp_path / "code-ran.txt"
    sidecar = index_path(bank_path)
    for path in sidecar.iterdir():
        path.unlink()
    sidecar.rmdir()
    sidecar.write_bytes(pickle.dumps(Planted(marker)))  # the old single-file index, as handed over
    with open_bank(bank_path) as bank:
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"
    assert not marker.exists() and sidecar.is_dir()


def test_segments_of_unexpected_types_or_a_forged_manifest_are_rebuilt(tmp_path: Path) -> None:
    bank_path = mined_bank(tmp_path)
    folder = index_path(bank_path)
    marker = tmp_path / "code-ran.txt"
    for segment in folder.glob("*.seg"):  # each array claims to hold Python objects
        whole = segment.read_bytes()
        segment.write_bytes(whole.replace(b'"<u4"', b'"|O8"'))
    with open_bank(bank_path) as bank:
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        manifest["phrases"] = [{"file": "../../etc/passwd", "entries": 1, "dead": [], "dead_entries": 0}]
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        (folder / "evil.seg").write_bytes(pickle.dumps(Planted(marker)))
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"
    assert not marker.exists()
