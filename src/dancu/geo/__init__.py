"""Administrative units (tỉnh, huyện, xã) in their two code tables, and the address model."""
