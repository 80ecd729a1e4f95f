"""Plans written for the tests, in layouts the seeds do not show."""

STATE_PLAN_WEB_LAYOUT = """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÂM ĐỒNG | Độc lập - Tự do - Hạnh phúc
------- | ---------------
Số: 15/KH-UBND | Lâm Đồng, ngày 12 tháng 3
năm 2025
KẾ HOẠCH
TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 77-CTR/TU CỦA TỈNH ỦY VỀ PHÁT TRIỂN ĐỘI NGŨ TRÍ TH
ỨC GIAI ĐOẠN 2025 - 2030
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 24/2010/NĐ-CP ngày 15/3/2010 của Chính phủ;
Thực hiện Nghị quyết số 107/NQ- CP ngày 20/8/2024 của Chính phủ;
Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa các nhiệm vụ của Chương trình hành động số 77-CTr/TU.
2. Phân công rõ trách nhiệm của các sở, ngành, địa phương.
II. MỤC TIÊU
Phấn đấu đến năm 2025: 100% cán bộ, công chức cấp tỉnh được bồi dưỡng theo tiêu chuẩn chức danh; tối thiểu 30% công chức có trình độ thạc sĩ; không dưới 12 tiến sĩ được đào tạo.
Đến năm 2030, tỷ lệ người có trình độ đại học trở lên trong khu vực công đạt trên 95%; số doanh nghiệp khoa học và công nghệ tăng 20%.
III. NHIỆM VỤ, GIẢI PHÁP
1. Xây dựng cơ sở dữ liệu về đội ngũ trí thức
a) Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền thông xây dựng phần mềm quản lý (hoàn thành trước ngày 30/6/2025).
b) Cập nhật dữ liệu của các cơ quan, đơn vị.
2. Thu hút, trọng dụng trí thức
- Rà soát chính sách thu hút nhân lực chất lượng cao.
- Tổ chức gặp mặt, tôn vinh trí thức tiêu biểu.
Cơ quan chủ trì: Sở Nội vụ.
Cơ quan phối hợp: Sở Tài chính; Sở Giáo dục và Đào tạo.
Thời gian thực hiện: Hằng năm.
3. Theo dõi, đánh giá
- Tổng hợp kết quả thực hiện các chỉ tiêu.
Thời gian thực hiện: định kỳ 6 tháng.
4. Sơ kết việc thực hiện Kế hoạch
Thời hạn: Quý III/2026.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Chủ trì, phối hợp với các sở, ngành, địa phương triển khai Kế hoạch này.
- Định kỳ 6 tháng, hằng năm tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.
2. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp tuyên truyền, vận động trí thức tham gia thực hiện Kế hoạch.
Nơi nhận: | TM. ỦY BAN NHÂN DÂN
- Bộ Nội vụ; | KT. CHỦ TỊCH
- TT Tỉnh ủy, TT HĐND tỉnh; | PHÓ CHỦ TỊCH
- Như mục IV; |
- Lưu: VT, NC. | (Đã ký)
 | Nguyễn Văn An
"""

PARTY_PLAN_WITH_RELATED_DOCS = """\
Kế hoạch 20-KH/HU năm 2024 thực hiện Chương trình 77-CTr/TU về trí thức huyện Bảo Lâm
Văn bản liên quan:
- Nghị quyết 27-NQ/TW năm 2008 về xây dựng đội ngũ trí thức
- Kết luận 52-KL/TW năm 2019 của Ban Bí thư
- Quyết định 142/QĐ-TTg năm 2020
TỈNH ỦY CAO BẰNG | ĐẢNG CỘNG SẢN VIỆT NAM
HUYỆN ỦY BẢO LÂM |
* | Bảo Lâm, ngày 05 tháng 6 năm 2024
Số 20 - KH/HU |
**KẾ HOẠCH**
thực hiện Chương trình hành động số 77-CTR/TU ngày 10/5/2024 của Tỉnh ủy
Thực hiện Chương trình hành động số 77-CTR/TU ngày 10/5/2024 của Tỉnh ủy Cao Bằng, Ban Thường vụ Huyện ủy xây dựng Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Quán triệt sâu sắc nội dung Chương trình hành động số 77-CTr/TU.
II. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao nhận thức về vai trò của trí thức
- Tổ chức quán triệt Chương trình hành động số 77-CTr/TU.
Cơ quan chỉ đạo: Ban Thường vụ Huyện uỷ.
Cơ quan tham mưu, thực hiện: Ban Tuyên giáo Huyện ủy; Ban Tổ chức Huyện uỷ, UBND huyện.
Thời gian thực hiện: Năm 2024.
2. Đào tạo, bồi dưỡng trí thức
a) Rà soát, xây dựng kế hoạch đào tạo.
b) Cử cán bộ đi đào tạo sau đại học.
c) Bồi dưỡng kiến thức quản lý nhà nước.
d) Bồi dưỡng lý luận chính trị.
đ) Bồi dưỡng ngoại ngữ, tin học.
e) Đánh giá kết quả đào tạo (thực hiện hằng năm).
II. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện Kế hoạch; định kỳ hằng năm báo cáo Ban Thường vụ Huyện ủy.
2. Các chi, đảng bộ trực thuộc xây dựng kế hoạch thực hiện, hoàn thành trong tháng 7/2024.
Nơi nhận:
- Ban Thường vụ Tỉnh ủy (báo cáo),
- Các chi, đảng bộ trực thuộc,
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Hoàng Văn Bình
"""

TABLE_PLAN = """\
KẾ HOẠCH
Phát triển đội ngũ trí thức năm 2025
Thực hiện Kế hoạch số 140-KH/TU ngày 17/4/2024 của Thành ủy, Sở Nội vụ xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ các nhiệm vụ.
II. NHIỆM VỤ CỤ THỂ
| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Xây dựng cơ sở dữ liệu trí thức | Sở Nội vụ | Sở Thông tin và Truyền thông; UBND các huyện | Quý III/2026 |
| 2 | Tổ chức gặp mặt trí thức tiêu biểu | Liên hiệp các Hội khoa học và kỹ thuật tỉnh | Ban Tuyên giáo Tỉnh ủy | Hằng năm |
| 3 | Rà soát chính sách thu hút | Sở Nội vụ | Sở Tài chính, Sở Giáo dục và Đào tạo | trước ngày 30/6/2025 |
III. TỔ CHỨC THỰC HIỆN
1. Các phòng, đơn vị thuộc Sở triển khai thực hiện Kế hoạch này.
"""

NOT_A_PLAN = """\
Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ và ghé thăm một quán cà phê nhỏ.
Giá cà phê là 25.000 đồng một ly; quán đông khách vào buổi sáng.
Buổi chiều trời mưa nên mọi người về sớm.
"""

DEPARTMENT_PLAN = """\
UBND TỈNH CAO BẰNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc
Số: 312/KH-SNV | Cao Bằng, ngày 02 tháng 01 năm 2025
KẾ HOẠCH
Thực hiện công tác trí thức năm 2025
Căn cứ Kế hoạch số 15/KH-UBND ngày 12/3/2024 của Ủy ban nhân dân tỉnh;
Căn cứ Nghị định số 140/2017/NĐ-CP ngày 05/12/2017 của Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
- Triển khai kịp thời, hiệu quả các nhiệm vụ được giao.
II. NHIỆM VỤ
1. Cập nhật cơ sở dữ liệu trí thức
- Cơ quan chủ trì: Phòng Công chức, viên chức; cơ quan phối hợp: Văn phòng Sở.
- Thời gian hoàn thành: trước ngày 31/3/2025.
2. Tham mưu tổ chức gặp mặt trí thức tiêu biểu
Nội dung: chuẩn bị danh sách, kinh phí, địa điểm.
Đơn vị chủ trì: Phòng Tổ chức, biên chế
Tiến độ: Quý IV/2025
III. TỔ CHỨC THỰC HIỆN
1. Giao Phòng Công chức, viên chức:
- Theo dõi, đôn đốc thực hiện Kế hoạch.
- Tổng hợp, báo cáo Giám đốc Sở kết quả thực hiện trước ngày 15/12/2025.
2. Trách nhiệm của Văn phòng Sở
a) Bố trí kinh phí thực hiện.
b) Bảo đảm điều kiện làm việc.
c) Phối hợp cùng Phòng Công chức, viên chức tổ chức hội nghị.
3. Các phòng, đơn vị thuộc Sở căn cứ Kế hoạch này tổ chức thực hiện.
- 2 -

                                        GIÁM ĐỐC

                                        Lê Thị Hoa
"""

# A legal-document website page: metadata above, header columns one under the other,
# paragraphs hard-wrapped at about 80 characters.
WEB_WRAPPED_PLAN = """\
Từ khoá: Số Hiệu, Tiêu đề hoặc Nội dung ngắn gọn của Văn Bản...
Số hiệu: 21-KH/TW Loại văn bản: Kế hoạch
Nơi ban hành: Ban Chấp hành Trung ương Người ký: Nguyễn Văn X
Ngày ban hành: 30/11/2023 Ngày hiệu lực: Đã biết
Văn bản liên quan: Nghị quyết 27-NQ/TW; Kết luận 52-KL/TW

BAN CHẤP HÀNH TRUNG ƯƠNG
--------

ĐẢNG CỘNG SẢN VIỆT NAM
---------------

Số: 21-KH/TW

Hà Nội, ngày 30 tháng 11 năm 2023

KẾ HOẠCH

THỰC HIỆN NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ TÁM VỀ ĐỘI NGŨ TRÍ THỨC TRONG GIAI
ĐOẠN MỚI

Thực hiện Nghị quyết số 45-NQ/TW, ngày 24/11/2023 của Ban Chấp hành Trung ương
Đảng khóa XIII (sau đây gọi là Nghị quyết), Bộ Chính trị ban hành Kế hoạch
thực hiện như sau:

I- MỤC ĐÍCH, YÊU CẦU

1. Tổ chức quán triệt, triển khai đồng bộ, kịp thời Nghị quyết trong toàn Đảng,
toàn dân và toàn quân.

II- NHIỆM VỤ

1. Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương xây dựng chương trình
hành động thực hiện Nghị quyết, hoàn thành trong quý I/2024.

2. Ban cán sự đảng Chính phủ lãnh đạo, chỉ đạo xây dựng Chiến lược quốc gia về
phát triển đội ngũ trí thức, hoàn thành trong năm 2024.

III- TỔ CHỨC THỰC HIỆN

1. Ban Tuyên giáo Trung ương chủ trì, phối hợp với Văn phòng Trung ương Đảng
theo dõi, đôn đốc, định kỳ báo cáo Bộ Chính trị, Ban Bí thư.

2. Ban Tổ chức Trung ương hướng dẫn việc xây dựng cơ sở dữ liệu về đội ngũ
trí thức.

Nơi nhận:
- Các tỉnh ủy, thành ủy,
- Các ban đảng Trung ương,
- Lưu Văn phòng Trung ương Đảng.

T/M BỘ CHÍNH TRỊ
THƯỜNG TRỰC BAN BÍ THƯ

Nguyễn Văn X
"""

# A decision that issues the plan, printed above it with its own recipients and signature.
DECISION_WITH_PLAN = """\
ỦY BAN NHÂN DÂN TỈNH CAO BẰNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 123/QĐ-UBND | Cao Bằng, ngày 10 tháng 5 năm 2024
QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện Chương trình hành động số 51-CTr/TU
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Theo đề nghị của Giám đốc Sở Nội vụ.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình hành động số 51-CTr/TU.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn C
KẾ HOẠCH
Thực hiện Chương trình hành động số 51-CTr/TU của Tỉnh ủy
(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 10/5/2024 của UBND tỉnh)
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa Chương trình hành động số 51-CTr/TU.
II. NHIỆM VỤ, GIẢI PHÁP
1. Rà soát chính sách (Sở Nội vụ chủ trì; hoàn thành trong Quý IV/2024).
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ theo dõi, đôn đốc, tổng hợp báo cáo UBND tỉnh hằng năm.
"""

# Objectives with a footnote (the seeds' style): the footnote states the baseline and is
# not a target; a scan must read it as the text does.
PLAN_WITH_FOOTNOTE = """\
TỈNH ỦY CAO BẰNG
Số: 21-KH/TU
KẾ HOẠCH
thực hiện Nghị quyết số 45-NQ/TW của Ban Chấp hành Trung ương Đảng
I- MỤC TIÊU
1. Mục tiêu đến năm 2030
(1) Phấn đấu nâng số lượng trí thức trên địa bàn tỉnh tăng lên 1,5 lần (so với năm 2020¹).
¹ Theo Báo cáo số 246-BC/TU của Tỉnh uỷ, số liệu trí thức năm 2020 là 17.178 người.
(2) Lĩnh vực y tế: Ít nhất 15% công chức, viên chức ngành y tế có trình độ sau đại học.
II- NHIỆM VỤ, GIẢI PHÁP
1. Giao Ban Tổ chức Tỉnh uỷ chủ trì xây dựng cơ sở dữ liệu về đội ngũ trí thức.
2. Các chi đảng bộ trực thuộc Tỉnh uỷ tổ chức quán triệt Kế hoạch.
"""
