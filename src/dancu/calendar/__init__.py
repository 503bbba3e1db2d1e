"""Working days and legal deadlines on the Vietnamese calendar (Bộ luật Lao động Điều 112; yearly plans)."""
