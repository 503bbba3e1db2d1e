"""Shared code lists (danh mục dùng chung): ethnicities, religions, countries, blood groups."""
