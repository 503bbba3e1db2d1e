"""k1 lookup by name + date of birth + PIN, and yes/no verification (NĐ 70 Điều 10 khoản 1; B7)."""
