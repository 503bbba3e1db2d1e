"""A citizen's request to correct their own record (Phiếu đề nghị điều chỉnh thông tin, DC02),
decided by the commune police within 2 working days (NĐ 70/2024 Điều 6 khoản 3)."""
