"""The bank as the writer curates it from the editor: ★ starred phrases first, F4 hides one for good, and
a wording the canonical list calls wrong is marked ⚠ and offered corrected when added."""
from __future__ import annotations

import shutil
from pathlib import Path

from pilot_helpers import AppOn, editor, put_cursor, run_async, search, settle, started

from phrasebank.bank.indexing import index_path
from phrasebank.outline.file import load_outline
from tui.screens.dialogs import ChoiceDialog
from tui.widgets.search_pane import ResultList


def private_bank(seed_bank_path: Path, folder: Path) -> Path:
    """A copy of the session's seed bank (with its index) that a test may change."""
    copy = folder / "bank.sqlite"
    shutil.copy2(seed_bank_path, copy)
    shutil.copytree(index_path(seed_bank_path), index_path(copy))
    return copy


def rows(app: object) -> list[str]:
    results = app.screen.query_one("#results", ResultList)  # type: ignore[attr-defined]
    return [str(results.get_option_at_index(index).prompt) for index in range(results.option_count)]


@run_async
async def test_a_wrong_wording_is_marked_and_offered_corrected(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        await put_cursor(pilot, "落实“第一议题”制度")
        hits = await search(pilot, "拥挤两个确立")
        wrong = next(index for index, hit in enumerate(hits) if "拥挤“两个确立”" in hit.text)
        assert rows(app)[wrong].startswith("⚠")
        app.screen.query_one("#results", ResultList).highlighted = wrong
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("c")
        await settle(pilot)
        added = [item.text for item in editor(app).outline.subtree("p11")][1:]
        assert len(added) == 1 and "拥护“两个确立”" in added[0] and "拥挤" not in added[0]
        assert added[0] in [item.text for item in load_outline(path).items()]


@run_async
async def test_f3_stars_a_phrase_first_and_f4_hides_one(seed_bank_path: Path, path: Path, tmp_path: Path) -> None:
    bank = private_bank(seed_bank_path, tmp_path)
    async with started(bank, open_path=path) as (app, pilot):
        hits = await search(pilot, "监督")
        assert len(hits) > 3
        last = hits[-1]
        results = app.screen.query_one("#results", ResultList)
        results.highlighted = len(hits) - 1
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        again = results.hits
        starred = next(hit for hit in again if hit.phrase_id == last.phrase_id)
        assert starred.starred and rows(app)[again.index(starred)].startswith("★")
        same_tier = [hit for hit in again if hit.tier == starred.tier]
        assert same_tier[0].phrase_id == last.phrase_id  # first within its tier
        results.highlighted = again.index(starred)
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert last.phrase_id not in {hit.phrase_id for hit in results.hits}
        assert last.phrase_id not in {hit.phrase_id for hit in await search(pilot, "监督")}
