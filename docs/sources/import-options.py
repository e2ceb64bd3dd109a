# --- An Giang
cfg("an-giang/2024-06-04-912-qd-ubnd", province="an-giang", date="2024-06-04", level="tỉnh", number="912",
    issuer="UBND tỉnh An Giang", round="2023",
    source_url="https://vietnam.vn/angiang/?p=591467",
    source_title="Phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP cấp tỉnh năm 2023",
    publisher="vietnam.vn (đăng lại tin Cổng TTĐT tỉnh An Giang)",
    slugs={1: "banh-hanh-nhan-tien-anh", 2: "thot-not-dong-lon-rau-qua-an-giang"},
    set={1: {"Địa chỉ": "thị trấn Chợ Mới, huyện Chợ Mới"}})
cfg("an-giang/2024-12-03-huyen-chau-thanh-dot-1-2024-ocop-3-sao", province="an-giang", reported_by="2024-12-03",
    level="huyện", issuer="UBND huyện Châu Thành", round="2024 (đợt 1)", slug="chau-thanh-3-sao-dot-1",
    source_url="https://chauthanh.angiang.gov.vn/node/5516",
    source_title="Lễ công bố và trao Quyết định công nhận 06 sản phẩm đạt tiêu chuẩn OCOP 3 sao năm 2024 đợt 1",
    publisher="Cổng TTĐT huyện Châu Thành, tỉnh An Giang",
    slugs={1: "nuoc-cot-trai-nhau-dong-nam", 2: "na-hoang-hau-nguyen-ngoc-chau", 4: "tra-la-voi-co-ngot-mach-long",
           5: "tra-la-sen-co-ngot-mach-long", 6: "nuoc-cot-trai-nhau-mach-long"},
    set={i: {"Địa chỉ": v} for i, v in {1: "xã Bình Hòa, huyện Châu Thành", 2: "xã Vĩnh Hanh, huyện Châu Thành",
         3: "xã An Hòa, huyện Châu Thành", 4: "xã An Hòa, huyện Châu Thành", 5: "xã An Hòa, huyện Châu Thành",
         6: "xã An Hòa, huyện Châu Thành"}.items()})
# --- Bắc Giang
cfg("bac-giang/2024-07-04-2171-qd-bnn-vpdp", province="bac-giang", date="2024-07-04", level="trung ương",
    number="2171/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 1)",
    source_url="http://btusta.vn/tin-tuc/3516/ben-tre-co-05-san-pham-dat-san-pham-ocop-cap-quoc-gia",
    source_title="Bến Tre có 05 sản phẩm đạt sản phẩm OCOP cấp quốc gia",
    publisher="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bến Tre (btusta.vn)",
    set={1: {"Địa chỉ": "", "Ghi chú": ""}})
cfg("bac-giang/2024-11-dot-1-ocop-4-sao-cap-tinh", province="bac-giang", reported_by="2024-11-20", level="tỉnh",
    issuer="UBND tỉnh Bắc Giang", round="2024 (Đợt 1)", slug="4-sao-dot-1-2024",
    source_url="https://nguoilambaobacgiang.vn/2/32031/Bac-Giang-Cong-nhan-6-san-pham-OCOP-dat-tieu-chuan-4-sao.aspx",
    source_title="Bắc Giang: Công nhận 6 sản phẩm OCOP đạt tiêu chuẩn 4 sao", publisher="Hội Nhà báo tỉnh Bắc Giang",
    set={1: {"Chủ thể sản xuất": "Hợp tác xã Thân Trường"}}, slugs={3: "my-gao-ngu-sac-hang-hieu"})
# --- Bắc Kạn (5 sao, đợt 2/2024)
cfg("bac-kan/2024-dot-2-5-sao-trung-uong", province="bac-kan", reported_by="2024-11-18", level="trung ương",
    issuer=BNN, round="2024 (Đợt 2)", slug="5-sao-2024-dot-2",
    source_url="https://clpl.vn/5-san-pham-moi-nhat-dat-tieu-chuan-5-sao-ocop-cap-quoc-gia",
    source_title="5 sản phẩm mới nhất đạt tiêu chuẩn 5 sao OCOP cấp Quốc gia", publisher="clpl.vn", blank_addr=True)
# --- Bến Tre
cfg("ben-tre/2023-5-sao-trung-uong", province="ben-tre", reported_by="2023", level="trung ương",
    round="Hội đồng cấp Trung ương năm 2023 (nhóm thực phẩm)", slug="hoi-dong-trung-uong-2023-4-san-pham",
    source_url="https://kenhhot.vn/ben-tre-co-4-san-pham-duoc-cong-nhan-san-pham-ocop-cap-trung-uong-37805.html",
    source_title="Bến Tre có 4 sản phẩm được công nhận sản phẩm OCOP cấp Trung ương", publisher="kenhhot.vn",
    blank_addr=True, set={4: {"Ghi chú": ""}})
cfg("ben-tre/2024-07-04-2171-qd-bnn-vpdp", province="ben-tre", date="2024-07-04", level="trung ương",
    number="2171/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 1)",
    source_url="http://btusta.vn/tin-tuc/3516/ben-tre-co-05-san-pham-dat-san-pham-ocop-cap-quoc-gia",
    source_title="Bến Tre có 05 sản phẩm đạt sản phẩm OCOP cấp quốc gia",
    publisher="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bến Tre (btusta.vn)",
    slugs={1: "trai-sau-rieng-cap-dong-chanh-thu"})
cfg("ben-tre/2024-ocop-4-sao-cap-tinh-trao-chung-nhan", province="ben-tre", reported_by="2024", level="tỉnh",
    round="2024", slug="10-san-pham-4-sao",
    source_url="https://nongnghiep.vn/ben-tre-co-so-luong-san-pham-ocop-thuoc-top-dau-ca-nuoc-d410211.html",
    source_title="Bến Tre có số lượng sản phẩm OCOP thuộc top đầu cả nước", publisher="Báo Nông nghiệp Việt Nam",
    slugs={3: "xoai-say-deo-nodavi", 5: "mat-ong-ruoi-tin-phat", 6: "mat-ong-hoa-nhan-tin-phat",
           7: "buoi-da-xanh-giong-trom"},
    set={8: {"Ghi chú": ""}, 9: {"Ghi chú": ""}, 10: {"Ghi chú": ""}})
# --- Bình Dương
cfg("binh-duong/2024-ocop-4-sao-tong-ket-nam-2024", province="binh-duong", date="2024", level="tỉnh",
    round="2024", slug="san-pham-4-sao-nam-2024",
    source_url="https://ocopvietnam.langngheviet.com.vn/binh-duong-phat-trien-chuong-trinh-ocop-voi-274-san-pham-duoc-cong-nhan-32494.html",
    source_title="Bình Dương: Phát triển chương trình OCOP với 274 sản phẩm được công nhận",
    publisher="OCOP Việt Nam – Làng nghề Việt")
# --- Bình Thuận
cfg("binh-thuan/2023-12-huyen-ham-thuan-bac-ocop-3-sao-nam-2023", province="binh-thuan", reported_by="2023-12-26",
    level="huyện", issuer="UBND huyện Hàm Thuận Bắc", round="2023", slug="ham-thuan-bac-3-sao-2023",
    source_url="https://en.baobinhthuan.com.vn/ham-thuan-bac-2-chu-the-san-pham-duoc-trao-giay-chung-nhan-ocop-3-sao-115695.html",
    source_title="Hàm Thuận Bắc: 2 chủ thể sản phẩm được trao giấy chứng nhận OCOP 3 sao", publisher="Báo Bình Thuận",
    slugs={1: "gao-st25-hiep-phat", 2: "nuoc-cot-thanh-long-do-hoa-le", 3: "nuoc-cot-thanh-long-trang-hoa-le",
           4: "ruou-vang-thanh-long-hoa-le", 5: "ruou-thanh-long-men-s-hoa-le"},
    set={i: {"Địa chỉ": v + ", huyện Hàm Thuận Bắc"} for i, v in {1: "thôn Liêm Bình, xã Hồng Liêm", 2: "khu phố Lâm Hòa, thị trấn Ma Lâm",
         3: "khu phố Lâm Hòa, thị trấn Ma Lâm", 4: "khu phố Lâm Hòa, thị trấn Ma Lâm", 5: "khu phố Lâm Hòa, thị trấn Ma Lâm"}.items()})
cfg("binh-thuan/2024-dot-1-huyen-duc-linh-ocop-3-sao", province="binh-thuan", reported_by="2024", level="huyện",
    issuer="UBND huyện Đức Linh", round="2024 (đợt 1)", slug="duc-linh-3-sao-2024-dot-1",
    source_url="https://baobinhthuan.com.vn/duc-linh-co-them-10-san-pham-duoc-cong-nhan-dat-chuan-ocop-3-sao-118887.html",
    source_title="Đức Linh có thêm 10 sản phẩm được công nhận đạt chuẩn OCOP 3 sao", publisher="Báo Bình Thuận",
    slugs={3: "bot-gia-vi-pho-mai-anh-duong-food", 4: "com-chay-chien-nuoc-mam-anh-duong-food"})
# --- Cà Mau
cfg("ca-mau/2025-02-ocop-4-sao-nam-2024", province="ca-mau", date="2025", level="tỉnh", issuer="UBND tỉnh Cà Mau",
    round="2024", slug="18-san-pham-4-sao",
    source_url="https://baocamau.vn/phap-luat/cong-nhan-18-san-pham-ocop-4-sao-nam-2024-a36868.html",
    source_title="Công nhận 18 sản phẩm OCOP 4 sao năm 2024", publisher="Báo Cà Mau",
    slugs={1: "bo-vien-thuy-luc", 2: "bap-bo-ngam-nuoc-mam-thuy-luc", 7: "ruou-nhau-nguyen-gia",
           8: "tom-kho-truc-thuong", 10: "ba-khia-muoi-nuoc-mam-dam-doi", 12: "tom-kho-nguyen-vo-tan-phat-loi",
           13: "tom-kho-tach-vo-tan-phat-loi", 14: "banh-phong-hau-tan-phat-loi", 15: "yen-chung-duong-phen-dat-mui",
           16: "to-yen-chung-san-danh-cho-tre-em-dat-mui", 17: "yen-chung-duong-an-kieng-dat-mui",
           18: "yen-tinh-che-dat-mui"},
    set={8: {"Ghi chú": "nâng hạng từ 3 sao lên 4 sao; nguồn viết “tôm khô và tôm khô chà bông Trúc Thương”"}})
# --- Đắk Lắk
cfg("dak-lak/2024-01-huyen-krong-pac-ocop-3-sao-nam-2023", province="dak-lak", reported_by="2024-01-29", level="huyện",
    issuer="UBND huyện Krông Pắc", round="2023", slug="krong-pac-3-sao-2023",
    source_url="https://baodaklak.vn/kinh-te/202401/huyen-krong-pac-them-12-san-pham-dat-3-sao-ocop-27206ae",
    source_title="Huyện Krông Pắc thêm 12 sản phẩm đạt 3 sao OCOP", publisher="Báo Đắk Lắk",
    slugs={2: "premium-coffee-mua-thu", 8: "tra-hoa-vang-rimi-food"},
    set={i: {"Ghi chú": ""} for i in range(1, 11)})
# --- Đồng Tháp
cfg("dong-thap/2023-12-29-ocop-4-sao-nam-2023", province="dong-thap", date="2023-12-29", level="tỉnh",
    issuer="UBND tỉnh Đồng Tháp", round="2023", slug="4-sao-nam-2023",
    source_url="https://thapmuoi.dongthap.gov.vn/web/htm/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/17315649?plidlayout=5060",
    source_title="Tháp Mười có 3 sản phẩm OCOP được công nhận 4 sao năm 2023", publisher="Cổng TTĐT huyện Tháp Mười",
    slugs={2: "sen-say-dai-viet"})
# --- Gia Lai
cfg("gia-lai/2024-12-huyen-dak-po-ocop-3-sao-nam-2024", province="gia-lai", reported_by="2024-12", level="huyện",
    issuer="UBND huyện Đak Pơ", round="2024", slug="dak-po-3-sao-2024",
    source_url="https://baogialai.com.vn/dak-po-trao-chung-nhan-cho-7-san-pham-ocop-cap-huyen-nam-2024-post304707.html",
    source_title="Đak Pơ trao chứng nhận cho 7 sản phẩm OCOP cấp huyện năm 2024", publisher="Báo Gia Lai",
    set={4: {"Tên sản phẩm": "Bách vạn hoa trà"}})
cfg("gia-lai/2025-05-16-278-qd-ubnd-huyen-krong-pa", province="gia-lai", date="2025-05-16", level="huyện",
    number="278/QĐ-UBND", issuer="UBND huyện Krông Pa", round="2025",
    source_url="https://baogialai.com.vn/krong-pa-10-san-pham-duoc-cong-nhan-dat-chuan-ocop-3-sao-post323488.html",
    source_title="Krông Pa: 10 sản phẩm được công nhận đạt chuẩn OCOP 3 sao", publisher="Báo Gia Lai",
    set={i: {"Địa chỉ": v + ", huyện Krông Pa"} for i, v in {1: "xã Ia Rsươm", 2: "xã Ia Rsươm", 3: "thị trấn Phú Túc", 4: "thị trấn Phú Túc",
         5: "thị trấn Phú Túc", 6: "thị trấn Phú Túc", 7: "thị trấn Phú Túc", 8: "xã Phú Cần", 9: "xã Phú Cần", 10: "xã Phú Cần"}.items()})
# --- Hà Giang (5 sao, công nhận lại)
cfg("ha-giang/2024-dot-2-5-sao-trung-uong", province="ha-giang", reported_by="2024-11-18", level="trung ương",
    issuer=BNN, round="2024 (Đợt 2)", slug="5-sao-2024-dot-2",
    source_url="https://clpl.vn/5-san-pham-moi-nhat-dat-tieu-chuan-5-sao-ocop-cap-quoc-gia",
    source_title="5 sản phẩm mới nhất đạt tiêu chuẩn 5 sao OCOP cấp Quốc gia", publisher="clpl.vn", blank_addr=True,
    slugs={1: "tra-xanh-phin-ho", 2: "hong-tra-phin-ho"},
    set={1: {"Ghi chú": "công nhận lại; thời gian công nhận lại tính từ ngày 1/7/2024"},
         2: {"Ghi chú": "công nhận lại; thời gian công nhận lại tính từ ngày 1/7/2024"}})
# --- Hà Nội
cfg("ha-noi/2023-5-sao-trung-uong", province="ha-noi", reported_by="2023-07-17", level="trung ương", issuer=BNN,
    slug="hai-san-pham-5-sao-2023",
    source_url="https://langngheviet.com.vn/ha-noi-co-them-hai-san-pham-ocop-5-sao-28283.html",
    source_title="Hà Nội: Có thêm hai sản phẩm OCOP 5 sao", publisher="Làng nghề Việt",
    set={1: {"Địa chỉ": "huyện Gia Lâm"}, 2: {"Địa chỉ": "huyện Mỹ Đức", "Ghi chú": ""}})
cfg("ha-noi/2025-06-26-2361-qd-bnnmt", province="ha-noi", date="2025-06-26", level="trung ương",
    number="2361/QĐ-BNNMT", issuer="Bộ Nông nghiệp và Môi trường", round="2025 (Đợt 1)",
    source_url="https://nongnghiepmoitruong.vn/ha-noi-dan-dau-ca-nuoc-ve-so-luong-san-pham-ocop-d763008.html",
    source_title="Hà Nội dẫn đầu cả nước về số lượng sản phẩm OCOP", publisher="Báo Nông nghiệp và Môi trường",
    blank_addr=True)
# --- Hải Dương
cfg("hai-duong/2023-12-29-ocop-4-sao-nam-2023", province="hai-duong", date="2023-12-29", level="tỉnh",
    issuer="UBND tỉnh Hải Dương", round="2023", slug="34-san-pham-4-sao",
    source_url="http://www.baomoi.com/them-34-san-pham-4-sao-hai-duong-co-tong-351-san-pham-ocop-c47953409.epi",
    source_title="Thêm 34 sản phẩm 4 sao, Hải Dương có tổng 351 sản phẩm OCOP", publisher="Báo Mới (theo Báo Hải Dương)",
    slugs={5: "kem-dau-xanh-kem-binh-duong", 6: "kem-dua-non-kem-binh-duong", 7: "kem-socola-phu-hat-kem-binh-duong",
           8: "kem-tra-sua-tran-chau-kem-binh-duong", 14: "kem-com-dau-non-trang-tien", 15: "kem-dau-xanh-trang-tien"},
    set={18: {"Ghi chú": ""}, 19: {"Ghi chú": ""}})
cfg("hai-duong/2024-07-04-2171-qd-bnn-vpdp", province="hai-duong", date="2024-07-04", level="trung ương",
    number="2171/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 1)",
    source_url="http://btusta.vn/tin-tuc/3516/ben-tre-co-05-san-pham-dat-san-pham-ocop-cap-quoc-gia",
    source_title="Bến Tre có 05 sản phẩm đạt sản phẩm OCOP cấp quốc gia",
    publisher="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bến Tre (btusta.vn)",
    set={1: {"Tên sản phẩm": "Bánh đậu xanh Rồng vàng Hoàng Gia", "Chủ thể sản xuất": "Công ty CP Hoàng Giang",
             "Địa chỉ": "TP Hải Dương", "Ghi chú": ""}})
# --- Hòa Bình (5 sao, QĐ 377)
cfg("hoa-binh/2025-01-17-377-qd-bnn-vpdp", province="hoa-binh", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://vietnam.vn/?p=1309372",
    source_title="Công nhận thêm 28 sản phẩm đạt chứng nhận OCOP 5 sao cấp Quốc gia",
    publisher="vietnam.vn (đăng lại tin Báo Nhân Dân)", blank_addr=True,
    slugs={1: "mang-chua-thai-san-kim-boi", 2: "mang-nua-kho-nau-ngay-kim-boi"})
# --- Huế
cfg("hue/2024-07-04-2171-qd-bnn-vpdp", province="hue", date="2024-07-04", level="trung ương",
    number="2171/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 1)",
    source_url="http://btusta.vn/tin-tuc/3516/ben-tre-co-05-san-pham-dat-san-pham-ocop-cap-quoc-gia",
    source_title="Bến Tre có 05 sản phẩm đạt sản phẩm OCOP cấp quốc gia",
    publisher="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bến Tre (btusta.vn)", blank_addr=True,
    slugs={1: "gia-vi-hoan-chinh-bun-bo-hue-yeshue"})
# --- Khánh Hòa
cfg("khanh-hoa/2023-12-27-hoi-dong-ocop-cap-tinh-nam-2023-4-sao", province="khanh-hoa", reported_by="2024-07-16",
    level="tỉnh", round="2023", slug="4-sao-nam-2023",
    source_url="https://langngheviet.com.vn/khanh-hoa-de-nghi-trung-uong-cong-nhan-1-san-pham-ocop-5-sao-29360.html",
    source_title="Khánh Hòa đề nghị Trung ương công nhận 1 sản phẩm OCOP 5 sao", publisher="Làng nghề Việt",
    slugs={1: "cha-ca-hap-pham-thi-thuan", 2: "cha-ca-chien-pham-thi-thuan"},
    set={1: {"Địa chỉ": "xã Vạn Phú, huyện Vạn Ninh"}, 2: {"Địa chỉ": "xã Vạn Phú, huyện Vạn Ninh"},
         3: {"Địa chỉ": "xã Ninh Hải, thị xã Ninh Hòa"}})
# --- Kiên Giang (5 sao, 2022 đợt 1)
cfg("kien-giang/2023-5-sao-trung-uong", province="kien-giang", reported_by="2023-07-24", level="trung ương",
    issuer=BNN, round="2022 (Đợt 1)", slug="5-sao-2022-dot-1",
    source_url="https://doanhnghiephoinhap.vn/ca-nuoc-vua-co-them-22-san-pham-ocop-duoc-cong-nhan-la-san-pham-5-sao.html",
    source_title="Cả nước vừa có thêm 22 sản phẩm OCOP được công nhận là sản phẩm 5 sao", publisher="Doanh nghiệp và Hội nhập",
    set={i: {"Địa chỉ": "thị trấn Dương Đông, huyện Phú Quốc"} for i in range(1, 6)} | {6: {"Ghi chú": ""}})
# --- Kon Tum
cfg("kon-tum/2024-dot-1-ocop-cap-tinh-4-sao", province="kon-tum", reported_by="2024-06-14", level="tỉnh",
    issuer="UBND tỉnh Kon Tum", round="2024 (đợt 1)", slug="thong-bao-4-sao-2024-dot-1",
    source_url="https://nongnghiep.vn/2-san-pham-sam-ngoc-linh-co-tiem-nang-dat-ocop-5-sao-d389616.html",
    source_title="2 sản phẩm sâm Ngọc Linh có tiềm năng đạt OCOP 5 sao", publisher="Báo Nông nghiệp Việt Nam")
# --- Lâm Đồng
cfg("lam-dong/2024-dot-2-huyen-duc-trong-ocop-3-sao", province="lam-dong", reported_by="2025-03", level="huyện",
    issuer="UBND huyện Đức Trọng", round="2024 (đợt 2)", slug="duc-trong-3-sao-2024-dot-2",
    source_url="https://ocopvietnam.langngheviet.com.vn/nhieu-san-pham-dac-trung-tai-lam-dong-duoc-cap-chung-nhan-ocop-32592.html",
    source_title="Nhiều sản phẩm đặc trưng tại Lâm Đồng được cấp chứng nhận OCOP", publisher="OCOP Việt Nam – Làng nghề Việt",
    set={i: {"Địa chỉ": v + ", huyện Đức Trọng"} for i, v in {1: "xã Hiệp An", 2: "xã Hiệp An", 3: "xã Hiệp An", 4: "xã Tân Hội",
         5: "xã Hiệp Thạnh", 6: "xã Tà Hine", 7: "xã Đa Quyn"}.items()} | {6: {"Địa chỉ": "xã Tà Hine, huyện Đức Trọng", "Tên sản phẩm": "Nấm Hồng Chi (nấm Linh chi đỏ)"}},
    slugs={2: "ca-chua-beef-an-phu", 3: "dua-leo-baby-an-phu"})
# --- Lạng Sơn
cfg("lang-son/2024-02-02-cong-bo-ocop-4-sao-nam-2023", province="lang-son", reported_by="2024-02-02", level="tỉnh",
    round="2023", slug="hai-san-pham-4-sao-2023",
    source_url="http://danvanlangson.vn/cong-bo-ket-qua-danh-gia-phan-hang-2-san-pham-ocop",
    source_title="Công bố kết quả đánh giá, phân hạng 2 sản phẩm OCOP", publisher="danvanlangson.vn (theo Báo Lạng Sơn)",
    slugs={1: "mac-ca-say-nut-vo-lang-son", 2: "ruou-men-la-nguoi-dao-cao-loc"})
# --- Lào Cai
cfg("lao-cai/2024-dot-2-5-sao-trung-uong", province="lao-cai", reported_by="2024-11-18", level="trung ương",
    issuer=BNN, round="2024 (Đợt 2)", slug="5-sao-2024-dot-2",
    source_url="https://clpl.vn/5-san-pham-moi-nhat-dat-tieu-chuan-5-sao-ocop-cap-quoc-gia",
    source_title="5 sản phẩm mới nhất đạt tiêu chuẩn 5 sao OCOP cấp Quốc gia", publisher="clpl.vn", blank_addr=True,
    set={1: {"Chủ thể sản xuất": "Công ty TNHH MTV Traphaco Sapa", "Ghi chú": ""},
         2: {"Chủ thể sản xuất": "Công ty TNHH MTV Traphaco Sapa", "Ghi chú": ""}})
# --- Nam Định (5 sao, QĐ 377)
cfg("nam-dinh/2025-01-17-377-qd-bnn-vpdp", province="nam-dinh", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://vietnamnews.vn/economy/1690849/28-products-receive-five-star-national-ocop-rating.html",
    source_title="28 products receive five-star national OCOP rating", publisher="Việt Nam News",
    set={1: {"Địa chỉ": "thị trấn Yên Định, huyện Hải Hậu", "Ghi chú": ""}})
# --- Nghệ An
cfg("nghe-an/2024-02-348-qd-ubnd", province="nghe-an", reported_by="2024-02-23", level="tỉnh", number="348/QĐ-UBND",
    issuer="UBND tỉnh Nghệ An", round="2023",
    source_url="https://danviet.vn/them-nhieu-san-pham-cua-nghe-an-dat-ocop-4-sao-20240223102434682.htm",
    source_title="Thêm nhiều sản phẩm của Nghệ An đạt OCOP 4 sao", publisher="Báo Dân Việt",
    slugs={3: "tra-tui-loc-ca-gai-leo-pu-mat", 4: "tra-tui-loc-day-thia-canh-pu-mat", 5: "tra-tui-loc-giao-co-lam-pu-mat",
           6: "nuoc-mam-ha-tho-van-phan", 8: "nhom-guong-may-tre-duc-phong"})
cfg("nghe-an/2025-03-dot-2-2024-ocop-4-sao-cap-tinh", province="nghe-an", reported_by="2025-03", level="tỉnh",
    issuer="UBND tỉnh Nghệ An", round="2024 (Đợt 2)", slug="4-sao-dot-2-2024",
    source_url="https://baonghean.vn/nghe-an-co-them-14-san-pham-dat-ocop-4-sao-10293385.html",
    source_title="Nghệ An có thêm 14 sản phẩm đạt OCOP 4 sao", publisher="Báo Nghệ An",
    slugs={3: "tra-hoa-tan-ca-gai-leo-pu-mat", 4: "tra-hoa-tan-day-thia-canh-pu-mat"},
    set={6: {"Ghi chú": "nâng hạng từ 3 sao lên 4 sao"}})
# --- Phú Thọ
cfg("phu-tho/2023-5-sao-trung-uong", province="phu-tho", reported_by="2023-05-19", level="trung ương",
    round="Hội đồng cấp Trung ương năm 2023 (họp ngày 17/5/2023)", slug="hoi-dong-trung-uong-2023-tra-dinh",
    source_url="https://sokhoahoccongnghe.phutho.gov.vn/ngay-17-5-2023-hoi-dong-danh-gia-phan-hang-san-pham-ocop-cap-trung-uong-nam-2023-da-cong-nhan-19-san-pham-nhom-thuc-pham-dat-chung-nhan-ocop-5-sao-cap-quoc-gia-trong-do-tinh-phu-tho-co-san-pham-tra-di-n6501",
    source_title="Ngày 17/5/2023, Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp Trung ương năm 2023 đã công nhận 19 sản phẩm nhóm thực phẩm đạt chứng nhận OCOP 5 sao cấp quốc gia",
    publisher="Sở Khoa học và Công nghệ tỉnh Phú Thọ", set={1: {"Địa chỉ": "xã Chí Tiên, huyện Thanh Ba"}})
cfg("phu-tho/2025-01-17-377-qd-bnn-vpdp", province="phu-tho", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://baophutho.vn/phu-tho-co-hai-san-pham-ocop-dat-chung-nhan-5-sao-cap-quoc-gia-226651.htm",
    source_title="Phú Thọ có hai sản phẩm OCOP đạt chứng nhận 5 sao cấp quốc gia", publisher="Báo Phú Thọ",
    set={1: {"Địa chỉ": "TP Việt Trì", "Ghi chú": ""}, 2: {"Địa chỉ": "huyện Thanh Ba"}})
# --- Phú Yên
cfg("phu-yen/2023-12-29-cong-bo-ocop-4-sao-nam-2023", province="phu-yen", reported_by="2023-12-29", level="tỉnh",
    issuer="UBND tỉnh Phú Yên", round="2023", slug="ca-ngu-dai-duong-4-sao",
    source_url="https://kinhtenongthon.vn/Phu-Yen-vinh-danh-san-pham-OCOP-dat-4-sao-post60244.html",
    source_title="Phú Yên vinh danh sản phẩm OCOP đạt 4 sao", publisher="Kinh tế nông thôn",
    slugs={1: "ca-ngu-dai-duong-hai-san-binh-minh"})
cfg("phu-yen/2024-07-29-tx-dong-hoa-dot-1-2024-ocop-3-sao", province="phu-yen", reported_by="2024-07-29", level="huyện",
    round="2024 (đợt 1)", slug="dong-hoa-3-sao-2024-dot-1",
    source_url="https://baophuyen.vn/82/319051/dong-hoa--trao-giay-chung-nhan-ocop-3-sao-cho-12-san-pham.html",
    source_title="Đông Hòa: Trao giấy chứng nhận OCOP 3 sao cho 12 sản phẩm", publisher="Báo Phú Yên",
    slugs={1: "ca-bo-da-rim-mat-ong-hanh-huyen", 2: "ca-com-3-vi-hanh-huyen", 3: "hai-san-an-lien-9-vi-hanh-huyen",
           4: "muc-rim-hoa-vang-hanh-huyen", 5: "ca-mai-gion-3-vi-hanh-huyen", 6: "cha-ram-tom-dat-bien-lo",
           7: "muc-1-nang-bien-lo"},
    set={i: {"Địa chỉ": v + ", thị xã Đông Hòa"} for i, v in {1: "phường Hòa Hiệp Nam", 2: "phường Hòa Hiệp Nam", 3: "phường Hòa Hiệp Nam",
         4: "phường Hòa Hiệp Nam", 5: "phường Hòa Hiệp Nam", 6: "phường Hòa Hiệp Trung", 7: "phường Hòa Hiệp Trung",
         8: "phường Hòa Hiệp Trung", 9: "phường Hòa Hiệp Trung", 10: "phường Hòa Hiệp Trung", 11: "xã Hòa Xuân Đông",
         12: "xã Hòa Xuân Nam"}.items()})
# --- Quảng Nam
cfg("quang-nam/2023-12-22-ocop-4-sao-nam-2023", province="quang-nam", date="2023-12-22", level="tỉnh",
    issuer="UBND tỉnh Quảng Nam", round="2023", slug="5-san-pham-4-sao",
    source_url="https://baoquangnam.vn/print/3127429.html",
    source_title="Công nhận 5 sản phẩm đạt 4 sao OCOP năm 2023", publisher="Báo Quảng Nam",
    slugs={4: "nuoc-yen-dong-hu-le-huynh"})
cfg("quang-nam/2025-01-17-377-qd-bnn-vpdp", province="quang-nam", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://langngheviet.com.vn/quang-nam-lan-dau-tien-co-2-san-pham-ocop-5-sao-32245.html",
    source_title="Quảng Nam: Lần đầu tiên có 2 sản phẩm OCOP 5 sao", publisher="Làng nghề Việt",
    set={1: {"Địa chỉ": "xã Quế Xuân 2, huyện Quế Sơn"}, 2: {"Địa chỉ": "xã Trà Linh, huyện Nam Trà My"}})
# --- Quảng Ngãi (sau hợp nhất)
cfg("quang-ngai/2025-10-15-dot-1-2025-ocop-4-sao", province="quang-ngai", date="2025-10-15", level="tỉnh",
    issuer="UBND tỉnh Quảng Ngãi", round="2025 (Đợt 1)", slug="4-sao-dot-1-2025",
    source_url="https://nongnghiepmoitruong.vn/quang-ngai-cong-nhan-7-san-pham-dat-chuan-ocop-4-sao-dot-1-nam-2025-d778990.html",
    source_title="Quảng Ngãi: Công nhận 7 sản phẩm đạt chuẩn OCOP 4 sao đợt 1 năm 2025", publisher="Báo Nông nghiệp và Môi trường")
# --- Quảng Ninh
cfg("quang-ninh/2024-02-ocop-4-sao-cap-tinh-nam-2023", province="quang-ninh", reported_by="2024-02-05", level="tỉnh",
    issuer="UBND tỉnh Quảng Ninh", round="2023", slug="4-sao-cap-tinh-nam-2023",
    source_url="https://doanhnghiephoinhap.vn/quang-ninh-39-san-pham-dat-tieu-chuan-4-sao-va-1-san-pham-tiem-nang-5-sao-ocop.html",
    source_title="Quảng Ninh: 39 sản phẩm đạt tiêu chuẩn 4 sao và 1 sản phẩm tiềm năng 5 sao OCOP", publisher="Doanh nghiệp Hội nhập",
    slugs={1: "thit-lon-huong-thien-thuan-tuong", 2: "thit-lon-huong-nac-thien-thuan-tuong", 13: "nam-kim-cham-long-hai",
           14: "nam-dui-ga-long-hai"},
    set={i: {"Ghi chú": "cấp lại"} for i in range(1, 15)} | {15: {"Ghi chú": "cấp lại"},
         16: {"Ghi chú": "sản phẩm tiềm năng 5 sao, được tỉnh đề nghị Trung ương đánh giá"}, 17: {"Ghi chú": ""}})
cfg("quang-ninh/2025-01-17-377-qd-bnn-vpdp", province="quang-ninh", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://vietnam.vn/?p=1309372",
    source_title="Công nhận thêm 28 sản phẩm đạt chứng nhận OCOP 5 sao cấp Quốc gia",
    publisher="vietnam.vn (đăng lại tin Báo Nhân Dân)", blank_addr=True)
# --- Quảng Trị
cfg("quang-tri/2025-01-17-377-qd-bnn-vpdp", province="quang-tri", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://vietnam.vn/?p=1309372",
    source_title="Công nhận thêm 28 sản phẩm đạt chứng nhận OCOP 5 sao cấp Quốc gia",
    publisher="vietnam.vn (đăng lại tin Báo Nhân Dân)", drop=[2], blank_addr=True)
# --- Sơn La
cfg("son-la/2024-dot-2-5-sao-trung-uong", province="son-la", reported_by="2024-11-18", level="trung ương",
    issuer=BNN, round="2024 (Đợt 2)", slug="5-sao-2024-dot-2",
    source_url="https://clpl.vn/5-san-pham-moi-nhat-dat-tieu-chuan-5-sao-ocop-cap-quoc-gia",
    source_title="5 sản phẩm mới nhất đạt tiêu chuẩn 5 sao OCOP cấp Quốc gia", publisher="clpl.vn", blank_addr=True,
    slugs={1: "ca-phe-bot-nguyen-chat-bich-thao"},
    set={1: {"Ghi chú": "công nhận lại; thời gian công nhận lại tính từ ngày 1/7/2024"}})
# --- Tây Ninh
cfg("tay-ninh/2024-01-31-ocop-4-sao-nam-2023", province="tay-ninh", reported_by="2024-01-31", level="tỉnh",
    issuer="UBND tỉnh Tây Ninh", round="2023", slug="4-sao-nam-2023",
    source_url="https://tayninh.gov.vn/vi/news/tin-hoat-dong-h/cong-nhan-04-san-pham-ocop-dat-4-sao-nam-2023-46912.html",
    source_title="Công nhận 04 sản phẩm OCOP đạt 4 sao năm 2023", publisher="Cổng TTĐT tỉnh Tây Ninh",
    set={i: {"Địa chỉ": "ấp Trường Phú, xã Trường Đông, thị xã Hòa Thành"} for i in range(1, 5)})
cfg("tay-ninh/2024-12-02-huyen-tan-chau-ocop-3-sao-nam-2024", province="tay-ninh", reported_by="2024-12-02", level="huyện",
    issuer="UBND huyện Tân Châu", round="2024", slug="tan-chau-3-sao-2024",
    source_url="https://lite.baomoi.com/tan-chau-cong-bo-quyet-dinh-cong-nhan-san-pham-ocop-nam-2024-c50879451.epi",
    source_title="Tân Châu công bố quyết định công nhận sản phẩm OCOP năm 2024", publisher="Báo Mới",
    slugs={1: "dua-luoi-kim-nhat-anh", 2: "mit-ruot-do-nguyen-gia-nam", 3: "mit-ha-van-luy"},
    set={1: {"Chủ thể sản xuất": "Cơ sở chăn nuôi, trồng trọt Kim Nhật Anh", "Ghi chú": ""}, 2: {"Ghi chú": ""}, 3: {"Ghi chú": ""}})
# --- Thái Nguyên
cfg("thai-nguyen/2025-01-17-377-qd-bnn-vpdp", province="thai-nguyen", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://danviet.vn/thai-nguyen-co-them-2-san-pham-dat-chung-nhan-ocop-5-sao-cap-quoc-gia-do-la-2-san-pham-gi-20250117095403049.htm",
    source_title="Thái Nguyên có thêm 2 sản phẩm đạt chứng nhận OCOP 5 sao cấp quốc gia", publisher="Báo Dân Việt",
    set={1: {"Địa chỉ": "xã Tân Cương, TP Thái Nguyên", "Ghi chú": ""}, 2: {"Địa chỉ": "xã Thịnh Đức, TP Thái Nguyên"}})
cfg("thai-nguyen/2025-06-26-2361-qd-bnnmt", province="thai-nguyen", date="2025-06-26", level="trung ương",
    number="2361/QĐ-BNNMT", issuer="Bộ Nông nghiệp và Môi trường", round="2025 (Đợt 1)",
    source_url="https://thegioitiepthi.danviet.vn/thai-nguyen-co-them-mot-san-pham-che-dat-ocop-5-sao-cap-quoc-gia-d1372114.html",
    source_title="Thái Nguyên có thêm một sản phẩm chè đạt OCOP 5 sao cấp quốc gia", publisher="Thế giới Tiếp thị – Báo Dân Việt",
    blank_addr=True, set={1: {"Ghi chú": ""}})
# --- Thanh Hóa (5 sao, QĐ 377)
cfg("thanh-hoa/2025-01-17-377-qd-bnn-vpdp", province="thanh-hoa", date="2025-01-17", level="trung ương",
    number="377/QĐ-BNN-VPĐP", issuer=BNN, round="2024 (Đợt 3)",
    source_url="https://giadinhonline.vn/nuoc-nam-thanh-san-pham-ocop-5-sao-quoc-gia-thu-2-cua-thanh-hoa-d204153.html",
    source_title="Nước mắm thành sản phẩm OCOP 5 sao quốc gia thứ 2 của Thanh Hóa", publisher="Gia đình Online",
    set={1: {"Địa chỉ": "xã Hoằng Phụ, huyện Hoằng Hóa", "Ghi chú": ""}})
# --- Tiền Giang
_MHP = "tổ yến tinh chế, yến chưng".split(",")
cfg("tien-giang/2024-huyen-cai-be-dot-1-2024-ocop-3-sao", province="tien-giang", reported_by="2024-11-12", level="huyện",
    issuer="UBND huyện Cái Bè", round="2024 (đợt 01)", slug="cai-be-3-sao-2024-dot-1",
    source_url="http://www.thtg.vn/huyen-cai-be-cong-bo-va-trao-chung-nhan-san-pham-ocop-nam-2024/",
    source_title="Huyện Cái Bè công bố và trao chứng nhận sản phẩm OCOP năm 2024", publisher="Truyền hình Tiền Giang",
    slugs={1: "to-yen-tinh-che-my-hong-phuoc", 2: "yen-chung-dong-trung-ha-thao-my-hong-phuoc",
           3: "yen-chung-nhan-sam-my-hong-phuoc", 4: "yen-chung-gung-my-hong-phuoc",
           5: "yen-chung-dong-trung-ha-thao-duong-kieng-35-my-hong-phuoc", 6: "dua-mam-ut-le-tram", 7: "dua-mam-chay-ut-le-tram",
           8: "lap-xuong-kim-thanh", 9: "nep-long-nep", 10: "banh-phong-chay-nha-co"},
    set={i: {"Địa chỉ": v + ", huyện Cái Bè"} for i, v in {1: "ấp Mỹ Hưng A, xã Mỹ Đức Đông", 2: "ấp Mỹ Hưng A, xã Mỹ Đức Đông",
         3: "ấp Mỹ Hưng A, xã Mỹ Đức Đông", 4: "ấp Mỹ Hưng A, xã Mỹ Đức Đông", 5: "ấp Mỹ Hưng A, xã Mỹ Đức Đông",
         6: "ấp 04, xã An Thái Trung", 7: "ấp 04, xã An Thái Trung", 8: "ấp 05, xã An Hữu", 9: "ấp An Thái, xã An Cư",
         10: "ấp An Lợi, xã Đông Hoà Hiệp"}.items()})
cfg("tien-giang/2024-huyen-cai-be-dot-2-2024-ocop-3-sao", province="tien-giang", reported_by="2024-11-12", level="huyện",
    issuer="UBND huyện Cái Bè", round="2024 (đợt 02)", slug="cai-be-3-sao-2024-dot-2",
    source_url="http://www.thtg.vn/huyen-cai-be-cong-bo-va-trao-chung-nhan-san-pham-ocop-nam-2024/",
    source_title="Huyện Cái Bè công bố và trao chứng nhận sản phẩm OCOP năm 2024", publisher="Truyền hình Tiền Giang",
    slugs={1: "gao-st25-giau-thanh-hong", 2: "gao-thom-thuong-hang-giau-thanh-hong", 3: "gao-huong-lai-giau-thanh-hong",
           4: "nuoc-uong-dong-chai-bliss", 5: "banh-kep-xep-thanh-huong"},
    set={i: {"Địa chỉ": "ấp An Thái, xã An Cư, huyện Cái Bè"} for i in range(1, 5)} |
        {5: {"Địa chỉ": "ấp Lương Nhơn, huyện Cái Bè", "Ghi chú": ""}})
# --- Tuyên Quang
cfg("tuyen-quang/2024-08-06-321-qd-ubnd", province="tuyen-quang", date="2024-08-06", level="tỉnh", number="321/QĐ-UBND",
    issuer="UBND tỉnh Tuyên Quang", round="2024 (Đợt 1)",
    source_url="http://santmdttuyenquang.gov.vn/News/18896/1/Tuyen-Quang-Cong-bo-danh-sach-san-pham-OCOP-dat-hang-cao.html",
    source_title="Tuyên Quang: Công bố danh sách sản phẩm OCOP đạt hạng cao", publisher="Sàn TMĐT tỉnh Tuyên Quang")
# --- Yên Bái
cfg("yen-bai/2023-12-28-2585-qd-ubnd", province="yen-bai", reported_by="2024-01-03", level="tỉnh", number="2585/QĐ-UBND",
    issuer="UBND tỉnh Yên Bái", round="2023",
    source_url="https://yenbai.gov.vn/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=33243",
    source_title="Phê duyệt kết quả đánh giá, cấp Giấy chứng nhận cho các sản phẩm tham gia Chương trình mỗi xã một sản phẩm (OCOP) tỉnh Yên Bái năm 2023",
    publisher="Cổng TTĐT tỉnh Yên Bái")
