// What an adapter has told the pipeline about its orders and fills, kept durable through the
// host's state_put/state_get, so that reconciliation after a reconnect or a restart merges the
// venue's view without losing a fill or publishing one twice. Client order ids are the key.
// Not thread-safe: one owner (the adapter's I/O thread) or external locking.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <deque>
#include <vector>

namespace tradehost::venue {

struct LedgerOrder {
    std::string client_order_id;
    std::string venue_order_id;   ///< empty until the venue acknowledged
    /// The client order id the venue knows the order by (client_ids.hpp): the host's own
    /// when it fits the venue's format. add_order sets it to client_order_id when empty.
    std::string venue_client_id;
    th_instrument instrument = 0;
    uint8_t side = 0;             ///< th_side
    th_fixed order_qty = 0;
    th_fixed cum_qty = 0;         ///< sum of the fills recorded for this order
    th_fixed notional = 0;        ///< sum of px*qty of those fills (for avg_px)
    uint8_t status = TH_STATUS_PENDING_NEW;  ///< th_order_status last published
    bool terminal() const noexcept {
        return status == TH_STATUS_FILLED || status == TH_STATUS_CANCELED ||
               status == TH_STATUS_REJECTED || status == TH_STATUS_EXPIRED;
    }
};

class Ledger {
public:
    /// Keeps at most `fill_capacity` fill ids (oldest forgotten first); fills older than the
    /// oldest kept one are judged by the watermark instead.
    explicit Ledger(std::size_t fill_capacity = 65536);

    // Orders ----------------------------------------------------------------------------
    /// Adds an order about to be sent; false if the client order id is already known (never
    /// send it again: the venue would reject it, or worse, accept a duplicate).
    bool add_order(LedgerOrder order);
    LedgerOrder* order(std::string_view client_order_id);
    LedgerOrder* order_by_venue_id(std::string_view venue_order_id);
    /// The order sent under `venue_client_id` (the venue's echo of our client id).
    LedgerOrder* order_by_venue_client_id(std::string_view venue_client_id);
    /// True when some order has `id` as its client order id or its venue client id.
    bool client_id_taken(std::string_view id) const;
    /// Records the venue's id for an order (index for order_by_venue_id).
    void set_venue_id(std::string_view client_order_id, std::string_view venue_order_id);
    /// Orders not in a terminal state: what reconciliation must ask the venue about.
    std::vector<const LedgerOrder*> open_orders() const;
    /// Drops terminal orders older than the newest `keep` (bounded memory over long runs).
    void prune_terminal(std::size_t keep);

    // Fills -----------------------------------------------------------------------------
    /// True if this fill was recorded (by id, or older than what the id window still covers).
    bool has_fill(std::string_view fill_id, int64_t ts_ns) const;
    /// Records a fill and adds it to its order (if known). False (and nothing changes) if it
    /// was already recorded: the caller must then not publish it.
    bool record_fill(std::string_view fill_id, int64_t ts_ns, std::string_view client_order_id,
                     th_fixed px, th_fixed qty);
    /// Reverses (busts) a recorded fill: takes `qty` and px*qty back off its order. The
    /// reversal is recorded like a fill, under reversal_id(fill_id) and the fill's own time
    /// (the watermark does not move), so it is durable and happens once: false (and nothing
    /// changes) when the fill is not recorded by id (never counted, or older than the id
    /// window) or was reversed already.
    bool reverse_fill(std::string_view fill_id, std::string_view client_order_id, th_fixed px, th_fixed qty);
    /// True once reverse_fill(fill_id, ...) succeeded.
    bool has_reversal(std::string_view fill_id) const;
    /// The ledger's id of a fill's reversal.
    static std::string reversal_id(std::string_view fill_id) { return std::string(fill_id) + "~bust"; }
    /// Time of the newest fill recorded; reconciliation asks the venue for fills since then
    /// (minus a small overlap, which has_fill makes harmless). 0 when none.
    int64_t fill_watermark_ns() const noexcept { return watermark_ns_; }

    // Persistence -----------------------------------------------------------------------
    /// The whole ledger as one blob (tests, and what load() still reads from older hosts).
    std::string serialize() const;
    /// Replaces the contents; false (and the ledger unchanged) if `blob` is not one.
    bool deserialize(std::string_view blob);

    // Incremental persistence -------------------------------------------------------------
    // A session's history (terminal orders, fill ids) only grows; writing all of it on every
    // change would make each order cost more than the last. So history is sealed in segments
    // of `kSegment` entries, each written once under its own key, and the head blob holds
    // what is open, what is not sealed yet, sealed orders changed since, and which segments
    // are live: what a save writes stays proportional to what is open.
    static constexpr std::size_t kSegment = 256;
    /// One blob to write: `suffix` is appended to the ledger's key ("" for the head).
    struct Write {
        std::string suffix;
        std::string blob;
    };
    /// What to write now so the saved ledger equals this one, in order: segments sealed since
    /// the last call (".o<N>" orders, ".f<N>" fill ids), segments dropped (written empty),
    /// then the head. Terminal orders beyond the newest `keep_terminal` are dropped a segment
    /// at a time (prune_terminal's bound, rounded up to a segment).
    std::vector<Write> take_writes(std::size_t keep_terminal);
    /// Loads what take_writes saved (or a single serialize() blob); `get` returns a suffix's
    /// blob, nullopt when absent. False (ledger unchanged) when the head or a segment it names
    /// is missing or unreadable.
    bool load(const std::function<std::optional<std::string>(const std::string& suffix)>& get);

private:
    std::size_t fill_capacity_;
    std::unordered_map<std::string, LedgerOrder> orders_;
    std::deque<std::string> order_sequence_;  // insertion order, for prune_terminal
    std::unordered_map<std::string, std::string> by_venue_id_;
    std::unordered_map<std::string, std::string> by_venue_client_id_;  // only ids that differ
    std::unordered_set<std::string> fill_ids_;
    std::deque<std::pair<std::string, int64_t>> fill_order_;  // oldest first
    int64_t watermark_ns_ = 0;
    int64_t forgotten_before_ns_ = 0;  // fills at or before this were evicted from fill_ids_
    // Sealed history (see take_writes). An order segment's copies tell which sealed orders
    // changed since (they go in the head); fill segments cover the leading `sealed_fills_`
    // entries of fill_order_, oldest first.
    struct OrderSegment {
        uint64_t n = 0;
        std::vector<std::string> ids;
    };
    struct FillSegment {
        uint64_t n = 0;
        std::size_t count = 0;  // entries of fill_order_ still in it (eviction shrinks it)
    };
    std::deque<OrderSegment> order_segments_;
    std::unordered_map<std::string, LedgerOrder> sealed_copy_;
    std::deque<std::string> unsealed_;               // ids in no segment, in sending order
    std::unordered_set<std::string> touched_;        // sealed orders handed out mutable since the last save
    std::unordered_set<std::string> changed_;        // sealed orders that differ from their segment: in the head
    std::deque<FillSegment> fill_segments_;
    std::size_t sealed_fills_ = 0;
    uint64_t next_order_segment_ = 0, next_fill_segment_ = 0;
    std::vector<std::string> dropped_;  // segment suffixes to write empty
    void forget_order(const std::string& id);
    void evict_oldest_fill();
};

}  // namespace tradehost::venue
