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
    assert "python build.py check --format github" in check_runs
    assert "if" not in jobs["check"], "the check runs on every pull request"

    build = jobs["build"]
    assert build["needs"] == "check" and "refs/heads/main" in build["if"] and "pull_request" in build["if"]
    uses = {step.get("uses", "").split("@")[0]: step for step in build["steps"]}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert any(step.get("run", "").startswith("python build.py") for step in build["steps"])
    assert any("content/published-urls.txt" in step.get("run", "") for step in build["steps"]), "ledger committed"
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
    assert annotation.startswith("::error file=content/products/bac-kan/tra-thu.md,line=3::unknown field 'provice'")
    stray = next(line for line in lines if "stray.txt" in line and line.startswith("::error "))
    assert stray.startswith("::error file=content/stray.txt::"), "a whole-file error has no line"
    assert "content/products/bac-kan/tra-thu.md:3: unknown field 'provice'" in result.stdout, "the plain list too"


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
    assert config["check"]["script"][0] == "python build.py check"
    assert config["pages"]["script"] == ["python build.py --out public"]
    assert "public" in config["pages"]["artifacts"]["paths"]
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
    write_content(root, minimal_content())
    (root / "notes.txt").write_text("ghi chú\n", encoding="utf-8")
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
    assert "content/products/bac-kan/tra-thu.md:3: unknown field 'provice'" in result.stdout

    fixed = product.read_text(encoding="utf-8").replace("provice:", "province:").replace("Mô tả", "Mô tả đã sửa")
    product.write_text(fixed, encoding="utf-8")
    subprocess.run(["git", "add", str(product)], cwd=repo, check=True)
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout


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
