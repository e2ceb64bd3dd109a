"""Publishing from git: the GitHub workflow, `check --format github`, the GitLab example, pre-commit."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_DIR, minimal_content, write_content
from ocop.redirects import NGINX_VARIABLE
from ocop.urls import NGINX_REDIRECTS

WORKFLOW = PROJECT_DIR / ".github" / "workflows" / "site.yml"
PUBLISHING = PROJECT_DIR / "docs" / "publishing.md"


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_workflow_validates_against_the_github_workflow_schema():
    """check-jsonschema ships the schemastore GitHub workflow schema: validated offline."""
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_the_schema_check_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "site.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1


def test_workflow_checks_pull_requests_and_deploys_main_to_pages():
    flow = load_workflow()
    assert "pull_request" in flow["on"] and flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    check_runs = [step.get("run", "") for step in jobs["check"]["steps"]]
    assert "python build.py check --release --format github" in check_runs
    assert "python build.py build --release --no-search --format github" in check_runs
    assert "if" not in jobs["check"], "the check runs on every pull request"

    build = jobs["build"]
    assert build["needs"] == "check" and "refs/heads/main" in build["if"] and "pull_request" in build["if"]
    uses = {step.get("uses", "").split("@")[0]: step for step in build["steps"]}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    builds = [step["run"] for step in build["steps"] if step.get("run", "").startswith("python build.py")]
    assert builds == ["python build.py build --release --format github"], "a deploy is a release build"
    # the workflow never pushes to main (an editor's next push would be rejected): the ledger is
    # committed by the editor, and a release refuses pages it does not list
    assert "permissions" not in build, "the build job only reads the repository"
    assert not any("git push" in step.get("run", "") or "git commit" in step.get("run", "")
                   for job in jobs.values() for step in job.get("steps", []))
    # the build cache is restored before the build, so deployments are warm builds
    names = [step.get("uses", "").split("@")[0] or step.get("run", "") for step in build["steps"]]
    cache = uses["actions/cache"]["with"]
    assert cache["path"] == ".cache" and cache["restore-keys"] == "ocop-build-cache-"
    assert cache["key"].startswith("ocop-build-cache-") and "${{ github.run_id }}" in cache["key"], "a new key saves the grown cache"
    assert names.index("actions/cache") < next(i for i, n in enumerate(names) if n.startswith("python build.py"))

    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_check_format_github_prints_annotations(tmp_path):
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = files["products/bac-kan/tra-thu.md"].replace("province:", "provice:")
    files["stray.txt"] = "x"
    content = write_content(tmp_path, files)
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "check", "--format", "github",
                             "--content", str(content)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    annotation = next(line for line in lines if "provice" in line and line.startswith("::error "))
    assert annotation.startswith("::error file=content/products/bac-kan/tra-thu.md,line=3::không có trường 'provice'")
    stray = next(line for line in lines if "stray.txt" in line and line.startswith("::error "))
    assert stray.startswith("::error file=content/stray.txt::"), "a whole-file error has no line"
    assert "content/products/bac-kan/tra-thu.md:3: không có trường 'provice'" in result.stdout, "the plain list too"


def test_github_annotation_escapes_what_the_runner_would_misread():
    sys.path.insert(0, str(PROJECT_DIR))
    from build import github_annotation
    from ocop.errors import ContentError
    text = github_annotation(ContentError("content/a,b:c.md", 4, "50% done\nnext: line"))
    assert text == "::error file=content/a%2Cb%3Ac.md,line=4::50%25 done%0Anext: line"


def doc_blocks(lang: str) -> list[str]:
    text = PUBLISHING.read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)


def test_gitlab_example_is_valid_yaml_with_a_pages_job():
    (example,) = [b for b in doc_blocks("yaml") if ".gitlab-ci.yml" in b]
    config = yaml.safe_load(example)
    assert config["check"]["script"][0] == "python build.py check --release"
    assert config["pages"]["script"] == ["python build.py build --release --out public"]
    assert config["pages"]["artifacts"]["paths"] == ["public"], "the ledger is the editor's, not an artifact"
    assert config["pages"]["cache"]["paths"] == [".cache/"]
    assert any("CI_DEFAULT_BRANCH" in rule["if"] for rule in config["pages"]["rules"])


def test_nginx_example_serves_404_and_the_generated_redirect_map():
    (nginx,) = doc_blocks("nginx")
    assert "error_page 404 /404.html;" in nginx
    assert "include /var/www/ocop/current/_redirects.nginx.conf;" in nginx
    assert NGINX_REDIRECTS == "/_redirects.nginx.conf" and f"if ({NGINX_VARIABLE})" in nginx
    (deploy,) = [b for b in doc_blocks("sh") if "rsync" in b]
    assert "rsync -az --delete" in deploy and "site/" in deploy and "nginx -t" in deploy


@pytest.fixture
def repo(tmp_path) -> Path:
    """A throw-away git repository holding the engine, the hook configuration and small content."""
    if shutil.which("git") is None:
        pytest.skip("git is missing: apt-get install -y git")
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(PROJECT_DIR / "build.py", root)
    shutil.copy(PROJECT_DIR / ".pre-commit-config.yaml", root)
    shutil.copytree(PROJECT_DIR / "ocop", root / "ocop", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("templates", "assets"):  # `python build.py` records new pages in the ledger
        shutil.copytree(PROJECT_DIR / folder, root / folder)
    write_content(root, {**minimal_content(), "site.yaml": REAL_SITE_YAML})
    (root / "notes.txt").write_text("ghi chú\n", encoding="utf-8")
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    # published once: the ledger lists every page (the hook runs `check --release`)
    subprocess.run([sys.executable, "build.py", "--no-search", "--no-cache", "--workers", "1"], cwd=root, check=True,
                   capture_output=True)
    git = ["git", "-c", "user.name=Biên tập", "-c", "user.email=bt@example.invalid"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "--no-verify", "-m", "start"], cwd=root, check=True)
    return root


def pre_commit(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run"], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
                                                              "HOME": str(root.parent), "PRE_COMMIT_HOME": str(root.parent / ".pc")})


@pytest.mark.slow  # runs pre-commit in a scratch repository
def test_pre_commit_hook_checks_staged_content(repo):
    pytest.importorskip("pre_commit", reason="pip install pre-commit")
    product = repo / "content/products/bac-kan/tra-thu.md"
    product.write_text(product.read_text(encoding="utf-8").replace("province:", "provice:"), encoding="utf-8")
    subprocess.run(["git", "add", str(product)], cwd=repo, check=True)
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout
    assert "content/products/bac-kan/tra-thu.md:3: không có trường 'provice'" in result.stdout

    # fixed on disk but not added: pre-commit checks what is staged and repeats the old error
    # (docs/huong-dan-bien-tap.md shows this and the way out: git add the fixed file)
    fixed = product.read_text(encoding="utf-8").replace("provice:", "province:").replace("Mô tả", "Mô tả đã sửa")
    product.write_text(fixed, encoding="utf-8")
    result = pre_commit(repo)
    assert result.returncode == 1 and "Unstaged files detected" in result.stdout, result.stdout
    assert "content/products/bac-kan/tra-thu.md:3: không có trường 'provice'" in result.stdout
    subprocess.run(["git", "add", str(product)], cwd=repo, check=True)
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout


@pytest.mark.slow  # runs pre-commit in a scratch repository
def test_pre_commit_hook_asks_for_the_ledger_of_a_new_page_until_python_build_py_records_it(repo):
    pytest.importorskip("pre_commit", reason="pip install pre-commit")
    new = repo / "content/products/bac-kan/che-moi.md"
    new.write_text(REAL_PRODUCT, encoding="utf-8")
    subprocess.run(["git", "add", "content/"], cwd=repo, check=True)
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout
    assert "content/published-urls.txt:0: 1 địa chỉ mới chưa được ghi vào sổ địa chỉ đã công bố (/san-pham/che-moi/)" \
        in result.stdout
    built = subprocess.run([sys.executable, "build.py", "--no-search", "--no-cache", "--workers", "1"], cwd=repo,
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert built.returncode == 0, built.stderr
    subprocess.run(["git", "add", "content/"], cwd=repo, check=True)
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow  # runs pre-commit in a scratch repository
def test_pre_commit_hook_skips_commits_without_content(repo):
    pytest.importorskip("pre_commit", reason="pip install pre-commit")
    (repo / "notes.txt").write_text("ghi chú mới\n", encoding="utf-8")
    subprocess.run(["git", "add", "notes.txt"], cwd=repo, check=True)
    result = pre_commit(repo)
    assert result.returncode == 0 and "Skipped" in result.stdout, result.stdout


@pytest.mark.slow  # runs nginx
def test_nginx_example_really_serves_the_site_404_and_alias_redirects(tmp_path):
    """The documented server block, run by a real nginx on a free port (skipped without nginx)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is missing: apt-get install -y nginx-light")
    import socket
    import time
    import urllib.error
    import urllib.request
    from conftest import build_site

    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = files["products/bac-kan/tra-thu.md"].replace(
        "province: bac-kan\n", "province: bac-kan\naliases:\n  - /san-pham/tra-cu/\n")
    site = build_site(tmp_path, files)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (block,) = doc_blocks("nginx")
    block = block.replace("/var/www/ocop/current", str(site))
    servers = block.split("server {")
    https = "server {" + servers[2]  # the documented site server; the port-80 redirect is left out
    https = re.sub(r"^\s*listen 443.*$", f"    listen 127.0.0.1:{port};", https, flags=re.M)
    https = re.sub(r"^\s*ssl_certificate.*$", "", https, flags=re.M)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
user root;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    {servers[0]}
    {https}
}}
""", encoding="utf-8")
    test = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def get(path: str) -> tuple[int, dict, str]:
        try:
            with opener.open(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8")

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, page = get("/san-pham/tra-thu/")
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        assert status == 200 and "Trà Thử" in page
        # the documented block sends the same headers as site/_headers (ocop/headers.py), on pages
        # and on the files of the locations with their own cache rules
        from ocop.headers import HOST_HEADERS
        for path in ("/san-pham/tra-thu/", "/assets/site.css", "/tim-kiem/"):
            sent = get(path)[1]
            for name, value in HOST_HEADERS:
                assert sent.get(name) == value, (path, name)
        assert get("/_headers")[0] == 404
        status, headers, _ = get("/san-pham/tra-cu/")
        assert status == 301 and headers["Location"].endswith("/san-pham/tra-thu/")
        status, headers, _ = get("/san-pham/tra-cu")
        assert status == 301 and headers["Location"].endswith("/san-pham/tra-thu/")
        status, _, page = get("/khong-co-trang-nay/")
        assert status == 404 and page == (site / "404.html").read_text(encoding="utf-8")
        assert get("/_redirects.nginx.conf")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=20)


# ---------------------------------------------------------------- a release refuses the placeholder address

REAL_SITE_YAML = "title: Sản phẩm OCOP thử nghiệm\nbase_url: https://ocop.thainguyen.gov.vn\n"
REAL_PRODUCT = "---\nname: Chè Mới\nprovince: bac-kan\nsources:\n  - title: Nguồn thử\n---\nMô tả.\n"


def build_py(content: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), *args, "--content", str(content)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.mark.parametrize("base_url, placeholder", [
    ("https://ocop.example.vn", True), ("https://example.com", True), ("https://www.example.org/", True),
    ("https://ocop.example.test", True), ("http://site.invalid", True), ("http://localhost:8000", True),
    ("http://127.0.0.1", True), ("http://192.168.1.10", True), ("https://ocop", True),
    ("https://ocop.thainguyen.gov.vn", False), ("https://ocop.bacninh.gov.vn/", False),
    ("https://example.vn.com", False), ("https://notexample.com", False)])
def test_placeholder_addresses_are_told_from_real_ones(base_url, placeholder):
    from ocop.release import is_placeholder
    assert is_placeholder(base_url) is placeholder


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_a_release_build_refuses_the_placeholder_base_url_and_says_where_to_set_it(tmp_path):
    content = write_content(tmp_path, minimal_content())  # conftest's base_url: https://ocop.example.test
    for command in (["build", "--release", "--no-search", "--no-cache", "--workers", "1"], ["check", "--release"]):
        result = build_py(content, *command)
        assert result.returncode == 1, result.stdout + result.stderr
        [error] = [line for line in result.stderr.splitlines() if line.startswith("content/site.yaml:")]
        assert error.startswith("content/site.yaml:3: base_url https://ocop.example.test là địa chỉ mẫu"), error
        assert "ghi địa chỉ thật của trang vào base_url trong content/site.yaml" in error
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists(), "a refused release writes nothing"
    # a local build (no --release) still works with the placeholder, for previews
    assert build_py(content, "--no-search", "--no-cache", "--workers", "1").returncode == 0


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_a_release_publishes_only_what_the_committed_ledger_lists_and_writes_nothing_into_content(tmp_path):
    files = {**minimal_content(), "site.yaml": REAL_SITE_YAML}
    content = write_content(tmp_path, files)
    options = ["--no-search", "--no-cache", "--workers", "1"]
    refused = build_py(content, "build", "--release", *options)
    assert refused.returncode == 1
    assert re.search(r"^content/published-urls\.txt:0: \d+ địa chỉ mới chưa được ghi vào sổ địa chỉ đã công bố "
                     r"\(/, .*\); chạy python build\.py \(lệnh này ghi chúng vào sổ\), rồi git add "
                     r"content/published-urls\.txt và commit$", refused.stderr, re.M), refused.stderr
    assert "chưa dựng lại trang, site/ vẫn giữ nguyên như trước." in refused.stderr
    assert not (content / "published-urls.txt").exists() and not (tmp_path / "site").exists()

    recorded = build_py(content, *options)  # the editor's own build records the new addresses
    assert recorded.returncode == 0 and "Đã ghi" in recorded.stdout and "địa chỉ mới vào content/published-urls.txt" \
        in recorded.stdout, recorded.stdout
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    assert build_py(content, "check", "--release").returncode == 0
    released = build_py(content, "build", "--release", *options)
    assert released.returncode == 0, released.stderr
    assert released.stdout.startswith(f"Đã dựng trang vào {tmp_path / 'site'}: ")
    assert "Đã ghi" not in released.stdout
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before, "a release writes no content"


def test_check_says_nothing_about_site_and_build_says_site_was_kept(tmp_path):
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = files["products/bac-kan/tra-thu.md"].replace("province:", "provice:")
    content = write_content(tmp_path, files)
    checked = build_py(content, "check")
    assert checked.stderr.splitlines()[-1] == (
        "1 lỗi nội dung; sửa từng lỗi ở đúng tệp và dòng ghi đầu mỗi dòng, rồi chạy lại: python build.py check "
        "(nếu đang commit: git add các tệp đã sửa rồi commit lại).")
    built = build_py(content, "--no-search", "--no-cache", "--workers", "1")
    assert built.stderr.splitlines()[-1] == "1 lỗi nội dung; chưa dựng lại trang, site/ vẫn giữ nguyên như trước."
