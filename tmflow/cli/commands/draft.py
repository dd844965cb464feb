"""``tmflow draft [ARTICLE]... [-l LANG]... [--provider NAME] [--url URL] [--concurrency N]
[--dry-run] [--limit N]``

Progress goes to stderr: on a terminal, one bar per language with an ETA, redrawn in place;
elsewhere (CI logs), a plain line per language at every tenth of the way and at the end.
"""

from __future__ import annotations

import sys
import time

import click

from tmflow.cli.context import AppContext, pass_app
from tmflow.cli.options import articles_argument, check_url, dry_run_option, languages_option
from tmflow.core.errors import EXIT_INPUT, EXIT_OK
from tmflow.io.files import project_lock
from tmflow.steps.mt.draft import DraftResult, ProgressEvent, draft_project


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

    def __call__(self, event: ProgressEvent) -> None:
        if self.app.verbosity < 0:
            return
        now = time.monotonic()
        if event.language not in self.first_seen or event.done == 0:
            self.first_seen.setdefault(event.language, now)
        self.state[event.language] = (event.done, event.total, now)
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
        for line in lines:
            out.write("\x1b[2K" + line + "\n")
        out.flush()
        self.drawn = len(lines)


def _render_dry_run(app: AppContext, result: DraftResult) -> None:
    app.echo(
        f"{'language':<10}{'segments':>10}{'unique':>8}{'cached':>8}{'requests':>10}"
        f"{'characters':>12}"
    )
    for lang, rep in result.languages.items():
        app.echo(
            f"{lang:<10}{rep.entries:>10}{rep.unique:>8}{rep.cached:>8}{rep.requests:>10}"
            f"{rep.characters:>12,}"
        )
        if rep.error:
            app.warn(f"{result.provider} {lang}: {rep.error}")
    reps = result.languages.values()
    app.summary(
        f"dry run with {result.provider}: {sum(r.entries for r in reps)} segments, "
        f"{sum(r.requests for r in reps)} requests, "
        f"{sum(r.characters for r in reps):,} characters would be sent"
    )


@click.command("draft")
@articles_argument
@languages_option
@click.option(
    "--provider",
    metavar="NAME",
    help="MT provider: google, mymemory, libre, microsoft, deepl, yandex, pseudo "
    "(default: provider in [tool.tmflow.mt]).",
)
@click.option(
    "--url",
    callback=check_url,
    metavar="URL",
    help="Endpoint of a self-hosted service (LibreTranslate).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    metavar="N",
    help="Requests in flight at once (default: per provider).",
)
@click.option(
    "--limit",
    type=click.IntRange(0, None),
    metavar="N",
    help="Draft at most N distinct segments per language.",
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
    limit: int | None,
    dry_run: bool,
) -> int:
    """Add machine-translation drafts (fuzzy, with provenance) for untranslated entries.

    Translated entries and fuzzy entries with text are never touched. API keys come from the
    environment only: TMFLOW_<PROVIDER>_API_KEY (or the provider's usual variable).
    """
    config = app.config
    if dry_run:
        result = draft_project(
            config,
            articles,
            languages,
            provider=provider,
            url=url,
            concurrency=concurrency,
            limit=limit,
            dry_run=True,
        )
        _render_dry_run(app, result)
        return EXIT_INPUT if result.errors else EXIT_OK
    progress = _Progress(app, sys.stderr.isatty())
    with project_lock(config.state_dir):
        result = draft_project(
            config,
            articles,
            languages,
            provider=provider,
            url=url,
            concurrency=concurrency,
            limit=limit,
            progress=progress,
        )
    for lang, rep in result.languages.items():
        if rep.entries == 0 and not rep.error:
            continue
        parts = [f"{rep.drafted} drafted"]
        if rep.rejected:
            parts.append(f"{rep.rejected} rejected")
        if rep.failed:
            parts.append(f"{rep.failed} not drafted")
        if rep.skipped:
            parts.append(f"{rep.skipped} skipped")
        app.echo(f"{lang}: {', '.join(parts)} ({rep.requests} requests)")
        for reason, count in rep.reasons.most_common():
            app.echo(f"  {count} × {reason}", level=1)
    for line in result.errors:
        click.echo(f"tmflow: error: {line}", err=True)
    failed_not_fatal = sum(r.failed for r in result.languages.values() if not r.error)
    if failed_not_fatal:
        app.warn(
            f"{failed_not_fatal} segments were given up after retries; run "
            "'tmflow draft' again to finish them"
        )
    app.summary(
        f"{result.drafted} drafts from {result.provider}, {result.left} segments "
        f"left untranslated ({result.requests} requests, {result.elapsed:.1f} s)"
    )
    return EXIT_INPUT if result.errors else EXIT_OK
