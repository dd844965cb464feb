from __future__ import annotations

from pathlib import Path

from tests.conftest import invoke
from tmflow.io.config import load_config


def test_init_creates_a_valid_project(tmp_path: Path) -> None:
    target = tmp_path / "news"
    result = invoke("init", str(target), "-l", "az", "-l", "ru", cwd=tmp_path)
    assert result.code == 0, result.output
    assert (target / "sources").is_dir() and (target / "locales" / "templates").is_dir()
    config = load_config(target)
    assert config.languages == ("az", "ru")
    assert (target / "glossary.yml").read_text("utf-8").strip().endswith("terms: []")
    assert ".tmflow/" in (target / ".gitignore").read_text("utf-8")


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "glossary.yml").write_text("mine\n", "utf-8")
    result = invoke("init", str(tmp_path), cwd=tmp_path)
    assert result.code == 2
    assert "refusing to overwrite existing files" in result.stderr
    assert (tmp_path / "glossary.yml").read_text("utf-8") == "mine\n"
    assert not (tmp_path / "tmflow.toml").exists()


def test_init_rejects_bad_language(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "x"), "-l", "zz", cwd=tmp_path)
    assert result.code == 2 and "unknown language code 'zz'" in result.stderr
    assert not (tmp_path / "x" / "tmflow.toml").exists()
