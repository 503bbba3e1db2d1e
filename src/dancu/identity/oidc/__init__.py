"""The OpenID Connect provider: relying parties (eKYC, login) and machine clients (direct connection)."""
