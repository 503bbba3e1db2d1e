"""People of Vietnamese origin with undetermined nationality: NĐ 70/2024 Điều 24 as amended by NĐ 58/2026."""
