"""``tmflow draft [ARTICLE]... [-l LANG]... [--provider NAME] [--url URL] [--concurrency N]
[--batch-size N] [--limit N] [--replace ENGINE|all-mt] [--older-than DATE] [--allow-partial]
[--dry-run]``

Progress goes to stderr: on a terminal, one bar per language with an ETA, redrawn in place;
elsewhere (CI logs), a plain line per language at every tenth of the way and at the end. A pause
the engine asked for (``Retry-After``, a rate limit) is shown on the bars, or as one line.

Exit code: 2 when the configuration stopped a language (a refused key, a language the engine
does not do); 4 when segments were given up because the engine failed (unreachable, down,
rate limited past ``max-retry-after``, out of quota, answering garbage), unless
``--allow-partial``; otherwise 0. Drafts made before a failure are kept either way.
"""

from __future__ import annotations

import functools
import sys
import time

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, check_url, dry_run_option, languages_option
from tmflow.core.errors import EXIT_INPUT, EXIT_OK, EXIT_SERVICE
from tmflow.io.config import PROVIDERS
from tmflow.io.files import project_lock
from tmflow.steps.mt.draft import DraftResult, ProgressEvent, draft_project
from tmflow.steps.mt.redraft import ReplaceRule
from tmflow.steps.mt.scheduler import wait_text


class _Progress:
    """Draws per-language progress: bars on a terminal, plain lines otherwise."""

    BAR = 24

    def __init__(self, app: AppContext, tty: bool) -> None:
        self.app = app
        self.tty = tty
        self.start = time.monotonic()
        self.state: dict[str, tuple[int, int, float | None]] = {}
        self.first_seen: dict[str, float] = {}
        self.reported: dict[str, int] = {}
        self.drawn = 0
        self.last_draw = 0.0
        self.waiting = ""
        self.wait_until = 0.0
        self.told_wait: tuple[float, str] | None = None

    def __call__(self, event: ProgressEvent) -> None:
        if self.app.verbosity < 0:
            return
        now = time.monotonic()
        if event.language not in self.first_seen or event.done == 0:
            self.first_seen.setdefault(event.language, now)
        self.state[event.language] = (event.done, event.total, now)
        if event.waiting:
            self._wait(event, now)
            return
        if self.tty:
            if event.finished or now - self.last_draw >= 0.1:
                self._draw()
                self.last_draw = now
            return
        if event.total == 0:
            return
        step = event.done * 10 // event.total
        if event.finished and self.reported.get(event.language) != 10:
            step = 10
        elif step <= self.reported.get(event.language, -1) or event.done == 0:
            return
        self.reported[event.language] = step
        click.echo(
            f"draft {event.language}: {event.done}/{event.total} "
            f"({100 * event.done // event.total}%){self._eta(event.language)}",
            err=True,
        )

    def _wait(self, event: ProgressEvent, now: float) -> None:
        until = now + event.waiting
        self.waiting = f"waiting {wait_text(event.waiting)}: {event.why}"
        if self.tty:
            self.wait_until = until
            self._draw()
            return
        told = self.told_wait
        if told is None or told[1] != event.why or until > told[0] + 1:
            click.echo(f"draft: {self.waiting}", err=True)
        self.told_wait = (until, event.why)

    def _eta(self, lang: str) -> str:
        done, total, _ = self.state[lang]
        if done == 0 or done >= total:
            return ""
        elapsed = time.monotonic() - self.first_seen[lang]
        left = elapsed / done * (total - done)
        return f", ETA {int(left) // 60}:{int(left) % 60:02d}"

    def _draw(self) -> None:
        out = sys.stderr
        if self.drawn:
            out.write(f"\x1b[{self.drawn}F")
        lines = []
        for lang, (done, total, _) in self.state.items():
            share = done / total if total else 1.0
            filled = int(share * self.BAR)
            bar = "█" * filled + "░" * (self.BAR - filled)
            lines.append(f"{lang:>6} {bar} {done}/{total}{self._eta(lang)}")
        if self.waiting and time.monotonic() < self.wait_until:
            lines[-1] += f" ({self.waiting})"
        for line in lines:
            out.write("\x1b[2K" + line + "\n")
        out.flush()
        self.drawn = len(lines)


def _render_candidates(app: AppContext, result: DraftResult, rule: ReplaceRule) -> None:
    """The drafts ``--replace`` selected: each one it replaces (would replace) with file, line
    and source; those it keeps, counted, and with -v named."""
    verb = "would replace" if result.dry_run else "replacing"
    for rep in result.languages.values():
        for c in rep.candidates:
            where = f"{app.relpath(c.path)}:{c.line or '?'}"
            shown = c.msgid if len(c.msgid) <= 60 else c.msgid[:59] + "…"
            text = f"{where}: {c.mark.engine} {c.mark.date or '(no date)'}: {shown!r}"
            if c.verdict == "replace":
                app.echo(f"{verb} {text}", level=0 if result.dry_run else 1)
            else:
                app.echo(f"keeping ({c.verdict}) {text}", level=1)
    edited = sum(r.kept("edited") for r in result.languages.values())
    unknown = sum(r.kept("unknown") for r in result.languages.values())
    if edited:
        app.echo(f"{edited} {rule.describe()} a person edited are kept")
    if unknown:
        app.warn(
            f"{unknown} {rule.describe()} are kept: whether a person edited them cannot be "
            "told (made before tmflow recorded a draft's digest, and not in this machine's "
            "MT cache); review them, or empty them to have them drafted again"
        )


def _render_dry_run(app: AppContext, result: DraftResult) -> None:
    tokens = result.reads_context
    head = (
        f"{'language':<10}{'segments':>10}{'unique':>8}{'cached':>8}{'requests':>10}"
        f"{'characters':>12}"
    )
    app.echo(head + (f"{'tokens in':>11}{'tokens out':>12}" if tokens else ""))
    for lang, rep in result.languages.items():
        segments = rep.entries + rep.replacing  # drafts to replace are segments to draft
        line = (
            f"{lang:<10}{segments:>10}{rep.unique:>8}{rep.cached:>8}{rep.requests:>10}"
            f"{rep.characters:>12,}"
        )
        if tokens:
            line += f"{rep.tokens_in:>11,}{rep.tokens_out:>12,}"
        app.echo(line)
        if rep.error:
            app.warn(f"{result.provider} {lang}: {rep.error}")
    reps = result.languages.values()
    replacing = sum(r.replacing for r in reps)
    summary = (
        f"dry run with {result.provider}: {sum(r.entries for r in reps) + replacing} segments"
        + (f" ({replacing} replacing machine drafts)" if replacing else "")
        + f", {sum(r.requests for r in reps)} requests, "
        f"{sum(r.characters for r in reps):,} characters would be sent"
    )
    if tokens:
        summary += (
            f"; about {result.tokens_in:,} tokens in and {result.tokens_out:,} out "
            "(estimated on the safe side)"
        )
        cost = result.cost
        if cost is not None:
            summary += f", about {_money(cost)} at the configured price"
    app.summary(summary)


def _money(amount: float) -> str:
    return f"{amount:.2f}" if amount >= 1 else f"{amount:.4f}"


def left_text(result: DraftResult) -> str:
    """``N segments left untranslated`` with the ones no machine gets (plural forms, texts
    with nothing to translate while copying them is off) counted in and said apart, so the
    number agrees with what status counts."""
    skipped = sum(r.skipped for r in result.languages.values())
    left = result.left + skipped
    text = f"{left} segment{'' if left == 1 else 's'} left untranslated"
    if skipped:
        text += (
            f" ({skipped} not for a machine: nothing to translate, or plural forms; "
            "see [tool.tmflow.update] copy-untranslatable)"
        )
    return text


def draft_exit_code(result: DraftResult, allow_partial: bool = False) -> int:
    """2 when the configuration stopped a language; 4 when segments were given up because an
    engine failed (0 with ``allow_partial``); 0 otherwise."""
    if result.config_error:
        return EXIT_INPUT
    if result.failed and not allow_partial:
        return EXIT_SERVICE
    return EXIT_OK


def render_outcome(app: AppContext, result: DraftResult, allow_partial: bool = False) -> None:
    """Per language what was drafted; every cause of a failure once per provider and
    language (without -v); the reasons of refused replies with -v."""
    for lang, rep in result.languages.items():
        if rep.entries == 0 and not rep.error and not rep.skipped and not rep.replacing:
            continue
        parts = [f"{rep.drafted} drafted"]
        if rep.replaced:
            parts[0] += f" ({rep.replaced} replacing earlier machine drafts)"
        if rep.rejected:
            parts.append(f"{rep.rejected} rejected")
        if rep.failed:
            parts.append(f"{rep.failed} not drafted")
        if rep.skipped:
            parts.append(f"{rep.skipped} skipped")
        if rep.superseded:
            parts.append(f"{rep.superseded} translated by a person meanwhile (kept)")
        noun = "request" if rep.requests == 1 else "requests"
        used = ""
        if result.reads_context and (rep.tokens_in or rep.tokens_out):
            used = f", {rep.tokens_in:,} tokens in, {rep.tokens_out:,} out"
        app.echo(f"{lang}: {', '.join(parts)} ({rep.requests} {noun}{used})")
        for reason, count in rep.rejections.most_common():
            app.echo(f"  {count} × rejected: {reason}", level=1)
    for line in result.errors:
        click.echo(f"tmflow: error: {line}", err=True)
    if result.failed and not result.config_error:
        kept = f"; the {result.drafted} drafts made are kept" if result.drafted else ""
        hint = "" if allow_partial else " (--allow-partial: exit 0 all the same)"
        app.warn(
            f"{result.failed} segments were not drafted because {result.provider} failed{kept}; "
            f"run 'tmflow draft' again later to finish them{hint}"
        )


@click.command("draft")
@articles_argument
@languages_option
@click.option(
    "--provider",
    metavar="NAME",
    help="MT provider: google, google-cloud, mymemory, libre, microsoft, deepl, yandex, "
    "openai, pseudo (default: provider in [tool.tmflow.mt]).",
)
@click.option(
    "--url",
    callback=check_url,
    metavar="URL",
    help="Endpoint of a self-hosted service (LibreTranslate; an OpenAI-compatible server, "
    "such as http://localhost:11434/v1).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    metavar="N",
    help="Requests in flight at once (default: per provider).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    metavar="N",
    help="At most N texts per request (default: batch-size in [tool.tmflow.mt], else the "
    "provider's limit; 1 sends every text on its own).",
)
@click.option(
    "--limit",
    type=click.IntRange(0, None),
    metavar="N",
    help="Draft at most N distinct segments per language.",
)
@click.option(
    "--replace",
    metavar="ENGINE",
    help="Also replace the unreviewed machine drafts of ENGINE (or 'all-mt': of any engine) "
    "with new ones: never a translated entry, a memory draft, or a draft a person edited.",
)
@click.option(
    "--older-than",
    metavar="DATE",
    help="Only drafts made before DATE (YYYY-MM-DD); alone, of any engine.",
)
@click.option(
    "--allow-partial",
    is_flag=True,
    help="Exit 0 when the engine failed for some segments (the drafts made are kept either way).",
)
@dry_run_option
@pass_app
def command(
    app: AppContext,
    articles: tuple[str, ...],
    languages: tuple[str, ...],
    provider: str | None,
    url: str | None,
    concurrency: int | None,
    batch_size: int | None,
    limit: int | None,
    replace: str | None,
    older_than: str | None,
    allow_partial: bool,
    dry_run: bool,
) -> int:
    """Add machine-translation drafts (fuzzy, with provenance) for untranslated entries.

    Translated entries and fuzzy entries with text are never touched, except, with --replace,
    the machine drafts of that engine still exactly as it gave them (--dry-run lists them). API keys come from the
    environment only: TMFLOW_<PROVIDER>_API_KEY (or the provider's usual variable). Exit 4
    when the engine failed and segments were left (unless --allow-partial), 2 for a
    configuration problem (key, language).
    """
    config = app.config
    rule = None
    if replace is not None or older_than is not None:
        rule = ReplaceRule.of(replace, older_than, PROVIDERS)
    run = functools.partial(
        draft_project,
        config,
        articles,
        languages,
        provider=provider,
        url=url,
        concurrency=concurrency,
        batch_size=batch_size,
        limit=limit,
        replace=rule,
    )
    if dry_run:
        result = run(dry_run=True)
        if rule is not None:
            _render_candidates(app, result, rule)
        _render_dry_run(app, result)
        return EXIT_INPUT if result.errors else EXIT_OK
    progress = _Progress(app, sys.stderr.isatty())
    with project_lock(config.state_dir):
        result = run(progress=progress)
    if rule is not None:
        _render_candidates(app, result, rule)
    render_outcome(app, result, allow_partial)
    used = ""
    if result.reads_context and (result.tokens_in or result.tokens_out):
        used = f", {result.tokens_in:,} tokens in, {result.tokens_out:,} out"
        if result.cost is not None:
            used += f", about {_money(result.cost)}"
    app.summary(
        f"{result.drafted} drafts from {result.provider}, {left_text(result)} "
        f"({result.requests} requests{used}, {result.elapsed:.1f} s)"
    )
    return draft_exit_code(result, allow_partial)
