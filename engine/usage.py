"""What click itself would say, said as the tool says everything else.

A mistake in the command line itself (an unknown option, a bad value) is said as every other
input error is: one line, `cchc COMMAND: what is wrong; what to do`, in the user's language,
exit 2 — not click's several English lines of usage. Ctrl-C is one line too, exit 130 — not
click's "Aborted!", exit 1, what scripts read as findings. The help pages speak both languages,
Vietnamese first: they are read before any --lang is chosen, and are where one learns of --lang.
"""
from __future__ import annotations

import os
import sys

import click

from engine.errors import Say

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130       # 128 + SIGINT: what a shell reports for a command Ctrl-C stopped
# `cchc` alone raises it (click >= 8.2; the help is what to show); older click shows the help itself.
_NO_ARGUMENTS = getattr(click.exceptions, "NoArgsIsHelpError", ())


def bilingual(vi: str, en: str) -> str:
    """A help text in both languages, Vietnamese first, as the rule documentation writes them."""
    return f"{vi} / {en}"


class BilingualFormatter(click.HelpFormatter):
    """click's own words on a help page (the usage line, the headings, the label of a default)
    in both languages, like the texts around them."""

    HEADINGS = {"Options": bilingual("Tùy chọn", "Options"), "Commands": bilingual("Lệnh", "Commands")}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, bilingual("Cách dùng", "Usage: ") if prefix is None else prefix)

    def section(self, name: str):
        return super().section(self.HEADINGS.get(name, name))

    def write_dl(self, rows, *args, **kwargs) -> None:
        rows = [(term, text.replace("  [default: ", "  [" + bilingual("mặc định", "default: "))) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class BilingualContext(click.Context):
    """A command's context, its help page written by `BilingualFormatter`."""

    formatter_class = BilingualFormatter


class _Bilingual:
    """A command whose help page is `BilingualFormatter`'s, its --help option described in both languages."""

    context_class = BilingualContext

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = bilingual("Hiện trợ giúp này rồi thoát", "Show this message and exit")
        return option


class BilingualCommand(_Bilingual, click.Command):
    """A command of `cchc`."""


class BilingualGroup(_Bilingual, click.Group):
    """A group of `cchc` commands (`cchc rules`)."""

    command_class = BilingualCommand
    group_class = type          # its groups are of its own class


class Interrupted(Exception):
    """Ctrl-C stopped the command: carried from `OneLineUsageGroup.invoke` to its `main`, which
    knows the words given (the command, --lang)."""


def interrupted(command: str) -> Say:
    """The one line a command stopped by Ctrl-C ends with. Every file the tool writes is written
    beside its place and renamed when complete, so none is left half-written."""
    return Say(f"{command}: đã dừng theo yêu cầu (Ctrl-C); không tệp nào bị ghi dở",
               f"{command}: stopped at your request (Ctrl-C); no file was left half-written")


def _fresh_line() -> str:
    """On a terminal, the line the ^C was echoed on is cleared first, as the progress bar clears its own."""
    return "\r\x1b[K" if sys.stderr.isatty() else ""


class OneLineUsageGroup(BilingualGroup):
    """The top command group: click runs the commands; a usage error is printed by `say`, Ctrl-C
    by `interrupted`."""

    group_class = BilingualGroup

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        arguments = list(sys.argv[1:] if args is None else args)
        try:                      # "cchc", also when run as `python -m engine.cli`
            return super().main(arguments, prog_name or "cchc", complete_var, standalone_mode=False, **extra)
        except click.UsageError as err:
            if isinstance(err, _NO_ARGUMENTS):                 # `cchc` alone: its help
                err.show()
            else:
                click.echo(say(err, self.command_path_in(arguments))(requested_language(arguments)), err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as err:          # a command's own click error (none expected)
            err.show()
            sys.exit(err.exit_code)
        except (Interrupted, click.Abort):      # Ctrl-C while a command runs, or while click reads the line
            click.echo(_fresh_line() + interrupted(self.command_path_in(arguments))(requested_language(arguments)),
                       err=True)
            sys.exit(EXIT_INTERRUPTED)

    def invoke(self, ctx):
        """The command run; Ctrl-C during it is taken past click, which would say "Aborted!" after
        a blank line and exit 1, what scripts read as "findings"."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def command_path_in(self, arguments: list[str]) -> str:
        """"cchc check" for `cchc check --format …`, from the words given (click's parser errors
        carry no context to say it)."""
        path, command = ["cchc"], self
        for argument in arguments:
            sub = command.commands.get(argument) if isinstance(command, click.Group) else None
            if sub is None:
                break
            path.append(argument)
            command = sub
        return " ".join(path)


def requested_language(arguments: list[str]) -> str:
    """--lang as given, even when the line failed to parse before reaching it; else CCHC_LANG."""
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
    return os.environ.get("CCHC_LANG", "vi")


def say(err: click.UsageError, command: str) -> Say:
    """The error about `command` as one line in both languages; click's own detail (English) is
    kept where it names the value and what was expected."""
    detail = err.format_message().rstrip(".")
    if isinstance(err, click.NoSuchOption):
        guess = f" ({', '.join(sorted(err.possibilities))}?)" if err.possibilities else ""
        problem = Say(f"không có tùy chọn {err.option_name}{guess}", f"no such option {err.option_name}{guess}")
    elif isinstance(err, click.MissingParameter):
        problem = Say(f"thiếu {_hint(err)}", f"missing {_hint(err)}")
    elif isinstance(err, click.BadParameter):
        problem = Say(f"giá trị không hợp lệ cho {_hint(err)}: {err.message.rstrip('.')}",
                      f"invalid value for {_hint(err)}: {err.message.rstrip('.')}")
    else:
        problem = Say(f"dùng lệnh sai: {detail}", f"wrong usage: {detail}")
    return Say(f"{command}: ", f"{command}: ") + problem + Say(f"; xem {command} --help", f"; see {command} --help")


def _hint(err: click.BadParameter) -> str:
    if err.param_hint:
        return err.param_hint if isinstance(err.param_hint, str) else " / ".join(err.param_hint)
    if err.param is not None:
        return err.param.get_error_hint(err.ctx) if err.ctx else err.param.name or ""
    return ""
