"""Subcommands of the `tigang` CLI, one module each.

Every module here defines ``ORDER`` (its place in ``--help``) and ``register(subparsers)``, which adds
its parser and sets ``func`` to a callable taking the parsed arguments and returning an exit code.
Modules are discovered, so adding a command never touches a shared list. Heavy imports belong inside
the command functions: ``tigang --help`` and the TUI's start-up import every module here.
"""
from __future__ import annotations
