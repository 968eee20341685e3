"""The `cchc` command line: options in, exit code out. The work is elsewhere."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import traceback
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import click
import yaml
from click.core import ParameterSource
from click.shell_completion import CompletionItem

from engine import __version__
from engine.baseline import apply_baseline, baseline_entries, diff_plans, read_baseline
from engine.check import check as run_check, check_plan, display_path, repository_top
from engine.config import Config, find_config
from engine.drafts import read_draft
from engine.errors import LANGUAGES, InputError, RuleActionError, Say
from engine.evaluate import CompiledRules
from engine.examples import run_examples
from engine.render import DIFF_FORMATS, FORMATS, render_chunks, render_diff, render_template_file, write_atomically
from engine.report import Report
from engine.ruledocs import rule_record, rules_markdown, snippet_yaml
from engine.rules import SEVERITY_RANK, builtin_packs, load_ruleset
from engine.schema import schema_text
from engine.starter import default_year, starting_plan
from engine.text import nfc
from engine.usage import OneLineUsageGroup, bilingual
from engine.yamlsource import Limits

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON = ("error", "warning", "info", "never")


def _guarded(action, lang: str = "vi"):
    """Run `action`; a user's mistake is one line in `lang` and exit 2, a rule's failure exit 3."""
    try:
        return action()
    except InputError as err:
        click.echo(err.line(lang), err=True)
        sys.exit(EXIT_INPUT)
    except BrokenPipeError:
        # The reader went away (`cchc check … | head`): stop quietly, as Python's documentation
        # advises, with stdout pointed at /dev/null so that the interpreter's last flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except RuleActionError as err:
        click.echo(f"{_INTERNAL(lang)}: {err}; {_REPORT_IT(lang)}", err=True)
        sys.exit(EXIT_INTERNAL)
    except Exception as err:  # noqa: BLE001 - a bug in the tool, not the user's input
        click.echo(f"{_INTERNAL_IN(lang)} {_where(err)}: {type(err).__name__}: {err}; {_REPORT_IT(lang)}", err=True)
        if os.environ.get("CCHC_DEBUG"):
            traceback.print_exc()
        sys.exit(EXIT_INTERNAL)


_INTERNAL = Say("lỗi nội bộ", "internal error")
_INTERNAL_IN = Say("lỗi nội bộ tại", "internal error in")
_REPORT_IT = Say("đây là lỗi của cchc-check, không phải của tệp: xin báo lỗi kèm tệp đã gây ra nó "
                 "(CCHC_DEBUG=1 cho xem chi tiết)",
                 "this is a fault of cchc-check, not of your file: please report it with the file that caused "
                 "it (CCHC_DEBUG=1 shows the details)")
_WARNING = Say("cảnh báo", "warning")
_NOTE = Say("ghi chú", "note")
_FAILED = Say("không đạt", "fail")
_GOT = Say("nhưng có", "got")


def lang_option(command):
    """--lang, the same on every command: messages and reports in Vietnamese (default) or English."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default="vi", show_default=True, envvar="CCHC_LANG",
                        help=bilingual("Ngôn ngữ của thông báo và báo cáo (hoặc CCHC_LANG)",
                                       "Language of messages and reports (also CCHC_LANG)"))(command)


def today_option(meaning: Say):
    """--today, or CCHC_TODAY: a fixed date makes a run reproducible later (a report regenerated,
    the examples in README.md)."""
    return click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), envvar="CCHC_TODAY", metavar="YYYY-MM-DD",
                        help=bilingual(f"{meaning.vi} (hoặc CCHC_TODAY; mặc định: ngày của hệ thống)",
                                       f"{meaning.en} (also CCHC_TODAY; default: the system date)"))


_EVALUATION_DATE = Say("Ngày đánh giá, dùng cho các quy tắc phụ thuộc thời gian", "The date time-dependent rules use")


def output_option(what: Say):
    """--output FILE: a command's result written to a file (atomically) instead of stdout."""
    return click.option("--output", type=click.Path(path_type=Path), metavar="FILE",
                        help=bilingual(f"Ghi {what.vi} vào FILE (mặc định: đầu ra chuẩn)",
                                       f"Write {what.en} to FILE (default: standard output)"))


def force_option(command):
    """--force: a plan written by import or init may replace a file."""
    return click.option("--force", is_flag=True, help=bilingual("Ghi đè --output nếu tệp đã có",
                                                                "Overwrite --output if it exists"))(command)


def _pack_or_folder(_ctx, _param, incomplete: str) -> list[CompletionItem]:
    """A built-in pack's id, or a folder of one's own. The folders come first: bash's completion
    forgets what came before a "dir" item."""
    return [CompletionItem(incomplete, type="dir"),
            *(CompletionItem(pack) for pack in builtin_packs() if pack.startswith(incomplete))]


def rules_option(command):
    """--rules PACK|DIR, the same on every command that checks."""
    return click.option("--rules", "rule_packs", multiple=True, metavar="PACK|DIR", shell_complete=_pack_or_folder,
                        help=bilingual("Bộ quy tắc: mã bộ có sẵn, hoặc thư mục (lặp lại được; mặc định: mọi bộ có sẵn)",
                                       "Rule pack id or folder (repeatable; default: all built-in packs)"))(command)


def _where(err: BaseException) -> str:
    """The tool's own module and line where `err` arose (its last frame inside the engine)."""
    package = Path(__file__).resolve().parent
    frames = [frame for frame in traceback.extract_tb(err.__traceback__)
              if Path(frame.filename).resolve().is_relative_to(package)]
    if not frames:
        return "cchc-check"
    frame = frames[-1]
    return f"{Path(frame.filename).resolve().relative_to(package.parent).as_posix()}:{frame.lineno} ({frame.name})"


def _emit(text: str | Iterable[str], output: Path | None) -> None:
    """A command's result: to FILE (atomically) when --output is given, else to stdout; `text`
    may come in pieces, written as they come."""
    if output:
        write_atomically(output, text)
    else:
        for piece in [text] if isinstance(text, str) else text:
            click.echo(piece, nl=False)


def _version_text() -> str:
    ruleset = load_ruleset()
    packs = ", ".join(f"{p.meta.id} {p.meta.version}" for p in ruleset.packs if p.rules)
    return f"cchc-check {__version__} (rule packs: {packs})"


def _print_version(ctx, _param, value):
    if value and not ctx.resilient_parsing:
        click.echo(_guarded(_version_text, os.environ.get("CCHC_LANG", "vi")))
        ctx.exit()


@click.group(cls=OneLineUsageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help=bilingual("Hiện phiên bản và các bộ quy tắc có sẵn", "Show the version and the built-in rule packs"))
def main():
    """Kiểm tra kế hoạch CCHC / Check CCHC plans

    Kiểm tra kế hoạch cải cách hành chính (CCHC) theo Nghị quyết 76/NQ-CP và các tiêu chí
    thẩm định kế hoạch. Thông báo và báo cáo bằng tiếng Việt; --lang en hoặc CCHC_LANG=en cho
    tiếng Anh. "cchc LỆNH --help" cho biết cách dùng từng lệnh.

    Checks administrative-reform (CCHC) plans against NQ 76/NQ-CP and the plan criteria.
    Messages and reports are in Vietnamese; --lang en or CCHC_LANG=en gives English.
    "cchc COMMAND --help" tells how to use each command.
    """


def _report_option(_ctx, _param, values):
    reports = []
    for value in values:
        fmt, _, path = value.partition("=")
        if fmt not in FORMATS or not path:
            raise click.BadParameter(f"{value!r}: use FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}")
        reports.append((fmt, Path(path)))
    return reports


def _one_line(name: str) -> str:
    """A file name for a YAML comment: a line break in it would end the comment."""
    return "".join(" " if unicodedata.category(character).startswith("C") else character for character in name)


def _refuse_existing(output: Path | None, force: bool) -> None:
    """A plan written by import or init replaces no file unless --force says so."""
    if output and output.exists() and not force:
        raise InputError(str(output), None, Say("tệp đã có", "already exists"),
                         Say("chọn --output khác, hoặc thêm --force", "choose another --output, or add --force"))


def _refuse_overwriting_inputs(written: list[Path | None], read: list) -> None:
    """A report or a plan written over a file this run reads would destroy the input, --force or not."""
    inputs = {os.path.realpath(path) for path in read if path and Path(path).is_file()}
    for path in written:
        if path and os.path.realpath(path) in inputs:
            raise InputError(str(path), None, Say("là một tệp đầu vào của lệnh này: ghi vào đó sẽ xóa mất nó",
                                                  "is one of this command's inputs: writing there would destroy it"),
                             Say("chọn tệp khác cho --output (hoặc --report, --write-baseline)",
                                 "choose another file for --output (or --report, --write-baseline)"))


def _settings(config: Config | None, **given) -> dict:
    """Each setting as the command line gives it (a flag, or CCHC_LANG), else as the config file does."""
    if config is None:
        return given
    context = click.get_current_context()
    from_file = {"rule_packs": config.rules, "fail_on": config.fail_on, "baseline_file": config.baseline,
                 "include": config.include, "exclude": config.exclude, "expect": config.roster, "lang": config.lang,
                 "paths": tuple(str(folder) for folder in config.plan_folders)}
    settled = dict(given)
    for name, value in from_file.items():
        if name in given and value and context.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            settled[name] = value
    return settled


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))    # check says itself what it cannot read
@rules_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help=bilingual("Định dạng báo cáo", "Report format"))
@output_option(Say("báo cáo", "the report"))
@click.option("--report", "extra_reports", multiple=True, metavar="FORMAT=FILE", callback=_report_option,
              help=bilingual("Ghi thêm báo cáo định dạng FORMAT vào FILE (lặp lại được)",
                             "Also write a report in FORMAT to FILE (repeatable)"))
@lang_option
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help=bilingual("Thoát với mã 1 khi có phát hiện từ mức này trở lên",
                             "Exit 1 when a finding is at or above this severity"))
@click.option("--baseline", "baseline_file", type=click.Path(path_type=Path), metavar="FILE",
              help=bilingual("Ẩn các phát hiện đã ghi trong baseline FILE; chỉ báo các phát hiện mới",
                             "Hide the findings recorded in the baseline FILE; report only new ones"))
@click.option("--write-baseline", type=click.Path(path_type=Path), metavar="FILE",
              help=bilingual("Ghi các phát hiện của lần chạy này thành baseline FILE",
                             "Record this run's findings as a baseline FILE"))
@today_option(_EVALUATION_DATE)
@click.option("--no-progress", is_flag=True,
              help=bilingual("Không hiện thanh tiến độ trên stderr (chỉ hiện khi stderr là terminal)",
                             "No progress bar on stderr (shown only on a terminal)"))
@click.option("--max-file-mb", type=click.IntRange(1, 1024), default=10, show_default=True, metavar="N",
              help=bilingual("Từ chối tệp kế hoạch lớn hơn N MB", "Refuse plan files larger than N MB"))
@click.option("--max-tasks", type=click.IntRange(1, 1_000_000), default=Limits.max_tasks, show_default=True,
              metavar="N", help=bilingual("Từ chối kế hoạch có hơn N nhiệm vụ", "Refuse plans with more than N tasks"))
@click.option("--max-depth", type=click.IntRange(2, 10_000), default=Limits.max_depth, show_default=True,
              metavar="N", help=bilingual("Từ chối YAML lồng sâu hơn N mức", "Refuse YAML nested deeper than N levels"))
@click.option("--max-values", type=click.IntRange(1, 100_000_000), default=Limits.max_values, show_default=True,
              metavar="N", help=bilingual("Từ chối YAML có hơn N giá trị sau khi khai triển các alias",
                                          "Refuse YAML with more than N values once aliases are expanded"))
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=1, show_default=True, metavar="N",
              help=bilingual("Kiểm tra các tệp trong N tiến trình (0: mỗi lõi một tiến trình)",
                             "Check files in N worker processes (0: one per core)"))
@click.option("--include", multiple=True, metavar="GLOB",
              help=bilingual("Trong thư mục, chỉ đọc các tệp khớp GLOB (lặp lại được; mặc định: kế hoạch và dự thảo)",
                             "In folders, read only files matching GLOB (repeatable; default: plans and drafts)"))
@click.option("--exclude", multiple=True, metavar="GLOB",
              help=bilingual("Trong thư mục, bỏ qua các tệp khớp GLOB (lặp lại được)",
                             "In folders, skip files matching GLOB (repeatable)"))
@click.option("--expect", type=click.Path(path_type=Path), metavar="ROSTER",
              help=bilingual("Danh sách đơn vị phải ban hành kế hoạch (YAML hoặc CSV): mỗi đơn vị không có kế hoạch "
                             "là một phát hiện",
                             "The units that must issue a plan (YAML or CSV): each one without a plan is a finding"))
def check(paths, rule_packs, fmt, output, extra_reports, lang, fail_on, baseline_file, write_baseline, today,
          no_progress, max_file_mb, max_tasks, max_depth, max_values, jobs, include, exclude, expect):
    """Kiểm tra kế hoạch và dự thảo / Check plans and drafts

    Kiểm tra các tệp kế hoạch và dự thảo PATHS, hoặc mọi kế hoạch và dự thảo trong các thư mục
    PATHS (mặc định: các thư mục plans: của .cchc.yaml). Mã thoát: 0 không có phát hiện nào từ
    mức --fail-on trở lên, 1 có, 2 dùng sai lệnh hoặc có tệp không đọc hay không dùng được,
    3 lỗi của chính công cụ, 130 dừng bằng Ctrl-C.

    Checks the plan files and drafts PATHS, or every plan and draft in the folders PATHS
    (default: the plans: folders of .cchc.yaml). Exit codes: 0 no finding at or above
    --fail-on, 1 some, 2 a usage error or a file that cannot be read or used, 3 an internal
    error, 130 stopped by Ctrl-C.
    """
    evaluated_on = today.date() if today else dt.date.today()
    config = _guarded(lambda: find_config(Path.cwd()), lang)
    settings = _settings(config, paths=paths, rule_packs=rule_packs, fail_on=fail_on, baseline_file=baseline_file,
                         include=include, exclude=exclude, expect=expect, lang=lang)
    paths, rule_packs, fail_on, baseline_file, include, exclude, expect, lang = (settings[name] for name in (
        "paths", "rule_packs", "fail_on", "baseline_file", "include", "exclude", "expect", "lang"))

    def run():
        if not paths:
            raise InputError("cchc check", None, Say("chưa nêu tệp hay thư mục nào để kiểm tra",
                                                     "no file or folder to check"),
                             Say("nêu PATH, hoặc liệt kê plans: trong .cchc.yaml",
                                 "give a PATH, or list plans: in .cchc.yaml"))
        _refuse_overwriting_inputs([output, write_baseline, *(p for _f, p in extra_reports)],
                                   [*paths, expect, baseline_file])
        ruleset = load_ruleset(list(rule_packs) or None)
        top = repository_top(Path.cwd().resolve())
        limits = Limits(max_bytes=max_file_mb * 1024 * 1024, max_tasks=max_tasks, max_depth=max_depth,
                        max_values=max_values)
        baseline = read_baseline(baseline_file, display_path(baseline_file, top), limits) if baseline_file else None
        skip = tuple(path for path in (output, baseline_file, write_baseline, *(p for _f, p in extra_reports)) if path)
        report = run_check(list(paths), ruleset, evaluated_on, lang, show_progress=not no_progress, limits=limits,
                           jobs=jobs, pack_args=list(rule_packs) or None, include=include, exclude=exclude,
                           skip=skip, expect=expect, config=config, top=top)
        for unreadable in report.unreadable:
            click.echo(unreadable.message, err=True)
        notes: dict[str, list[str]] = {}
        for plan in report.plans.headers():
            for notice in plan.notices:
                click.echo(f"{plan.path}: {_WARNING(lang)}: {notice}", err=True)
            for note in plan.notes:
                notes.setdefault(note, []).append(plan.path)
        for note, concerned in notes.items():        # once per run, however many plans it concerns
            click.echo(f"{_NOTE(lang)}: {note} ({', '.join(concerned)})", err=True)
        if write_baseline:
            write_atomically(write_baseline, render_template_file(
                "baseline.j2", document=report.document(), entries=baseline_entries(report)))
        if baseline:
            report = apply_baseline(report, baseline)
        if report.plans or not report.unreadable:
            for report_format, path in extra_reports:
                write_atomically(path, render_chunks(report, report_format, lang, fail_on))
            _emit(render_chunks(report, fmt, lang, fail_on), output)
        return report

    report = _guarded(run, lang)
    if report.unreadable:
        sys.exit(EXIT_INPUT)
    if fail_on != "never" and report.fails(SEVERITY_RANK[fail_on]):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@rules_option
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help=bilingual("Định dạng kết quả so sánh", "Format of the comparison"))
@output_option(Say("kết quả so sánh", "the comparison"))
@lang_option
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help=bilingual("Thoát với mã 1 khi phiên bản mới có phát hiện mới từ mức này trở lên",
                             "Exit 1 when a finding the new version introduces is at or above this severity"))
@today_option(_EVALUATION_DATE)
def diff(old, new, rule_packs, fmt, output, lang, fail_on, today):
    """So sánh hai phiên bản của một kế hoạch / Compare two versions of a plan

    Các phát hiện mới, đã khắc phục và không đổi giữa phiên bản cũ OLD và phiên bản mới NEW của
    một kế hoạch hay dự thảo.

    Findings introduced, resolved and unchanged between two versions of a plan or draft, OLD
    and NEW.
    """
    evaluated_on = today.date() if today else dt.date.today()

    def run():
        ruleset = load_ruleset(list(rule_packs) or None)
        compiled = CompiledRules(ruleset)
        top = repository_top(Path.cwd().resolve())
        before, after = (check_plan(path, compiled, evaluated_on, lang, top) for path in (old, new))
        for plan in (before, after):
            for notice in plan.notices:
                click.echo(f"{plan.path}: {_WARNING(lang)}: {notice}", err=True)
        changes = diff_plans(before, after)
        report = Report(evaluated_on=evaluated_on, ruleset=ruleset, plans=[before, after])
        text = render_diff(changes, report, fmt, lang)
        _emit(text, output)
        return changes

    changes = _guarded(run, lang)
    if fail_on != "never" and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] and not f.waived
                                  for f in changes.introduced):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


@main.command("import")
@click.argument("draft", type=click.Path(path_type=Path))
@output_option(Say("kế hoạch", "the plan"))
@force_option
@lang_option
def import_command(draft, output, force, lang):
    """Chuyển dự thảo sang định dạng kế hoạch / Read a draft into the plan format

    Đọc dự thảo kế hoạch DRAFT (.docx, .doc, .odt, .pdf, .txt, .md) sang định dạng kế hoạch
    (YAML), kèm chú thích ở mỗi giá trị được suy ra hoặc không đọc được.

    Reads a draft plan DRAFT (.docx, .doc, .odt, .pdf, .txt, .md) into the plan format (YAML),
    with a comment on every value that was inferred or could not be read.
    """
    def run():
        _refuse_overwriting_inputs([output], [draft])
        _refuse_existing(output, force)
        ruleset = load_ruleset()
        read = read_draft(draft, ruleset.vocabulary)
        for notice in read.warnings:
            click.echo(f"{draft}: {_WARNING(lang)}: {notice(lang)}", err=True)
        text = render_template_file("plan.yaml.j2", data=read.imported.data, notes=read.imported.notes,
                                    source=_one_line(draft.name))
        _emit(text, output)
    _guarded(run, lang)


@main.command()
@click.option("--kind", type=click.Choice(["annual", "five-year"]), default="annual", show_default=True,
              help=bilingual("Kế hoạch hằng năm (annual) hay 5 năm (five-year)", "An annual or a five-year plan"))
@click.option("--year", type=click.IntRange(2021, 2100), metavar="N",
              help=bilingual("Năm (đầu tiên) của kế hoạch (mặc định: năm sau)",
                             "The plan's (first) year (default: next year's)"))
@click.option("--issuer", metavar="NAME",
              help=bilingual("Cơ quan ban hành, ví dụ \"UBND tỉnh Vĩnh Long\" (mặc định: chỗ để điền)",
                             "The issuing body, e.g. \"UBND tỉnh Vĩnh Long\" (default: a placeholder)"))
@today_option(Say("Ngày ban hành kế hoạch: căn cứ pháp lý và tên cơ quan nào áp dụng",
                  "The plan's issue date: which legal basis and agency names apply"))
@output_option(Say("kế hoạch", "the plan"))
@force_option
@lang_option
def init(kind, year, issuer, today, output, force, lang):
    """Một kế hoạch khởi đầu / A starting plan

    Một kế hoạch khởi đầu: đủ các phần, mỗi lĩnh vực một nhiệm vụ mẫu để thay.

    A starting plan: every section, every domain with one example task to replace.
    """
    on = today.date() if today else dt.date.today()

    def run():
        _refuse_existing(output, force)
        vocabulary = load_ruleset().vocabulary
        data, notes = starting_plan(kind, year or default_year(kind, on), issuer and nfc(issuer).strip(), on,
                                    vocabulary)
        _emit(render_template_file("plan.yaml.j2", data=data, notes=notes, source=None), output)
    _guarded(run, lang)


@main.command()
@output_option(Say("lược đồ", "the schema"))
@lang_option
def schema(output, lang):
    """Lược đồ JSON của định dạng kế hoạch / The JSON Schema of the plan format

    Lược đồ JSON (JSON Schema) của định dạng kế hoạch, cho trình soạn thảo
    (yaml-language-server) và các công cụ kiểm tra.

    The JSON Schema of the plan format, for editors (yaml-language-server) and validators.
    """
    def run():
        _emit(schema_text(load_ruleset().vocabulary), output)
    _guarded(run, lang)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
              help=bilingual("Địa chỉ nhận kết nối; chỉ dùng địa chỉ khác của máy này khi người thẩm định ở máy khác "
                             "cần mở trang",
                             "Address to listen on; another than this machine's own only when reviewers elsewhere "
                             "must reach it"))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, metavar="N",
              help=bilingual("Cổng (0: một cổng còn trống)", "Port (0: any free one)"))
@rules_option
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=20, show_default=True, metavar="N",
              help=bilingual("Từ chối tệp tải lên lớn hơn N MB", "Refuse uploads larger than N MB"))
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=0, show_default=True, metavar="N",
              help=bilingual("Kiểm tra tệp tải lên trong N tiến trình (0: mỗi lõi một tiến trình, ít nhất 2)",
                             "Check uploads in N worker processes (0: one per core, at least 2)"))
@today_option(_EVALUATION_DATE)
@lang_option
def serve(host, port, rule_packs, max_upload_mb, jobs, today, lang):
    """Trang kiểm tra cho người thẩm định / The reviewer's web page

    Trang web cho người thẩm định: kéo thả dự thảo vào trình duyệt, xem từng phát hiện bên cạnh
    nội dung, tải báo cáo (HTML, Markdown, JSON, SARIF). Ctrl-C dừng trang.

    The reviewer's web page: drop a draft in the browser, see every finding beside the text,
    download the report (HTML, Markdown, JSON, SARIF). Ctrl-C stops it.
    """
    from engine.serve import Settings, create_app, listening_socket, serve_forever

    config = _guarded(lambda: find_config(Path.cwd()), lang)     # started in a plan repository: its packs, parents
    given = _settings(config, rule_packs=rule_packs, lang=lang)
    rule_packs, lang = given["rule_packs"], given["lang"]
    _guarded(lambda: load_ruleset(list(rule_packs) or None), lang)      # a bad --rules is said here, once
    if host not in _LOOPBACK:
        click.echo(f"{_WARNING(lang)}: {_EXPOSED(lang)} ({host})", err=True)
    settings = Settings(lang=lang, max_upload_mb=max_upload_mb, rule_packs=tuple(rule_packs),
                        jobs=jobs or max(2, os.cpu_count() or 1), today=today.date() if today else None,
                        hosts=_LOCAL_NAMES if host in _LOCAL_NAMES else (), config=config)
    listening = _guarded(lambda: listening_socket(host, port), lang)
    serve_forever(create_app(settings), listening,
                  announce=lambda address: click.echo(f"{_LISTENING(lang)}: {address}", err=True))


_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_LOCAL_NAMES = ("127.0.0.1", "localhost")      # the Host a browser on this machine sends
_EXPOSED = Say("trang kiểm tra mở cho các máy khác trên mạng: ai kết nối được đều tải lên được tệp và xem kết quả",
               "the page is open to other machines on the network: anyone who can connect can upload files and "
               "see the results")
_LISTENING = Say("trang kiểm tra đang chạy tại", "the page is served at")


@main.group()
def rules():
    """Liệt kê và kiểm thử các bộ quy tắc / List and test rule packs"""


@rules.command("list")
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=bilingual("Định dạng danh sách", "Format of the list"))
@lang_option
def rules_list(rule_packs, fmt, lang):
    """Mọi quy tắc / Every rule

    Mọi quy tắc: mã, bộ, mức độ, nhãn nguồn, tên và căn cứ.

    Every rule: id, pack, severity, provenance tag, title and reference.
    """
    ruleset = _guarded(lambda: load_ruleset(list(rule_packs) or None), lang)
    if fmt == "json":
        records = [{key: record[key] for key in ("id", "pack", "severity", "tag", "title", "reference")}
                   for record in map(rule_record, ruleset.rules)]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for rule in ruleset.rules:
        click.echo(f"{rule.id:<40} {rule.pack:<8} {rule.severity:<8} [{rule.tag}] {getattr(rule.title, lang)}")


@rules.command("show")
@click.argument("rule_id")
@rules_option
@lang_option
def rules_show(rule_id, rule_packs, lang):
    """Một quy tắc / One rule

    Mọi thông tin về quy tắc RULE_ID, kể cả các ví dụ của nó.

    Everything about the rule RULE_ID, its examples included.
    """
    ruleset = _guarded(lambda: load_ruleset(list(rule_packs) or None), lang)
    matches = [rule for rule in ruleset.rules if rule.id == rule_id]
    if not matches:
        click.echo(f"{rule_id}: " + Say("không có quy tắc này; xem cchc rules list",
                                        "no such rule; see cchc rules list")(lang), err=True)
        sys.exit(EXIT_INPUT)
    click.echo(yaml.safe_dump(rule_record(matches[0]), allow_unicode=True, sort_keys=False, width=100), nl=False)


@rules.command("test")
@click.argument("packs", nargs=-1, shell_complete=_pack_or_folder)
@lang_option
def rules_test(packs, lang):
    """Chạy các ví dụ của quy tắc / Run the rules' examples

    Chạy các ví dụ của mọi quy tắc trong các bộ PACKS (mặc định: mọi bộ có sẵn): mỗi ví dụ
    `fire` phải kích hoạt quy tắc, mỗi ví dụ `pass` thì không.

    Runs the examples of every rule in the packs PACKS (default: all built-in packs): each
    `fire` must trigger its rule, each `pass` must not.
    """
    ruleset = _guarded(lambda: load_ruleset(list(packs) or None), lang)
    results = _guarded(lambda: run_examples(ruleset), lang)
    failed = [r for r in results if not r.passed]
    for result in failed:
        rule = ruleset.rule(result.rule_id)
        expected = (Say("cần kích hoạt quy tắc", "expected it to fire") if result.expectation == "fire"
                    else Say("cần không kích hoạt quy tắc", "expected it not to fire"))
        snippet = getattr(rule.examples, "fire" if result.expectation == "fire" else "pass_")[result.index]
        click.echo(f"{_FAILED(lang).upper()} {result.rule_id} ({rule.source}) {result.expectation}[{result.index}]: "
                   f"{expected(lang)}, {_GOT(lang)} {result.detail(lang)}")
        click.echo("    " + snippet_yaml(snippet).replace("\n", "\n    "))
    by_pack: dict[str, list] = {}
    for result in results:
        by_pack.setdefault(ruleset.rule(result.rule_id).pack, []).append(result)
    for pack in ruleset.packs:              # one line per pack that has examples, as `opa test` counts
        own = by_pack.get(pack.meta.id)
        if own:
            passed = sum(r.passed for r in own)
            click.echo(f"{pack.meta.id} {pack.meta.version}: " + Say(
                f"{passed}/{len(own)} ví dụ đạt ({len(pack.rules)} quy tắc)",
                f"{passed}/{len(own)} examples passed ({len(pack.rules)} rules)")(lang))
    click.echo(Say(f"Tổng cộng: {len(results) - len(failed)} đạt, {len(failed)} không đạt",
                   f"Total: {len(results) - len(failed)} passed, {len(failed)} failed")(lang))
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@rules.command("docs")
@rules_option
@output_option(Say("tài liệu", "the documentation"))
@lang_option
def rules_docs(rule_packs, output, lang):
    """Tài liệu các quy tắc / The rules' documentation

    Các quy tắc dưới dạng Markdown: mỗi quy tắc kiểm tra gì, vì sao, và các ví dụ.

    The rules as Markdown: what each checks, why, and its examples.
    """
    def run():
        text = rules_markdown(load_ruleset(list(rule_packs) or None))
        _emit(text, output)
    _guarded(run, lang)


if __name__ == "__main__":
    main()
