"""A mistake in the command line itself (an unknown option, a bad value) said as every other
input error is: one line, `cchc COMMAND: what is wrong; what to do`, in the user's language,
exit 2 — not click's several English lines of usage."""
from __future__ import annotations

import os
import sys

import click

from engine.errors import Say

EXIT_USAGE = 2
# `cchc` alone raises it (click >= 8.2; the help is what to show); older click shows the help itself.
_NO_ARGUMENTS = getattr(click.exceptions, "NoArgsIsHelpError", ())


class OneLineUsageGroup(click.Group):
    """The top command group: click runs the commands; a usage error is printed by `say`."""

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
        except click.Abort:                           # Ctrl-C at a prompt
            click.echo("Aborted!", err=True)
            sys.exit(1)

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
