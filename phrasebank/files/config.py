"""TOML configuration — the built-in files shipped with tigang and the writer's own — read with one policy.

Built-in files are part of the program: a broken one is a bug and raises. A writer's own file
(`organs.toml`, `formulas.toml`, `structures/*.toml`) that cannot be used — not UTF-8, bad TOML,
nested absurdly deep, an unknown key or a value of the wrong type — is reported with its file, line
and key and skipped as a whole, and the built-ins still load. Nothing is taken from a file that
failed half-way.
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

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KeyPath = tuple[str | int, ...]
"""Where a value sits: table keys and array indexes, e.g. ("parts", 0, "organ")."""

T = TypeVar("T")


@dataclass(frozen=True)
class ConfigProblem:
    """Why a writer's configuration file was skipped: the file, the line and key (if known), and what."""

    path: Path
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}" + (f" 第 {self.line} 行" if self.line else "")
        key = f"键 {self.key}：" if self.key else ""
        return f"{where}：{key}{self.message}；已跳过该文件。"


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
        name += f"[{key + 1}]" if isinstance(key, int) else (f".{key}" if name else key)
    return name


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

    def text_value(self, keys: KeyPath, *, required: bool = False) -> str:
        """A string value, stripped; "" when absent and not required."""
        node = self.value(keys)
        if node is None:
            if required:
                raise self.error("缺少此键", keys)
            return ""
        if not isinstance(node, str) or (required and not node.strip()):
            raise self.error("应为非空文字", keys)
        return node.strip()

    def number(self, keys: KeyPath, default: float, *, low: float = 0.0, high: float = 1e6) -> float:
        """A finite number between `low` and `high`; `default` when absent."""
        node = self.value(keys)
        if node is None:
            return default
        if isinstance(node, bool) or not isinstance(node, (int, float)) or not math.isfinite(node):
            raise self.error("应为数字", keys)
        if not low <= node <= high:
            raise self.error(f"应在 {low:g} 到 {high:g} 之间", keys)
        return float(node)

    def strings(self, keys: KeyPath, *, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings, stripped; () when absent and not required."""
        node = self.value(keys)
        if node is None and not required:
            return ()
        if not isinstance(node, list) or not all(isinstance(v, str) and v.strip() for v in node):
            raise self.error("应为非空文字的列表", keys)
        if required and not node:
            raise self.error("应为非空文字的列表", keys)
        return tuple(str(v).strip() for v in node)

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
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("不是 UTF-8 编码") from None
    except OSError as error:
        raise ConfigError(f"无法读取（{error.strerror or error}）") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        if line is None:
            found = re.search(r"line (\d+)", str(error))
            line = int(found.group(1)) if found else None
        raise ConfigError("TOML 语法错误", line=line) from None
    except RecursionError:
        raise ConfigError("嵌套层数过多") from None
    return TomlFile(path, text, data, builtin)


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
            problems.append(ConfigProblem(path, None, None, "嵌套层数过多"))
    return results, problems
