"""The `dyad` command line. Every subcommand has --help; failures exit non-zero with one line.

Subcommands live in modules of this package, each with a ``register(subparsers)`` function;
add a module name to COMMAND_MODULES to add its commands.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = ["core", "actors", "events", "bench", "serve"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dyad", description=(
        "dyad reads news and analysis articles about international politics and builds a sourced "
        "database of actors and CAMEO-coded events (who did what to whom, when, where, and "
        "according to whom)."))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        print("dyad: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # one line, not a traceback
        if os.environ.get("DYAD_DEBUG"):
            raise
        print(f"dyad: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
