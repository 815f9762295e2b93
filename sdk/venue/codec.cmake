# Encoding, signing, JSON, rate limiter and ledger: sources and tests (owned by the codec part).
