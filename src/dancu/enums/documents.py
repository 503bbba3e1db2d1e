"""Words of documents: kinds, with their Vietnamese titles and number symbols (data, not code)."""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    PROVIDED_INFO = "provided_info"  # văn bản cung cấp thông tin (Luật Điều 10 khoản 5 điểm c)
    REFUSAL = "refusal"  # văn bản trả lời từ chối, nêu rõ lý do
    CONFIRMATION = "confirmation"  # xác nhận thông tin công dân
    AS_OF_CERTIFICATE = "as_of_certificate"  # chứng nhận thông tin theo thời điểm (B8)
    CONSENT_RECEIPT = "consent_receipt"  # biên nhận ý kiến của chủ thể thông tin (Luật Điều 10 khoản 8)
    PRIVACY_REPLY = "privacy_reply"  # trả lời yêu cầu của chủ thể dữ liệu (Luật 91/2025 Điều 4)
    BREACH_NOTICE = "breach_notice"  # thông báo vi phạm dữ liệu cá nhân (Luật 91/2025 Điều 23)
    FEE_ADJUSTMENT = "fee_adjustment"  # thông báo điều chỉnh phí, hoàn phí (TT 48/2022)

    @property
    def label_vi(self) -> str:
        return LABELS_VI[self]

    @property
    def label_en(self) -> str:
        return LABELS_EN[self]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self]


LABELS_VI = {
    DocumentKind.PROVIDED_INFO: "Văn bản cung cấp thông tin",
    DocumentKind.REFUSAL: "Văn bản trả lời từ chối, nêu rõ lý do",
    DocumentKind.CONFIRMATION: "Xác nhận thông tin công dân",
    DocumentKind.AS_OF_CERTIFICATE: "Chứng nhận thông tin theo thời điểm",
    DocumentKind.CONSENT_RECEIPT: "Biên nhận ý kiến về việc cung cấp thông tin",
    DocumentKind.PRIVACY_REPLY: "Văn bản trả lời yêu cầu của chủ thể dữ liệu cá nhân",
    DocumentKind.BREACH_NOTICE: "Thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân",
    DocumentKind.FEE_ADJUSTMENT: "Thông báo điều chỉnh phí khai thác thông tin",
}
LABELS_EN = {
    DocumentKind.PROVIDED_INFO: "Information provided",
    DocumentKind.REFUSAL: "Refusal with reasons",
    DocumentKind.CONFIRMATION: "Confirmation of a citizen's information",
    DocumentKind.AS_OF_CERTIFICATE: "Certificate of information as of a date",
    DocumentKind.CONSENT_RECEIPT: "Receipt of the data subject's consent decision",
    DocumentKind.PRIVACY_REPLY: "Reply to a data subject's request",
    DocumentKind.BREACH_NOTICE: "Notification of a personal-data breach",
    DocumentKind.FEE_ADJUSTMENT: "Notice of an adjusted fee",
}
# The symbol after the number and year ("000123/2026/CCTT"); numbering restarts per kind and year.
SYMBOLS = {
    DocumentKind.PROVIDED_INFO: "CCTT",
    DocumentKind.REFUSAL: "TCCC",
    DocumentKind.CONFIRMATION: "XNTT",
    DocumentKind.AS_OF_CERTIFICATE: "CNTD",
    DocumentKind.CONSENT_RECEIPT: "BNYK",
    DocumentKind.PRIVACY_REPLY: "TLDL",
    DocumentKind.BREACH_NOTICE: "TBVP",
    DocumentKind.FEE_ADJUSTMENT: "DCPH",
}


class KeyRole(StrEnum):
    ROOT = "root"  # the dancu root CA: signs signing certificates, published for relying parties
    SIGNING = "signing"  # signs documents; rotated, old certificates kept for validation
