// polymarket: which exchange contract an order is signed for, per chain, neg-risk flag and
// order version, as the official client chooses it (clob-client-v2 src/config.ts and
// createOrder.ts, commit f3e1a05, read 2026-12-02; the V2 addresses match
// docs.polymarket.com v2-migration "Contract addresses"):
//   version 2: the CTF exchange V2, or the neg-risk CTF exchange V2 for a neg-risk market;
//   version 3: ExchangeV3 (Protocol V2 position ids), whatever the neg-risk flag.
// Version 1 (the pre-2026-04-28 exchanges) is refused: the V2 CLOB rejects V1 orders.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::polymarket {

inline constexpr uint64_t kPolygon = 137;
inline constexpr uint64_t kAmoy = 80002;

/// Order versions this adapter signs (what GET /version may announce).
bool order_version_supported(int version);

/// The verifying contract for an order; nullopt for an unknown chain or an unsupported
/// version (the caller refuses to sign).
std::optional<std::string> exchange_contract(uint64_t chain_id, bool neg_risk, int version);

}  // namespace tradehost::polymarket
