"""TOML configuration — the built-in files shipped with tigang and the writer's own — read with one policy.

Built-in files are part of the program: a broken one is a bug and raises. A writer's own file
(`organs.toml`, `formulas.toml`, `structures/*.toml`) that cannot be used — not UTF-8, bad TOML,
too big, nested absurdly deep, a number too long for Python to read, an unknown key, a value of the
wrong type, empty, too long or holding control characters — is reported with its file, line and key
and skipped as a whole, and the built-ins still load. Nothing is taken from a file that failed
half-way, and nothing in a user file can end in a traceback.
"""
from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from phrasebank.errors import TigangError
from phrasebank.files.patterns import MAX_PATTERN_CHARS, pattern_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KeyPath = tuple[str | int, ...]
"""Where a value sits: table keys and array indexes, e.g. ("parts", 0, "organ")."""

T = TypeVar("T")

MAX_FILE_BYTES = 1_000_000
"""A configuration file is a few kilobytes; anything over a megabyte is some other file put there by mistake."""
MAX_DEPTH = 8
"""Tables and arrays nest at most this deep (a term weight in organs.toml sits four deep)."""
MAX_TEXT_CHARS = 500
"""The longest text value a file may hold unless its reader allows more or less."""
MAX_LIST_ITEMS = 1000
"""The most items a list may hold unless its reader allows more or less."""
MAX_KEY_CHARS = 40
"""Longer key names are cut in reports, so a warning stays one readable line."""

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""What no value may hold: every configured text is one printable line (these come only from escapes)."""
_DIGIT_RUN = re.compile(r"\d[\d_]{1000,}")


@dataclass(frozen=True)
class ConfigProblem:
    """Why a writer's configuration file was skipped: the file, the line and key (if known), and what."""

    path: Path
    line: int | None
    key: str | None
    message: str
    skipped: str = "该文件"
    """What was left out: the whole file, or (for a problem confined to one entry) “该条目”."""

    def __str__(self) -> str:
        where = f"{self.path}" + (f" 第 {self.line} 行" if self.line else "")
        key = f"键 {self.key}：" if self.key else ""
        return visible(f"{where}：{key}{self.message}；已跳过{self.skipped}。")


def visible(text: str) -> str:
    """`text` with control characters written as escapes (\\n, \\x00), so a report stays one line."""
    return _CONTROL_CHARS.sub(lambda match: ascii(match.group())[1:-1], text)


class ConfigError(TigangError):
    """A configuration file that cannot be used; carries the line and key for the report."""

    def __init__(self, message: str, *, line: int | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.key = key


def key_name(keys: KeyPath) -> str:
    """("parts", 0, "organ") → "parts[1].organ" (arrays counted from 1, as a writer counts)."""
    name = ""
    for key in keys:
        if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
            key = key[:MAX_KEY_CHARS] + "…"
        name += f"[{key + 1}]" if isinstance(key, int) else (f".{key}" if name else key)
    return visible(name)


@dataclass
class TomlFile:
    """A parsed TOML file with the means to report a problem at the line of a key."""

    path: Path
    text: str
    data: dict[str, object]
    builtin: bool = False

    def error(self, message: str, keys: KeyPath = ()) -> ConfigError:
        """A `ConfigError` about the value at `keys`, with its line and key name."""
        return ConfigError(message, line=self.line_of(keys), key=key_name(keys) or None)

    def value(self, keys: KeyPath) -> object:
        """The value at `keys`, or None when absent."""
        node: object = self.data
        for key in keys:
            if isinstance(key, int):
                node = node[key] if isinstance(node, list) and key < len(node) else None
            else:
                node = node.get(key) if isinstance(node, dict) else None
        return node

    def table(self, keys: KeyPath, allowed: Iterable[str] | None) -> dict[str, object]:
        """The table at `keys` (empty when absent), refusing keys not in `allowed` (None: any key)."""
        node = self.value(keys)
        if node is None:
            return {}
        if not isinstance(node, dict):
            raise self.error("应为表", keys)
        if allowed is None:
            return node
        known = list(allowed)
        for key in node:
            if key not in known:
                raise self.error(f"未知的键（可用的键：{'、'.join(known)}）", (*keys, key))
        return node

    def tables(self, keys: KeyPath) -> list[dict[str, object]]:
        """The array of tables at `keys` ([[name]]), empty when absent."""
        node = self.value(keys)
        if node is None:
            return []
        if not isinstance(node, list) or not all(isinstance(entry, dict) for entry in node):
            raise self.error("应为表的数组（[[…]]）", keys)
        return node

    def text_value(self, keys: KeyPath, *, required: bool = False, max_chars: int = MAX_TEXT_CHARS) -> str:
        """A string value of one line, stripped; "" when absent and not required."""
        node = self.value(keys)
        if node is None:
            if required:
                raise self.error("缺少此键", keys)
            return ""
        if not isinstance(node, str) or (required and not node.strip()):
            raise self.error("应为非空文字", keys)
        return self._checked_text(node, keys, max_chars, "")

    def number(self, keys: KeyPath, default: float, *, low: float = 0.0, high: float = 1e6) -> float:
        """A finite number between `low` and `high`; `default` when absent."""
        node = self.value(keys)
        if node is None:
            return default
        if isinstance(node, bool) or not isinstance(node, (int, float)):
            raise self.error("应为数字", keys)
        if isinstance(node, float) and not math.isfinite(node):
            raise self.error("应为有限的数字（不能是 nan 或 inf）", keys)
        if not low <= node <= high:  # compared exactly: a 4,000-digit integer is never turned into a float
            raise self.error(f"应在 {low:g} 到 {high:g} 之间", keys)
        return float(node)

    def integer(self, keys: KeyPath, default: int, *, low: int, high: int) -> int:
        """An integer between `low` and `high`; `default` when absent."""
        node = self.value(keys)
        if node is None:
            return default
        if isinstance(node, bool) or not isinstance(node, int):
            raise self.error("应为整数", keys)
        if not low <= node <= high:
            raise self.error(f"应在 {low} 到 {high} 之间", keys)
        return node

    def strings(
        self,
        keys: KeyPath,
        *,
        required: bool = False,
        max_items: int = MAX_LIST_ITEMS,
        max_chars: int = MAX_TEXT_CHARS,
    ) -> tuple[str, ...]:
        """A list of non-empty one-line strings, stripped; () when absent and not required.

        A blank item is refused rather than dropped: an empty organ name would match every text.
        """
        node = self.value(keys)
        if node is None and not required:
            return ()
        if not isinstance(node, list):
            raise self.error("应为非空文字的列表", keys)
        if required and not node:
            raise self.error("应为非空文字的列表，不能是空列表", keys)
        if len(node) > max_items:
            raise self.error(f"最多 {max_items} 项，现有 {len(node)} 项", keys)
        found: list[str] = []
        for number, item in enumerate(node, start=1):
            if not isinstance(item, str):
                raise self.error(f"第 {number} 项应为文字", keys)
            if not item.strip():
                raise self.error(f"第 {number} 项是空文字，请删去或填写", keys)
            found.append(self._checked_text(item, keys, max_chars, f"第 {number} 项"))
        return tuple(found)

    def choice(self, keys: KeyPath, choices: dict[str, str], default: str) -> str:
        """One of a few words: a key of `choices` or its alias (the value), given as the key; `default` when absent."""
        node = self.value(keys)
        if node is None:
            return default
        for key, alias in choices.items():
            if node in (key, alias):
                return key
        names = "、".join(f"{key}（{alias}）" for key, alias in choices.items())
        raise self.error(f"应为 {names} 之一", keys)

    def flag(self, keys: KeyPath, default: bool = False) -> bool:
        """A true/false value; `default` when absent."""
        node = self.value(keys)
        if node is None:
            return default
        if not isinstance(node, bool):
            raise self.error("应为 true 或 false", keys)
        return node

    def pattern(self, keys: KeyPath, *, max_chars: int = MAX_PATTERN_CHARS) -> re.Pattern[str] | None:
        """A regular expression of the safe kind (see `pattern_problem`), compiled; None when absent."""
        text = self.text_value(keys, max_chars=max_chars)
        if not text:
            return None
        problem = pattern_problem(text)
        if problem:
            raise self.error(f"正则表达式“{text[:MAX_KEY_CHARS]}”不可用：{problem}", keys)
        return re.compile(text)

    def checked_key(self, key: str, table: KeyPath, *, what: str = "键", max_chars: int = MAX_TEXT_CHARS) -> str:
        """A key of the table at `table` that is itself a value (an organ's term, `what`), stripped and checked.

        A problem is reported at the table, whose line is known for an inline table too.
        """
        if not key.strip():
            raise self.error(f"有空的{what}（\"\" 或只有空格），请删去或填写", table)
        return self._checked_text(key, table, max_chars, f"{what}“{key[:MAX_KEY_CHARS]}”")

    def _checked_text(self, text: str, keys: KeyPath, max_chars: int, which: str) -> str:
        """`text` stripped, refused when it holds a control character or is longer than `max_chars`."""
        if _CONTROL_CHARS.search(text):
            raise self.error(f"{which}含控制字符或换行，请改为一行普通文字", keys)
        text = text.strip()
        if len(text) > max_chars:
            raise self.error(f"{which}过长（最多 {max_chars} 字，现有 {len(text)} 字）", keys)
        return text

    def check_depth(self) -> None:
        """Refuse tables and arrays nested deeper than `MAX_DEPTH` (dotted keys nest without brackets)."""
        pending: list[tuple[KeyPath, object]] = [((), self.data)]
        while pending:
            keys, node = pending.pop()
            if len(keys) > MAX_DEPTH:
                raise self.error(f"嵌套层数过多（最多 {MAX_DEPTH} 层）", keys[: MAX_DEPTH + 1])
            if isinstance(node, dict):
                pending.extend(((*keys, key), value) for key, value in node.items())
            elif isinstance(node, list):
                pending.extend(((*keys, index), value) for index, value in enumerate(node))

    def line_of(self, keys: KeyPath) -> int | None:
        """The 1-based line where `keys` is written: the key's own line, else its table's header."""
        if not keys:
            return None
        whole = self._section(keys)
        if whole is not None:
            return whole[0]
        *table, last = keys
        if isinstance(last, int):
            table, last = [*table, last], ""
        section = self._section(tuple(table))
        if section is None:
            return self._anywhere(str(keys[-1]) if not isinstance(keys[-1], int) else "")
        start, end = section
        if last:
            pattern = re.compile(rf"^\s*(\"{re.escape(last)}\"|'{re.escape(last)}'|{re.escape(last)})\s*=")
            for number in range(max(start, 1), end + 1):
                if pattern.match(self._lines[number - 1]):
                    return number
        return start or self._anywhere(str(last))

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def _sections(self) -> list[tuple[KeyPath, int, int]]:
        """(table path, header line, last line) of every table; the top level is ((), 0, …)."""
        sections: list[tuple[KeyPath, int, int]] = []
        counts: dict[str, int] = {}
        current: KeyPath = ()
        start = 0
        for number, line in enumerate(self._lines, start=1):
            match = _HEADER.match(line)
            if not match:
                continue
            sections.append((current, start, number - 1))
            name = match.group(2).strip()
            if match.group(1):
                counts[name] = counts.get(name, -1) + 1
                current = (*_dotted(name), counts[name])
            else:
                current = _dotted(name)
            start = number
        sections.append((current, start, len(self._lines)))
        return sections

    def _section(self, path: KeyPath) -> tuple[int, int] | None:
        for section, start, end in self._sections:
            if section == path:
                return start, end
        return None

    def _anywhere(self, key: str) -> int | None:
        """The first line assigning `key` (for dotted keys and inline tables)."""
        if not key:
            return None
        pattern = re.compile(rf"(^|[\s{{,.])[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self._lines, start=1):
            if pattern.search(line):
                return number
        return None


_HEADER = re.compile(r"^\s*\[(\[)?\s*([^\]]+?)\s*\]")
_DOTTED_PART = re.compile(r'\s*("[^"]*"|\'[^\']*\'|[^.\s]+)\s*(?:\.|$)')


def _dotted(name: str) -> tuple[str, ...]:
    """`organ."人民机关"` → ("organ", "人民机关")."""
    return tuple(part.strip("\"'") for part in _DOTTED_PART.findall(name))


def read_toml(path: Path, *, builtin: bool = False) -> TomlFile:
    """Read and parse one TOML file; `ConfigError` (with the line, when known) if it cannot be."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"无法读取（{error.strerror or error}）") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ConfigError(f"文件过大（超过 {MAX_FILE_BYTES // 1_000_000} MB），不像配置文件，请检查是否放错了文件")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("不是 UTF-8 编码") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        if line is None:
            found = re.search(r"line (\d+)", str(error))
            line = int(found.group(1)) if found else None
        raise ConfigError("TOML 语法错误", line=line) from None
    except RecursionError:
        raise ConfigError(f"嵌套层数过多（最多 {MAX_DEPTH} 层）") from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise ConfigError("数字位数过多，无法读取", line=_line_of_longest_digits(text)) from None
    except MemoryError:
        raise ConfigError("内容过大，无法读取") from None
    document = TomlFile(path, text, data, builtin)
    document.check_depth()
    return document


def _line_of_longest_digits(text: str) -> int | None:
    """The line of the first run of over a thousand digits, where a too-long number was written."""
    found = _DIGIT_RUN.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def load_layered(
    builtin: Iterable[Path], user: Iterable[Path], parse: Callable[[TomlFile], T]
) -> tuple[list[T], list[ConfigProblem]]:
    """`parse` every built-in file (a failure raises) and then every user file (a failure is a
    `ConfigProblem` and the file is skipped). Returns the results in that order and the problems."""
    results: list[T] = [parse(read_toml(path, builtin=True)) for path in builtin]
    problems: list[ConfigProblem] = []
    for path in user:
        try:
            results.append(parse(read_toml(path)))
        except ConfigError as error:
            problems.append(ConfigProblem(path, error.line, error.key, str(error)))
        except RecursionError:
            problems.append(ConfigProblem(path, None, None, f"嵌套层数过多（最多 {MAX_DEPTH} 层）"))
        except (ValueError, TypeError, OverflowError, MemoryError) as error:
            # the checks above should have caught it; a writer's file still never ends in a traceback
            reason = f"内容无法使用（{type(error).__name__}），请对照内置文件检查格式"
            problems.append(ConfigProblem(path, None, None, reason))
    return results, problems
