#!/usr/bin/env python3
"""OCOP catalog & plans — the command line (messages and help in Vietnamese, for the editors).

    python build.py [build]          build content/ into site/ (the default command)
    python build.py check            check content/ and report every mistake
    python build.py serve            build, serve site/ on http://127.0.0.1:8000/, rebuild on save
    python build.py new product|rating|plan   write a new, commented record (asks for the facts)
    python build.py import FILE ...           a decision's annex -> its rating record + the new products

`python build.py <command> --help` lists each command's own options.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ocop import ledger
from ocop.build import build, check
from ocop.config import PROJECT_DIR, Config
from ocop.dates import parse_build_date
from ocop.errors import BuildFailed, ContentError
from ocop.importer import ImportFailed, plan_import, report, write_plan
from ocop.files import shown_path
from ocop.scaffold import ScaffoldError, input_asker, scaffold
from ocop.serve import serve

COMMANDS = ("build", "check", "serve", "new", "import")

# argparse's own sentences, said in Vietnamese (pattern of the English text -> Vietnamese)
ARGPARSE_WORDS = (
    (r"unrecognized arguments: (.*)", r"không hiểu: \1 (xem các tùy chọn: --help)"),
    (r"the following arguments are required: (.*)", r"thiếu: \1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)", r"\1: không có '\2'; chọn một trong: \3"),
    (r"argument (\S+): invalid (\w+) value: '?([^']*)'?", r"\1: '\3' không đúng (cần một số)"),
    (r"argument (\S+): expected one argument", r"\1: cần một giá trị ngay sau nó"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1: không nhận giá trị \2"),
    (r"one of the arguments (.*) is required", r"cần một trong: \1"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1: không dùng cùng \2"),
)


class VietnameseHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with its headings, help option and error sentences in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", VietnameseHelp)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "Tham số"
        self._optionals.title = "Tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str):
        for pattern, words in ARGPARSE_WORDS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, words, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="THƯ_MỤC", help="thư mục nội dung (mặc định: content/)")


def site_options(parser: argparse.ArgumentParser) -> None:
    """What build and serve share: the build date, where to write, how."""
    parser.add_argument("--date", metavar="NGÀY", help="ngày dựng trang, dạng 2026-12-02 (mặc định: hôm nay); "
                        "thời hạn công nhận được tính theo ngày này")
    content_options(parser)
    parser.add_argument("--out", metavar="THƯ_MỤC", help="nơi ghi trang web (mặc định: site/ cạnh thư mục nội dung)")
    parser.add_argument("--workers", type=int, metavar="N", help="số tiến trình dựng trang (mặc định: số nhân CPU)")
    parser.add_argument("--no-search", action="store_true", help="bỏ qua chỉ mục tìm kiếm Pagefind (dựng nhanh hơn)")
    parser.add_argument("--no-cache", action="store_true", help="không dùng bộ nhớ đệm trong .cache/")


def release_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--release", action="store_true",
                        help="bản để đăng lên mạng: từ chối địa chỉ mẫu (base_url trong content/site.yaml) và các "
                             "địa chỉ trang chưa ghi vào content/published-urls.txt")


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "github"], default="text",
                        help="cách in lỗi: text (tệp:dòng: lỗi) hoặc github (thêm chú thích ::error cho GitHub Actions)")


def make_parser() -> Parser:
    parser = Parser(prog="python build.py", description=(
        "Dựng trang web danh mục sản phẩm OCOP từ thư mục content/.\n\n"
        "Các lệnh:\n"
        "  build   dựng trang vào site/ (lệnh mặc định: python build.py)\n"
        "  check   chỉ kiểm tra nội dung, in mọi lỗi dạng tệp:dòng: lỗi\n"
        "  serve   dựng, mở trang ở http://127.0.0.1:8000/ và dựng lại mỗi khi lưu tệp\n"
        "  new     tạo một bản ghi mới có chú thích (product, rating hoặc plan)\n"
        "  import  nhập phụ lục của một quyết định công nhận (bảng tính): quyết định và các sản phẩm mới\n\n"
        "Xem tùy chọn của từng lệnh: python build.py <lệnh> --help"))
    commands = parser.add_subparsers(dest="command", title="Lệnh", metavar="LỆNH", parser_class=Parser)

    build_cmd = commands.add_parser("build", help="dựng trang vào site/", description=(
        "Kiểm tra content/, dựng trang vào thư mục tạm, lập chỉ mục tìm kiếm rồi thay site/ trong một bước.\n"
        "Có lỗi thì site/ giữ nguyên. Địa chỉ mới được ghi vào content/published-urls.txt: hãy commit tệp này.\n"
        "Khi đăng lên mạng (máy chủ, GitHub Actions) dùng --release: khi đó lệnh không ghi gì vào content/ và từ\n"
        "chối đăng nếu base_url vẫn là địa chỉ mẫu hoặc có trang mới chưa ghi vào sổ địa chỉ."))
    site_options(build_cmd)
    release_option(build_cmd)
    format_option(build_cmd)

    check_cmd = commands.add_parser("check", help="chỉ kiểm tra nội dung", description=(
        "Kiểm tra toàn bộ content/ và in mọi lỗi, mỗi lỗi một dòng: tệp:dòng: lỗi và cách sửa.\n"
        "Không ghi gì. Thoát với mã 1 khi có lỗi."))
    check_cmd.add_argument("--date", metavar="NGÀY", help="ngày để tính thời hạn công nhận (mặc định: hôm nay)")
    content_options(check_cmd)
    check_cmd.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)  # accepted, changes nothing
    release_option(check_cmd)
    format_option(check_cmd)

    serve_cmd = commands.add_parser("serve", help="xem trước, tự dựng lại khi lưu", description=(
        "Dựng trang, mở ở http://127.0.0.1:8000/ và dựng lại mỗi khi một tệp trong content/, templates/ hoặc\n"
        "assets/ được lưu; trình duyệt tự tải lại. Lỗi hiện ngay trên trang. Bản xem trước không ghi gì vào content/.\n"
        "Dừng bằng Ctrl+C."))
    site_options(serve_cmd)
    serve_cmd.add_argument("--port", type=int, default=8000, metavar="CỔNG",
                           help="cổng (mặc định 8000; 0 để tự chọn cổng trống)")

    new_cmd = commands.add_parser("new", help="tạo bản ghi mới: product, rating hoặc plan", description=(
        "Tạo một bản ghi mới, đúng khuôn, có chú thích tiếng Việt, đúng thư mục và tên tệp.\n"
        "Điều gì chưa cho qua tùy chọn sẽ được hỏi. Ví dụ:\n"
        '  python build.py new product --name "Miến dong Ví Dụ" --province bac-kan --source-url https://...'))
    new_cmd.add_argument("kind", choices=["product", "rating", "plan"], metavar="LOẠI",
                         help="product (sản phẩm), rating (quyết định công nhận) hoặc plan (kế hoạch)")
    content_options(new_cmd)
    facts = new_cmd.add_argument_group("Thông tin của bản ghi (thiếu điều gì sẽ được hỏi)")
    for option, metavar, what in (
            ("--name", "TÊN", "tên sản phẩm, như được công nhận"),
            ("--province", "TỈNH", "tỉnh (tên tệp trong content/provinces/, hoặc tên tỉnh)"),
            ("--slug", "TÊN_TỆP", "tên tệp (mặc định: theo tên hoặc số văn bản)"),
            ("--producer", "CHỦ_THỂ", "tên chủ thể sản xuất"),
            ("--producer-kind", "LOẠI", "doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ sản xuất"),
            ("--producer-address", "ĐỊA_CHỈ", "product: địa chỉ của chủ thể, như nguồn ghi (không hỏi nếu thiếu)"),
            ("--group", "NHÓM", "nhóm sản phẩm"), ("--locality", "ĐỊA_PHƯƠNG", "huyện/xã, như nguồn ghi"),
            ("--date", "NGÀY", "ngày quyết định hoặc ngày ban hành: 2022, 2022-08 hoặc 2022-08-22"),
            ("--number", "SỐ", "số quyết định hoặc số văn bản, ví dụ 1693/QĐ-UBND"),
            ("--level", "CẤP", "cấp công nhận: tỉnh, trung ương hoặc huyện"),
            ("--issuer", "CƠ_QUAN", "cơ quan ban hành"), ("--title", "TÊN", "tên kế hoạch"),
            ("--period", "GIAI_ĐOẠN", "giai đoạn kế hoạch: 2022 hoặc 2021-2025"),
            ("--source-url", "URL", "địa chỉ web của nguồn"), ("--source-title", "TIÊU_ĐỀ", "tiêu đề của nguồn"),
            ("--publisher", "NƠI_ĐĂNG", "cơ quan/báo đăng nguồn")):
        facts.add_argument(option, metavar=metavar, help=what)
    facts.add_argument("--product", action="append", metavar="SẢN_PHẨM", help="rating: tên tệp của sản phẩm (lặp lại cho nhiều sản phẩm)")
    facts.add_argument("--stars", action="append", metavar="SAO", help="rating: số sao 1–5 (một số cho tất cả, hoặc mỗi --product một số)")
    facts.add_argument("--photos", action="store_true", help="product: tạo thư mục <tên>/index.md để đặt ảnh")
    new_cmd.add_argument("--no-input", action="store_true", help="không hỏi; báo lỗi nếu thiếu thông tin bắt buộc")

    import_cmd = commands.add_parser("import", help="nhập phụ lục của một quyết định công nhận", description=(
        "Đọc phụ lục (danh sách sản phẩm) của một quyết định công nhận sản phẩm OCOP, từ tệp .xlsx, .xls, .ods\n"
        "hoặc .csv, rồi tạo MỘT tệp quyết định trong content/ratings/<tỉnh>/ và một tệp cho mỗi sản phẩm chưa có.\n"
        "Sản phẩm đã có (cùng tỉnh, hoặc tỉnh đã hợp nhất vào tỉnh đó; cùng tên và cùng chủ thể; hoặc ghi ở cột\n"
        "slug) được công nhận lại trong quyết định, không tạo bản trùng. Có lỗi thì in mọi lỗi dạng TỆP:HÀNG: lỗi\n"
        "và không ghi gì. Nhập lại cùng phụ lục thì không thay đổi gì. Ví dụ:\n"
        '  python build.py import phu-luc.xlsx --province bac-kan --date 2024-11-15 --number "1234/QĐ-UBND" \\\n'
        '      --level tỉnh --issuer "UBND tỉnh Bắc Kạn" --source-url https://... --dry-run'))
    import_cmd.add_argument("file", metavar="TỆP", help="tệp phụ lục: .xlsx, .xls, .ods hoặc .csv")
    decision = import_cmd.add_argument_group("Quyết định")
    decision.add_argument("--province", required=True, metavar="TỈNH",
                          help="tỉnh ban hành quyết định (tên tệp trong content/provinces/, ví dụ bac-kan)")
    when = decision.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="NGÀY", help="ngày quyết định: 2024-11-15, hoặc 2024-11, hoặc 2024")
    when.add_argument("--reported-by", metavar="NGÀY", help="khi nguồn không ghi ngày quyết định: ngày của nguồn "
                      "đưa tin việc công nhận (dùng thay cho --date)")
    decision.add_argument("--level", required=True, metavar="CẤP", help="cấp công nhận: tỉnh, trung ương hoặc huyện")
    decision.add_argument("--number", metavar="SỐ", help="số quyết định, ví dụ 1693/QĐ-UBND (bỏ qua nếu không rõ)")
    decision.add_argument("--issuer", metavar="CƠ_QUAN", help="cơ quan ban hành, ví dụ UBND tỉnh Bắc Kạn")
    decision.add_argument("--round", metavar="ĐỢT", help="đợt đánh giá như quyết định ghi, ví dụ 2024 (Đợt 2)")
    decision.add_argument("--slug", metavar="MÔ_TẢ", help="khi không rõ số quyết định: mô tả ngắn để đặt tên tệp "
                          "(mặc định: cong-nhan-ocop)")
    source = import_cmd.add_argument_group("Nguồn (ghi vào quyết định và vào mỗi sản phẩm mới)")
    source.add_argument("--source-url", required=True, metavar="URL", help="địa chỉ web nơi đăng quyết định/phụ lục")
    source.add_argument("--source-title", metavar="TIÊU_ĐỀ", help="tiêu đề của nguồn, như được đăng")
    source.add_argument("--publisher", metavar="NƠI_ĐĂNG", help="cơ quan/báo đăng nguồn")
    content_options(import_cmd)
    import_cmd.add_argument("--dry-run", action="store_true",
                            help="chỉ in những gì sẽ tạo (sản phẩm mới và tên tệp, sản phẩm được công nhận lại, "
                                 "tệp quyết định); không ghi gì")
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """`python build.py` and `python build.py --out x` mean `build`; `--help` alone lists the commands."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    return make_parser().parse_args(argv)


def github_annotation(error: ContentError) -> str:
    """One error as a GitHub Actions workflow command: an annotation on that file and line."""
    def escape(text: str, chars: str) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if ":" in chars else text
    where = f"file={escape(error.path, ':,')}" + (f",line={error.line}" if error.line > 0 else "")
    return f"::error {where}::{escape(error.message, '')}"


def error_report(failure: BuildFailed, fmt: str, kept_site: str | None = None) -> str:
    """Every error and the summary line; `kept_site` for a build (it left that folder as it was)."""
    if fmt == "github":
        return "\n".join([github_annotation(e) for e in failure.errors] + [failure.report(kept_site)])
    return failure.report(kept_site)


def make_config(args: argparse.Namespace) -> Config:
    content = Path(args.content).resolve() if args.content else PROJECT_DIR / "content"
    out = Path(args.out).resolve() if getattr(args, "out", None) else content.parent / "site"
    overrides = {}
    if getattr(args, "workers", None):
        overrides["workers"] = args.workers
    if getattr(args, "no_search", False):
        overrides["search_index"] = False
    if args.no_cache:
        overrides["cache_dir"] = None
    if getattr(args, "release", False):
        overrides["release"] = True
    return Config(content_dir=content, site_dir=out, build_date=parse_build_date(args.date), **overrides)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.command == "new":
        return new_record(args)
    if args.command == "import":
        return import_annex(args)
    config = make_config(args)
    try:
        if args.command == "check":
            catalog = check(config)
            print(f"OK: {len(catalog.products)} sản phẩm, {len(catalog.decisions)} quyết định, "
                  f"{len(catalog.plans)} kế hoạch, {len(catalog.provinces)} tỉnh, thành phố — không có lỗi.")
            return 0
        if args.command == "serve":
            return serve(config, args.port)
        report = build(config)
        # only here: check, serve and a release never write into content/
        ledger.record_new_urls(config.content_dir, config.project_dir, report.new_urls)
        print(f"Đã dựng trang vào {config.site_dir}: {report.summary()}.")
        if report.new_urls:
            print(f"Đã ghi {len(report.new_urls)} địa chỉ mới vào content/{ledger.LEDGER_FILE}: hãy commit tệp này "
                  "cùng nội dung (git add content/).")
        print(f"Xem trang: mở {config.site_dir / 'index.html'} trong trình duyệt, hoặc chạy: python build.py serve")
        return 0
    except BuildFailed as failure:
        fmt = getattr(args, "format", "text")
        kept = shown_path(config.site_dir, config.project_dir) + "/" if args.command != "check" else None
        print(error_report(failure, fmt, kept), file=sys.stdout if fmt == "github" else sys.stderr)
        return 1


def new_record(args: argparse.Namespace) -> int:
    """`python build.py new product|rating|plan` (ocop/scaffold.py)."""
    content = Path(args.content).resolve() if args.content else PROJECT_DIR / "content"
    try:
        written = scaffold(args.kind, vars(args), input_asker(not args.no_input), content, content.parent)
    except ScaffoldError as problem:
        print(f"Chưa tạo được: {problem}", file=sys.stderr)
        return 1
    print(f"Đã tạo {written.shown}" + (f" (trang {written.url})" if written.url else ""))
    print("Mở tệp, đọc các dòng chú thích (#) và bổ sung; rồi chạy: python build.py check")
    return 0


def import_annex(args: argparse.Namespace) -> int:
    """`python build.py import FILE ...` (ocop/importer.py): all files or none."""
    content = Path(args.content).resolve() if args.content else PROJECT_DIR / "content"
    try:
        plan = plan_import(vars(args), content, content.parent)
        if not args.dry_run and not plan.unchanged:
            write_plan(plan)
    except ImportFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        count = len(failure.problems)
        print(f"{count} lỗi; chưa ghi tệp nào. Sửa phụ lục hoặc tùy chọn theo từng dòng trên rồi chạy lại lệnh.",
              file=sys.stderr)
        return 1
    print("\n".join(report(plan, args.dry_run)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
