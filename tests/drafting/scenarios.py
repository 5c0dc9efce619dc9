"""Three requests drafted in the requesting state's own language, each with its translation
into the requested state's language as a translator would type it in the application.

All people, authorities' officers, accounts and events are fictional."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

R = "$.request"


@dataclass(frozen=True)
class Scenario:
    """A request drafted in `drafting` from `requesting` to `requested`, translated into
    `target`; `texts`: JSON path -> (text in the drafting language, its translation)."""

    name: str
    drafting: str
    target: str
    requesting: str
    requested: str
    texts: dict[str, tuple[str, str]]
    names: dict[str, str] = field(default_factory=dict)  # verbatim fields: path -> text

    def case_dict(self) -> dict[str, Any]:
        """The case file as the CLI journey writes it (drafting language, no translations)."""
        t = {path: text for path, (text, _tr) in self.texts.items()}
        n = self.names
        return {"schema_version": 1, "drafting_language": self.drafting, "request": {
            "kind": "mla", "request_date": "2026-10-05",
            "requesting_state": self.requesting, "requested_state": self.requested,
            "requesting_authority": {
                "name": t[f"{R}.requesting_authority.name"],
                "address": t[f"{R}.requesting_authority.address"],
                "officer": {"name": n["officer"]}},
            "case_reference": n["reference"], "stage": "prosecution",
            "subject": t[f"{R}.subject"],
            "legal_basis": {"kind": "instrument", "instrument_id": "ASEAN-MLAT"},
            "offences": [{
                "id": "O1", "name": t[f"{R}.offences[0].name"],
                "maximum_penalty": t[f"{R}.offences[0].maximum_penalty"],
                "maximum_penalty_years": 99, "place": t[f"{R}.offences[0].place"],
                "provisions": [{
                    "citation": t[f"{R}.offences[0].provisions[0].citation"],
                    "text": t[f"{R}.offences[0].provisions[0].text"]}]}],
            "persons": [{"id": "P1", "roles": ["accused"], "family_name": n["family"],
                         "given_names": n["given"], "date_of_birth": "1990-07-14",
                         "nationalities": [self.requesting],
                         "location": t[f"{R}.persons[0].location"]}],
            "facts_summary": t[f"{R}.facts_summary"],
            "dual_criminality_statement": t[f"{R}.dual_criminality_statement"],
            "assistance": [{"type": "bank_records", "id": "A1",
                            "institution": t[f"{R}.assistance[0].institution"],
                            "account_numbers": ["123-4-56789-0"],
                            "link_to_facts": t[f"{R}.assistance[0].link_to_facts"],
                            "person_ids": ["P1"]}],
            "purpose": t[f"{R}.purpose"],
            "undertakings": {"speciality": True},
            "place_of_signature": t[f"{R}.place_of_signature"],
            "signatory": {"name": n["signatory"]}}}

    def translations(self) -> dict[str, str]:
        return {path: tr for path, (_text, tr) in self.texts.items()}


VIETNAMESE = Scenario("vi", "vi", "th", "VN", "TH", {
    f"{R}.requesting_authority.name": ("Viện kiểm sát nhân dân tối cao",
                                       "สำนักงานอัยการประชาชนสูงสุดแห่งเวียดนาม"),
    f"{R}.requesting_authority.address": ("44 Lý Thường Kiệt, Hà Nội",
                                          "44 ถนนลี้เถื่องเกี๊ยต กรุงฮานอย"),
    f"{R}.subject": ("Truy tố vụ mua bán trái phép chất ma túy qua biên giới.",
                     "การฟ้องคดีลักลอบค้ายาเสพติดข้ามพรมแดน"),
    f"{R}.offences[0].name": ("Tội mua bán trái phép chất ma túy", "ความผิดฐานค้ายาเสพติด"),
    f"{R}.offences[0].maximum_penalty": ("Tù chung thân", "จำคุกตลอดชีวิต"),
    f"{R}.offences[0].place": ("Cửa khẩu Lao Bảo", "ด่านพรมแดนลาวบ๋าว"),
    f"{R}.offences[0].provisions[0].citation": ("Điều 251 Bộ luật Hình sự",
                                                "มาตรา 251 ประมวลกฎหมายอาญาเวียดนาม"),
    f"{R}.offences[0].provisions[0].text": (
        "Người nào mua bán trái phép chất ma túy thì bị phạt tù.",
        "ผู้ใดค้ายาเสพติดโดยผิดกฎหมายต้องระวางโทษจำคุก"),
    f"{R}.persons[0].location": ("Tỉnh Quảng Trị", "จังหวัดกว๋างจิ"),
    f"{R}.facts_summary": (
        "Ngày 3 tháng 9 năm 2025, một người vận chuyển 2 kg ma túy đá bị bắt giữ.",
        "เมื่อวันที่ 3 กันยายน 2568 ผู้ขนยาไอซ์ 2 กิโลกรัมถูกจับกุม"),
    f"{R}.dual_criminality_statement": ("Hành vi này cũng là tội phạm theo pháp luật Thái Lan.",
                                        "การกระทำนี้เป็นความผิดตามกฎหมายไทยด้วย"),
    f"{R}.assistance[0].link_to_facts": (
        "Tiền thu lợi bất chính được chuyển vào tài khoản này.",
        "เงินที่ได้จากการกระทำความผิดถูกโอนเข้าบัญชีนี้"),
    f"{R}.assistance[0].institution": ("Ngân hàng Thử nghiệm Băng Cốc", "ธนาคารทดลองกรุงเทพ"),
    f"{R}.purpose": ("Làm chứng cứ để truy tố bị can.",
                     "เพื่อใช้เป็นพยานหลักฐานในการฟ้องผู้ต้องหา"),
    f"{R}.place_of_signature": ("Hà Nội", "กรุงฮานอย"),
}, {"officer": "Nguyễn Lan", "signatory": "Trần Văn Minh", "family": "LÂM",
    "given": "Thanh Tùng", "reference": "VKS/2026/88"})

KHMER = Scenario("km", "km", "th", "KH", "TH", {
    f"{R}.requesting_authority.name": ("ក្រសួងយុត្តិធម៌", "กระทรวงยุติธรรมกัมพูชา"),
    f"{R}.requesting_authority.address": ("ផ្លូវលេខ ២៤០ ភ្នំពេញ", "ถนนหมายเลข 240 กรุงพนมเปญ"),
    f"{R}.subject": ("ការចោទប្រកាន់ពីបទជួញដូរគ្រឿងញៀនឆ្លងដែន។",
                     "การฟ้องคดีค้ายาเสพติดข้ามพรมแดน"),
    f"{R}.offences[0].name": ("បទជួញដូរគ្រឿងញៀនដោយខុសច្បាប់", "ความผิดฐานค้ายาเสพติด"),
    f"{R}.offences[0].maximum_penalty": ("ដាក់ពន្ធនាគារអស់មួយជីវិត", "จำคุกตลอดชีวิต"),
    f"{R}.offences[0].place": ("ច្រកព្រំដែនប៉ោយប៉ែត", "ด่านพรมแดนปอยเปต"),
    f"{R}.offences[0].provisions[0].citation": (
        "មាត្រា ៤០ ច្បាប់ស្តីពីការត្រួតពិនិត្យគ្រឿងញៀន",
        "มาตรา 40 กฎหมายว่าด้วยการควบคุมยาเสพติดของกัมพูชา"),
    f"{R}.offences[0].provisions[0].text": (
        "អ្នកណាជួញដូរគ្រឿងញៀនដោយខុសច្បាប់ ត្រូវផ្តន្ទាទោសដាក់ពន្ធនាគារ។",
        "ผู้ใดค้ายาเสพติดโดยผิดกฎหมายต้องระวางโทษจำคุก"),
    f"{R}.persons[0].location": ("ខេត្តបន្ទាយមានជ័យ", "จังหวัดบันเตียเมียนเจย"),
    f"{R}.facts_summary": (
        "នៅថ្ងៃទី ៣ ខែកញ្ញា ឆ្នាំ ២០២៥ អ្នកដឹកជញ្ជូនគ្រឿងញៀន ២ គីឡូក្រាម ត្រូវបានចាប់ខ្លួន។",
        "เมื่อวันที่ 3 กันยายน 2568 ผู้ขนยาเสพติด 2 กิโลกรัมถูกจับกุม"),
    f"{R}.dual_criminality_statement": ("អំពើនេះក៏ជាបទល្មើសតាមច្បាប់ថៃដែរ។",
                                        "การกระทำนี้เป็นความผิดตามกฎหมายไทยด้วย"),
    f"{R}.assistance[0].link_to_facts": ("ប្រាក់ពីបទល្មើសត្រូវបានផ្ទេរចូលគណនីនេះ។",
                                         "เงินที่ได้จากการกระทำความผิดถูกโอนเข้าบัญชีนี้"),
    f"{R}.assistance[0].institution": ("ធនាគារសាកល្បងបាងកក", "ธนาคารทดลองกรุงเทพ"),
    f"{R}.purpose": ("ដើម្បីប្រើជាភស្តុតាងក្នុងការចោទប្រកាន់ជនជាប់ចោទ។",
                     "เพื่อใช้เป็นพยานหลักฐานในการฟ้องจำเลย"),
    f"{R}.place_of_signature": ("ភ្នំពេញ", "กรุงพนมเปญ"),
}, {"officer": "Chan Sophea", "signatory": "Keo Vanna", "family": "SOK", "given": "Dara",
    "reference": "MOJ/2026/41"})

LAO = Scenario("lo", "lo", "vi", "LA", "VN", {
    f"{R}.requesting_authority.name": ("ອົງການໄອຍະການປະຊາຊົນສູງສຸດ",
                                       "Viện Công tố nhân dân tối cao Lào"),
    f"{R}.requesting_authority.address": ("ຖະໜົນລ້ານຊ້າງ, ນະຄອນຫຼວງວຽງຈັນ",
                                          "Đường Lạn Xạng, thủ đô Viêng Chăn"),
    f"{R}.subject": ("ການດຳເນີນຄະດີການຄ້າຂາຍຢາເສບຕິດຂ້າມຊາຍແດນ.",
                     "Truy tố vụ mua bán ma túy qua biên giới."),
    f"{R}.offences[0].name": ("ການຄ້າຂາຍຢາເສບຕິດ", "Tội mua bán trái phép chất ma túy"),
    f"{R}.offences[0].maximum_penalty": ("ຕັດອິດສະລະພາບຕະຫຼອດຊີວິດ", "Tù chung thân"),
    f"{R}.offences[0].place": ("ດ່ານຊາຍແດນນ້ຳພາວ", "Cửa khẩu Nậm Phao"),
    f"{R}.offences[0].provisions[0].citation": ("ມາດຕາ 314 ກົດໝາຍອາຍາ",
                                                "Điều 314 Bộ luật Hình sự Lào"),
    f"{R}.offences[0].provisions[0].text": (
        "ຜູ້ໃດຄ້າຂາຍຢາເສບຕິດ ຈະຖືກລົງໂທດຕັດອິດສະລະພາບ.",
        "Người nào mua bán trái phép chất ma túy thì bị phạt tù."),
    f"{R}.persons[0].location": ("ແຂວງບໍລິຄຳໄຊ", "Tỉnh Bolikhamxay"),
    f"{R}.facts_summary": (
        "ວັນທີ 3 ກັນຍາ 2025, ຜູ້ຂົນສົ່ງຢາບ້າ 2 ກິໂລກຣາມ ຖືກຈັບກຸມ.",
        "Ngày 3 tháng 9 năm 2025, một người vận chuyển 2 kg ma túy bị bắt giữ."),
    f"{R}.dual_criminality_statement": (
        "ການກະທຳນີ້ກໍ່ແມ່ນການກະທຳຜິດຕາມກົດໝາຍຫວຽດນາມເຊັ່ນກັນ.",
        "Hành vi này cũng là tội phạm theo pháp luật Việt Nam."),
    f"{R}.assistance[0].link_to_facts": (
        "ເງິນທີ່ໄດ້ມາຈາກການກະທຳຜິດຖືກໂອນເຂົ້າບັນຊີນີ້.",
        "Tiền thu được từ tội phạm đã được chuyển vào tài khoản này."),
    f"{R}.assistance[0].institution": ("ທະນາຄານທົດລອງ ຮ່າໂນ້ຍ", "Ngân hàng Thử nghiệm Hà Nội"),
    f"{R}.purpose": ("ເພື່ອໃຊ້ເປັນຫຼັກຖານໃນການດຳເນີນຄະດີຜູ້ຖືກກ່າວຫາ.",
                     "Để làm chứng cứ truy tố bị cáo."),
    f"{R}.place_of_signature": ("ນະຄອນຫຼວງວຽງຈັນ", "Thủ đô Viêng Chăn"),
}, {"officer": "Phonsavanh Inthavong", "signatory": "Bounmy Keola", "family": "SOUVANNA",
    "given": "Khamla", "reference": "OSPP/2026/12"})

SCENARIOS = (VIETNAMESE, KHMER, LAO)
