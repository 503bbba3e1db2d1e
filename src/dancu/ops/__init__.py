"""Operations: health checks, Prometheus metrics and the request context they and read routing need."""
