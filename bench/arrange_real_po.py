"""Arrange a folder of real PO files from public projects into tmflow projects.

    python bench/arrange_real_po.py DATA OUT

DATA is laid out as ``<project>/<release>/templates/<domain>.pot`` and
``<project>/<release>/po/<lang>/<domain>.po``, described by ``DATA/MANIFEST.json`` (two
releases per project; see the corpus's SOURCES.md). Two projects are made under OUT:

* ``OUT/update``: for every project and domain with a template in its newer release, the
  *older* release's PO files as ``locales/<lang>/<project>--<domain>.po`` and the *newer*
  release's template as ``locales/templates/<project>--<domain>.pot``: ``tmflow update``
  merges them, as ``msgmerge old.po new.pot`` would;
* ``OUT/all``: every PO file of both releases (``<project>--<domain>`` and
  ``<project>--<domain>--<release>``) with the newer templates, for ``fmt``, ``status`` and
  ``check``.

Language folders are the upstream codes in gettext's spelling (``tmflow.core.languages``):
``de_de_formal`` → ``de_DE_formal``. A code tmflow refuses is left out and listed
(``arranged.json``), with why. Files are copied byte for byte (symbolic links are copied as
the files they point to). ``arranged.json`` maps every arranged file to its origin and to
the manifest's ``msgfmt -c`` verdict.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmflow.core.languages import code_error, normalise_code

SOURCE_LANGUAGE = "en_001"  # "en" and "en_US" are target languages in the corpus


def _article(project: str, domain: str, release: str | None = None) -> str:
    name = f"{project}--{domain.replace('/', '--')}"
    return f"{name}--{release}" if release else name


def arrange(data: Path, out: Path) -> dict[str, Any]:
    manifest = json.loads((data / "MANIFEST.json").read_text("utf-8"))
    if out.exists():
        shutil.rmtree(out)
    refused: dict[str, str] = {}
    codes: set[str] = set()
    files: dict[str, dict[str, Any]] = {}
    languages: dict[str, set[str]] = {"update": set(), "all": set()}
    for project in manifest["projects"]:
        old, new = project["releases"][0], project["releases"][-1]
        new_domains = set()
        for entry in new["files"]:
            if entry["kind"] == "pot":
                domain = Path(entry["path"]).stem
                new_domains.add(domain)
                for kind in ("update", "all"):
                    dst = (
                        out
                        / kind
                        / "locales"
                        / "templates"
                        / f"{_article(project['name'], domain)}.pot"
                    )
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(data / project["name"] / new["release"] / entry["path"], dst)
        for release in (old, new):
            for entry in release["files"]:
                if entry["kind"] != "po":
                    continue
                upstream = entry["lang"]
                codes.add(upstream)
                why = code_error(upstream)
                if why is not None:
                    refused[upstream] = why
                    continue
                lang = normalise_code(upstream)
                domain = entry["domain"]
                src = data / project["name"] / release["release"] / entry["path"]
                targets = []
                if release is old:
                    targets.append(("all", _article(project["name"], domain)))
                    if domain in new_domains:
                        targets.append(("update", _article(project["name"], domain)))
                else:
                    targets.append(("all", _article(project["name"], domain, release["release"])))
                for kind, article in targets:
                    dst = out / kind / "locales" / lang / f"{article}.po"
                    if dst.exists():
                        continue  # two upstream spellings of one code: the first is kept
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dst)
                    languages[kind].add(lang)
                    files[str(dst.relative_to(out))] = {
                        "origin": str(src.relative_to(data)),
                        "project": project["name"],
                        "release": release["release"],
                        "lang": upstream,
                        "charset": entry.get("charset"),
                        "msgfmt_c_ok": entry.get("msgfmt_c_ok"),
                    }
    for kind in ("update", "all"):
        langs = sorted(languages[kind])
        (out / kind / "tmflow.toml").write_text(
            f'source-language = "{SOURCE_LANGUAGE}"\n'
            f"languages = [{', '.join(json.dumps(code) for code in langs)}]\n"
            'sources = "sources"\n',
            "utf-8",
        )
        (out / kind / "sources").mkdir(exist_ok=True)
    summary = {
        "codes": sorted(codes),
        "refused": refused,
        "files": files,
        "languages": {k: sorted(v) for k, v in languages.items()},
    }
    (out / "arranged.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), "utf-8")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    summary = arrange(args.data, args.out)
    print(
        f"{len(summary['files'])} files, {len(summary['codes'])} language codes "
        f"({len(summary['codes']) - len(summary['refused'])} accepted); "
        f"update project: {len(summary['languages']['update'])} languages"
    )
    for code, why in summary["refused"].items():
        print(f"refused: {code}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
