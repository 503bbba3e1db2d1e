"""Change feed, webhooks and connected systems (Luật Căn cước Điều 10 khoản 5 điểm a)."""
