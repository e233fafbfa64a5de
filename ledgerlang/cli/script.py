#!/usr/bin/env python3
"""The `ledger` command as installed (pyproject.toml's `shared-scripts`), not a script the
installer writes for an entry point.

pip's script for an entry point imports `re` before it calls the command, and `re` brings
`enum` and `functools`: about 4 ms of every run's start-up (an empty check took 31), which
nothing a check runs needs (see ledgerlang/regexes.py). This one imports only what the
command does. The installer puts the environment's interpreter in its first line. On Windows,
where a script is not run by its name, `python -m ledgerlang` is the command.
"""

from ledgerlang.cli.main import command

if __name__ == "__main__":
    command()  # it ends the process, with the command's exit status (cli/main.py)
