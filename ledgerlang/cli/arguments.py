"""`ledger`'s command line as argparse reads it: every command, its help and its usage errors.

A plain `ledger check` or `ledger eval` is read without it (cli/main.py `quick`); this module,
and argparse with it, is imported for every other command line. The options of the commands
that read books are kept as data in cli/main.py (`READING`, `PROGRESS`), and `check`'s and
`eval`'s in their modules (`ARGUMENTS`), so that both ways read the same definitions.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ledgerlang.cli.main import BUG, COMMANDS, DEBUG_VARIABLE, PROGRESS, READING, ROOT_DEFAULT, WITH_PROGRESS, version


class _FullHelp(argparse.Action):
    """`-h` before any command: the help lists every command's own text, so only now are they all imported."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, top, namespace, values, option_string=None):
        parser().print_help()
        top.exit()


class _Version(argparse.Action):
    """`--version`: the version, and whether the hot modules run compiled (ledgerlang/native), worked out only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, top, namespace, values, option_string=None):
        print(version())  # `ledger --version` alone is answered before argparse (cli/main.py `main`)
        top.exit()


def _columns() -> int:
    """The terminal's width, as shutil.get_terminal_size gives it to argparse: COLUMNS, else
    the terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


NARROW_HELP = 6  # columns: a command's name is at 4, an option's at 2, and their help to the right of both


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, told the width it would work out with shutil, which it
    imports to do so (with bz2 and lzma: 2 ms of every `ledger` started, help or not, as
    every argument added makes a formatter)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)
        # argparse moves the help left as the terminal narrows, to column 4 at 20 columns: there a
        # command's help began under its name, `check` above `report every rule`, and the names
        # could not be told from the text. Help never starts left of NARROW_HELP.
        self._max_help_position = max(self._max_help_position, NARROW_HELP)

    def _split_lines(self, text, width):
        """The help's lines, broken between words only: argparse's textwrap cut a word longer
        than a narrow column in two (`canon` over `ically:`) and an option at its hyphen
        (`--no-` over `progress`), which then reads as another word or another option."""
        import textwrap

        return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width,
                             break_long_words=False, break_on_hyphens=False)

    def _fill_text(self, text, width, indent):
        import textwrap

        return textwrap.fill(self._whitespace_matcher.sub(" ", text).strip(), width, initial_indent=indent,
                             subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help is formatted by `_Formatter`; its subparsers are too."""

    def __init__(self, *args, formatter_class=_Formatter, **kwargs) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)

    def error(self, message: str):
        """A usage error quotes the command line (`unrecognized arguments: ...`): shown, as a
        book's text is, never sent to the terminal as its escape sequences (ledgerlang/visible.py)."""
        from ledgerlang.visible import visible

        super().error(visible(message))


def add_arguments(sub, arguments, **fill) -> None:
    """Arguments kept as data, ((names...), add_argument's keywords): the action "boolean" is
    argparse's BooleanOptionalAction (`--progress`/`--no-progress`), and a help text is filled
    in with `fill` (`{root_default}`)."""
    for names, options in arguments:
        options = dict(options)
        if options.get("action") == "boolean":
            options["action"] = argparse.BooleanOptionalAction
        if fill and "help" in options:
            options["help"] = options["help"].format(**fill)
        sub.add_argument(*names, **options)


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, the other commands are registered by name alone,
    so that `ledger check` does not import what `ledger diff` needs (start-up time).
    With `only=""` no command module is imported (`ledger --version`); `-h` then imports them all."""
    top = _Parser(
        prog="ledger", description="Plain-text books of financial statements: checked, computed, diffed.",
        add_help=only is None)
    if only is not None:
        top.add_argument("-h", "--help", action=_FullHelp, help="show this help message and exit")
    top.add_argument("--version", action=_Version, help="show the version, and whether the hot modules run compiled")
    top.add_argument("--debug", action="store_true",
                     help=f"show the traceback of a bug in ledgerlang (exit status {BUG}) instead of one line; "
                     f"or set {DEBUG_VARIABLE}=1")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name in COMMANDS:
        command = name.removesuffix("_cmd")
        if only is not None and command != only:
            commands.add_parser(command)
            continue
        module = importlib.import_module(f"ledgerlang.cli.{name}")
        sub = module.add_parser(commands)
        add_arguments(sub, getattr(module, "ARGUMENTS", ()))  # a command's own, where it keeps them as data
        # what every command that reads books may be allowed to read (see `load.Access`)
        add_arguments(sub.add_argument_group("what may be read"), READING,
                      root_default=getattr(module, "ROOT_DEFAULT", ROOT_DEFAULT))
        if command in WITH_PROGRESS:
            add_arguments(sub, (PROGRESS,))
        sub.set_defaults(run=module.run)
    top.commands = commands  # (not a default: the namespace holds the command line alone)
    return top


def parse(argv: list[str], only: str | None = None) -> argparse.Namespace:
    """The command line read by `parser(only)`; an option the command does not take is the command's
    usage error (`usage: ledger fmt ...`), where argparse gives it as the top parser's, whose usage
    (`ledger [-h] [--version] [--debug] COMMAND ...`) names none of the command's options."""
    top = parser(only)
    _no_path_read_as_an_option(top, argv)
    args, extra = top.parse_known_args(argv)
    if extra:
        top.commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _no_path_read_as_an_option(top: argparse.ArgumentParser, argv: list[str]) -> None:
    """A file whose name starts with `-` (`-draft.iij`), given as a path, is the command's usage error
    that says how to write it: argparse reads it as an option it does not know, and said only
    "the following arguments are required: PATH" of the path that was given."""
    commands = top.commands.choices
    at = next((i for i, word in enumerate(argv) if word in commands), None)
    if at is None:
        return
    command = commands[argv[at]]
    for word in argv[at + 1:]:
        if word == "--":
            return
        if word.startswith("-") and word != "-" and word.split("=", 1)[0] not in command._option_string_actions \
                and os.path.lexists(word):
            command.error(f"{word}: a path that starts with - is read as an option: write it ./{word}, "
                          "or put -- before the paths")
