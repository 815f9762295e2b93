// paper: everything the venue remembers, and its serialisation for persist=true
// (state_put/state_get) and hot reload (snapshot/restore).
#ifndef TRADEHOST_PLUGINS_PAPER_STATE_HPP
#define TRADEHOST_PLUGINS_PAPER_STATE_HPP

#include "accounting.hpp"
#include "order_book.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::paper {

/// The last quote of an instrument and what is still available on it.
struct QuoteState {
    th_time_ns ts = 0;
    th_fixed bid_px = 0, bid_qty = 0, ask_px = 0, ask_qty = 0;
    th_fixed bid_avail = 0, ask_avail = 0;  ///< displayed size not yet taken by fills
    th_fixed mid() const noexcept { return mid_price(bid_px, ask_px); }
};

/// An order request waiting for its effective time (ts + latency).
using PendingKey = std::pair<th_time_ns, uint64_t>;  // (effective ts, arrival sequence)

struct VenueState {
    th_fixed cash = 0;
    uint64_t next_order_no = 1;   ///< n of the next venue order id "<inst>-<session>-O<n>"
    uint64_t next_fill_no = 1;    ///< n of the next fill id "<inst>-<session>-F<n>"
    uint64_t next_seq = 1;        ///< arrival sequence and time priority
    bool clock_set = false;
    th_time_ns clock = 0;         ///< latest event time processed
    int64_t day = 0;              ///< UTC day of `clock`
    OrderBook book;
    std::map<th_instrument, Position> positions;
    std::map<th_instrument, QuoteState> quotes;
    std::map<PendingKey, th_order_request> pending;
    /// Persistence writes what changed, not the history: client ids seen since the last
    /// sealed chunk travel in the state blob; every kSealEvery of them are sealed once
    /// under their own key ("seen.<n>") and read back at start.
    std::vector<std::string> recent_ids;
    uint32_t sealed_chunks = 0;
};

/// Client ids per sealed chunk of persisted state.
constexpr size_t kSealEvery = 256;
/// The state key of sealed chunk `n`.
std::string sealed_key(uint32_t n);
/// A sealed chunk's blob, and its ids back.
std::string encode_ids(const std::vector<std::string>& ids);
std::vector<std::string> decode_ids(std::string_view blob);

using SymbolOf = std::function<std::string(th_instrument)>;
using InternFn = std::function<th_instrument(const std::string&)>;

/// Serialise `s`; instruments are written as symbols, since interned ids are per session.
/// `full`: every seen client id (hot reload); otherwise only `recent_ids` (persistence,
/// with the sealed chunks under their own keys).
std::string encode_state(const VenueState& s, const SymbolOf& symbol_of, bool full = true);
/// Parse a blob written by encode_state; throws tradehost::Error when malformed.
VenueState decode_state(std::string_view blob, const InternFn& intern);

}  // namespace tradehost::paper

#endif
