"""The editors' guide (docs/huong-dan-bien-tap.md) works as written.

Its fenced examples carry attributes after the language:

    ```sh run                       a command to run (here with --content pointing at a copy, in the folder
                                    holding it, where a file= block outside content/ is written)
    ```yaml file=content/...        a file to write, in order, into a copy of the bundled content
    ```markdown file=... rename-from=content/...   the same after deleting the old file (a rename);
                                    the site is built first so the old URL is in the URL ledger
    ```yaml file=... check=fail     a mistake: written into a scratch copy; `check` must fail and
                                    print every `path:line: message` of the ```text block after it
    ```yaml file=... written        a file the command before wrote: its lines without the # comments

At the end the copy must pass `check` and build, with the examples' pages in the site.
"""
from __future__ import annotations

import pytest

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image

from conftest import PROJECT_DIR
from ocop.serve import body_edits_words, shown_edits_words

GUIDE = PROJECT_DIR / "docs" / "huong-dan-bien-tap.md"
FENCE = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)
LEDGER_LINE = re.compile(r"^(content/published-urls\.txt):\d+:", re.M)
ERROR_LINE = re.compile(r"^content/\S+:(\d+|<n>): ")


@dataclass(frozen=True)
class Block:
    lang: str
    attrs: dict
    flags: frozenset
    text: str
    line: int  # where the block starts in the guide, for messages


def guide_blocks() -> list[Block]:
    source = GUIDE.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(source):
        attrs, flags = {}, set()
        for word in match.group(2).split():
            if "=" in word:
                key, value = word.split("=", 1)
                attrs[key] = value
            else:
                flags.add(word)
        blocks.append(Block(match.group(1), attrs, frozenset(flags), match.group(3),
                            source.count("\n", 0, match.start()) + 1))
    return blocks


def build_py(content: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), *args, "--content", str(content)],
                          input="", capture_output=True, text=True, encoding="utf-8", timeout=300,
                          cwd=content.parent)


def write_example(content_root: Path, block: Block) -> Path:
    """Write a file= block under the folder holding content/; make the photos it lists."""
    path = content_root / block.attrs["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.text, encoding="utf-8")
    if path.name == "index.md" and block.text.startswith("---\n"):
        front = yaml.safe_load(block.text.split("---\n")[1]) or {}
        for photo in front.get("photos") or []:  # synthetic stand-ins for the editor's photos
            Image.new("RGB", (800, 600), (180, 140, 40)).save(path.parent / photo["file"], quality=80)
    return path


def normalize(text: str) -> str:
    """The ledger's line numbers depend on the ledger; compare them as <n>."""
    return LEDGER_LINE.sub(r"\1:<n>:", text)


def test_guide_has_the_examples_an_editor_needs():
    blocks = guide_blocks()
    files = [b.attrs["file"] for b in blocks if "file" in b.attrs and "check" not in b.attrs]
    assert any(f.startswith("content/products/") and f.endswith(".md") and "/index.md" not in f for f in files)
    assert any(f.endswith("/index.md") for f in files), "a product with photos"
    assert any(f.startswith("content/ratings/") for f in files), "a recognition decision"
    plans = [b for b in blocks if b.attrs.get("file", "").startswith("content/plans/")]
    assert plans and "targets:" in plans[0].text, "a plan with targets"
    assert any("rename-from" in b.attrs and "aliases:" in b.text for b in blocks), "a rename with an alias"
    assert sum(b.attrs.get("check") == "fail" for b in blocks) >= 2, "errors explained with real output"
    runs = [shlex.split(line) for b in blocks if "run" in b.flags for line in b.text.splitlines() if line.strip()]
    assert {words[3] for words in runs if words[2] == "new"} == {"product", "rating", "plan"}, \
        "`new` is shown for each kind"
    imports = [words for words in runs if words[2] == "import"]
    assert any("--dry-run" in words for words in imports) and any("--dry-run" not in words for words in imports), \
        "an annex imported, after a dry run"
    assert any(b.attrs.get("file", "").endswith(".csv") for b in blocks), "the example annex"


@pytest.mark.slow  # copies and builds the bundled content several times
def test_guide_examples_pass_check_and_build(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(PROJECT_DIR / "content", work / "content")
    content = work / "content"
    guide = GUIDE.read_text(encoding="utf-8")
    blocks = guide_blocks()
    built_before_rename = False
    for index, block in enumerate(blocks):
        where = f"{GUIDE.name}:{block.line}"
        if "run" in block.flags:
            for command in filter(str.strip, block.text.splitlines()):
                words = shlex.split(command)
                assert words[:2] == ["python", "build.py"], f"{where}: only build.py commands run here"
                before = sorted(content.rglob("*"))
                result = build_py(content, *words[2:])
                assert result.returncode == 0, f"{where}: {command}\n{result.stdout}{result.stderr}"
                if "--dry-run" in words:
                    assert "Đã tạo" not in result.stdout and sorted(content.rglob("*")) == before, where
                    continue
                created = re.search(r"Đã tạo (\S+)", result.stdout).group(1)
                assert created in guide, f"{where}: the guide should name the file it creates ({created})"
            continue
        if "file" not in block.attrs:
            continue
        if "written" in block.flags:
            text = (work / block.attrs["file"]).read_text(encoding="utf-8")
            assert [line for line in text.splitlines() if not line.lstrip().startswith("#")] == \
                block.text.splitlines(), f"{where}: the guide shows what the command wrote, without comments"
            continue
        if block.attrs.get("check") == "fail":
            expected = blocks[index + 1]
            assert expected.lang == "text", f"{where}: a failing example is followed by the ```text it prints"
            scratch = tmp_path / f"scratch-{index}"
            shutil.copytree(content, scratch / "content")
            write_example(scratch, block)
            result = build_py(scratch / "content", "check", "--no-cache")
            assert result.returncode == 1, f"{where}: expected check to fail\n{result.stdout}"
            printed = normalize(result.stderr)
            for line in filter(str.strip, expected.text.splitlines()):
                assert normalize(line) in printed, f"{where}: the guide shows\n{line}\ncheck printed\n{result.stderr}"
            # and no more: every message check printed is in the guide (one mistake, one message)
            shown = {normalize(line) for line in expected.text.splitlines() if ERROR_LINE.match(line)}
            said = {line for line in printed.splitlines() if ERROR_LINE.match(line)}
            assert said == shown, f"{where}: check printed more or other messages than the guide shows\n{result.stderr}"
            continue
        if "rename-from" in block.attrs:
            if not built_before_rename:  # publish first, so the old URL is in the ledger
                result = build_py(content, "--no-search", "--no-cache", "--out", str(work / "site"))
                assert result.returncode == 0, f"{where}: {result.stdout}{result.stderr}"
                built_before_rename = True
            old = work / block.attrs["rename-from"]
            assert old.is_file(), f"{where}: nothing to rename at {old}"
            shutil.rmtree(old.parent) if old.name == "index.md" else old.unlink()
        write_example(work, block)

    result = build_py(content, "check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    result = build_py(content, "--no-search", "--no-cache", "--out", str(work / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    site = work / "site"
    product = (site / "san-pham/mien-dong-htx-vi-du/index.html").read_text(encoding="utf-8")
    assert "Miến dong Ví Dụ" in product and "123/QĐ-UBND" in product
    old = (site / "san-pham/mien-dong-vi-du/index.html").read_text(encoding="utf-8")
    assert "mien-dong-htx-vi-du" in old, "the old address leads to the renamed page"
    assert "/san-pham/mien-dong-vi-du/" in (content / "published-urls.txt").read_text(encoding="utf-8")
    photo_page = (site / "san-pham/tra-hoa-vang-vi-du/index.html").read_text(encoding="utf-8")
    assert "Hộp trà hoa vàng và chén trà màu vàng nhạt" in photo_page
    imported = (site / "san-pham/mat-ong-bac-ha-vi-du/index.html").read_text(encoding="utf-8")
    assert "Mật ong bạc hà Ví Dụ" in imported and "456/QĐ-UBND" in imported
    assert "456/QĐ-UBND" in photo_page, "the annex re-recognised a product of the province merged into Thái Nguyên"
    plan = (site / "ke-hoach/thai-nguyen/2026-99-kh-ubnd/index.html").read_text(encoding="utf-8")
    assert "Phát triển ít nhất 10 sản phẩm mới đạt 3 sao trở lên." in plan


def test_setup_works_on_debian_and_ubuntu_with_a_virtual_environment(tmp_path):
    """PEP 668: Debian 12 and Ubuntu 23.04+ refuse `pip install` into the system Python. The guide's set-up
    makes a virtual environment first, activates it, then installs; and sets git's name and e-mail."""
    [setup] = [b for b in guide_blocks() if "setup" in b.flags]
    lines = [line.strip() for line in setup.text.splitlines() if line.strip()]
    order = [lines.index(command) for command in ("python3 -m venv .venv", ". .venv/bin/activate",
                                                  "python -m pip install -e .", "pre-commit install")]
    assert order == sorted(order)
    assert any(line.startswith("git config user.name ") for line in lines)
    assert any(line.startswith("git config user.email ") for line in lines)
    assert "externally-managed-environment" in GUIDE.read_text(encoding="utf-8"), "the error PEP 668 gives is named"
    # the commands do what the guide says (without network: a venv without pip)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True, timeout=120)
    active = subprocess.run(["bash", "-c", ". .venv/bin/activate && command -v python"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert active.stdout.strip() == str(tmp_path / ".venv" / "bin" / "python")
    assert "/.venv/" in (PROJECT_DIR / ".gitignore").read_text(encoding="utf-8").splitlines(), \
        "the environment never ends up in a commit"


def test_the_blocked_commit_shown_is_what_the_hook_prints():
    """Section 8 shows pre-commit's output: the hook's name and command are those of .pre-commit-config.yaml
    (the hook itself runs for real in tests/test_publishing.py)."""
    hook = yaml.safe_load((PROJECT_DIR / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    blocked = next(b for b in guide_blocks() if b.lang == "text" and "hook id:" in b.text)
    assert blocked.text.startswith(hook["name"] + "....") and f"- hook id: {hook['id']}" in blocked.text
    assert hook["entry"] == "python build.py check --release"
    guide = GUIDE.read_text(encoding="utf-8")
    assert "Unstaged files detected" in guide and "git add" in guide.split("Unstaged files detected")[1][:300]


def test_the_serve_lines_quoted_for_a_description_or_producer_edit_are_what_serve_prints():
    """The guide tells an editor what serve says after a description edit: the words must be serve's."""
    guide = re.sub(r"\s+", " ", GUIDE.read_text(encoding="utf-8"))
    assert f"`({body_edits_words(1)})`" in guide
    assert f"`({shown_edits_words(28)})`" in guide  # a producer's name corrected at 20,000 products
