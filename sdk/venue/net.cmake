# HTTP client, line stream and WebSocket client: sources and tests (owned by the net part).
