// An L2 order book for venue adapters: price levels per side keyed by fixed-point price,
// snapshots and deltas (quantity 0 removes a level), the venues' sequence rules (Binance's
// U/u ranges, per-message sequence numbers), Kraken's CRC32 checksum, and the questions a
// strategy asks of a book (top N, best, mid, spread, the price and VWAP to fill a size).
//
// Each side is one sorted flat vector, kept worst level first and best level last, so the
// updates that dominate a venue's stream (at and near the touch) insert and erase at the
// end, moving few elements. Capacity is reserved up front: once constructed the book never
// allocates (bench/book_bench counts it). A side holds at most `max_levels` levels; a level
// beyond that is dropped (the worst goes first), so the book is exact for the levels better
// than any it dropped, which is what a venue's depth-limited feed promises anyway.
//
// Not thread-safe: one owner (the adapter's stream thread) or external locking.
#pragma once

#include <tradehost/plugin.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tradehost::venue {

enum class BookSide : uint8_t { bid = 0, ask = 1 };

/// The opposite side (the side a buy takes from is `ask`).
constexpr BookSide opposite(BookSide s) noexcept {
    return s == BookSide::bid ? BookSide::ask : BookSide::bid;
}

struct BookLevel {
    th_fixed px = 0;
    th_fixed qty = 0;
    friend bool operator==(const BookLevel& a, const BookLevel& b) noexcept {
        return a.px == b.px && a.qty == b.qty;
    }
};

/// What a venue sequence number says about the next message.
enum class SeqCheck : uint8_t {
    apply,  ///< in order: apply it
    stale,  ///< already covered by the book (e.g. Binance events before the snapshot): skip it
    gap,    ///< messages were missed: the book is wrong until it is synced again
};

/// Walking one side of the book to take `qty` from it.
struct FillEstimate {
    th_fixed filled = 0;      ///< quantity the book holds up to the size asked (== size if complete)
    th_fixed notional = 0;    ///< sum of px * qty over what was taken (fixed point)
    th_fixed vwap = 0;        ///< notional / filled, exact to the last unit (rounded toward zero); 0 if nothing
    th_fixed worst_px = 0;    ///< price of the last level touched: the limit price that fills it; 0 if nothing
    std::size_t levels = 0;   ///< levels touched
    bool complete = false;    ///< the book held the whole size
};

class Book {
public:
    /// Reserves `max_levels` per side; the book does not allocate after this.
    explicit Book(std::size_t max_levels = 1000);
    /// Copies keep the reserved capacity (a copied book does not allocate either); assigning
    /// a book of the same or smaller max_levels does not allocate.
    Book(const Book& o);
    Book& operator=(const Book& o);
    Book(Book&&) noexcept = default;
    Book& operator=(Book&&) noexcept = default;

    std::size_t max_levels() const noexcept { return max_levels_; }

    // Updates ------------------------------------------------------------------------------
    /// Sets the quantity at `px` (a venue's absolute quantity for the level); `qty` 0 removes
    /// the level (removing a level the book does not have is normal: venues send them).
    /// Returns false if the level was dropped because the side is full and it is worse than
    /// every level kept. A negative quantity or a price <= 0 is refused (false).
    bool set(BookSide side, th_fixed px, th_fixed qty) noexcept;
    /// Keeps the best `depth` levels per side (Kraken: truncate to the subscribed depth after
    /// each update, since levels that leave the window are not removed by the venue).
    void truncate(std::size_t depth) noexcept;
    /// Empties both sides and forgets the sequence; the book is not synced until a snapshot.
    void clear() noexcept;

    // Snapshots ----------------------------------------------------------------------------
    /// A snapshot replaces the book: begin_snapshot(), then snapshot_level() for each level in
    /// any order, then end_snapshot(). Levels are appended and sorted once at the end (a
    /// snapshot of 5000 levels costs one sort, not 5000 inserts); quantity 0 is skipped.
    void begin_snapshot() noexcept;
    void snapshot_level(BookSide side, th_fixed px, th_fixed qty) noexcept;
    /// Sorts, drops duplicates (the last one given wins is not promised: venues send none)
    /// and marks the book synced at sequence `seq` (0 where the venue has none).
    void end_snapshot(uint64_t seq = 0) noexcept;

    // Sequence -----------------------------------------------------------------------------
    /// True after a snapshot, until clear() or invalidate(): the book can be trusted.
    bool synced() const noexcept { return synced_; }
    /// Marks the book untrusted (a gap, a checksum mismatch) and empties it.
    void invalidate() noexcept { clear(); }
    /// The venue sequence the book reflects (Binance: `u` of the last event applied, or the
    /// snapshot's lastUpdateId; per-message venues: the last message's sequence number).
    uint64_t seq() const noexcept { return seq_; }
    /// First venue sequence covered by the last update applied (Binance `U`).
    uint64_t first_seq() const noexcept { return first_seq_; }
    /// Binance's rule for a diff depth event carrying `U` = first, `u` = last update id
    /// ("How to manage a local order book correctly"): u <= book id -> stale (skip it);
    /// U > book id + 1 -> gap (resync from a new snapshot); otherwise apply, then
    /// set_seq(U, u). This also checks the first event after the snapshot (U <= id+1 <= u).
    SeqCheck check_range(uint64_t first, uint64_t last) const noexcept {
        if (last <= seq_) return SeqCheck::stale;
        if (first > seq_ + 1) return SeqCheck::gap;
        return SeqCheck::apply;
    }
    /// One sequence number per message (Coinbase `sequence_num`, Kraken/Polymarket feeds
    /// that number their messages): `seq` <= book's -> stale; != book's + 1 -> gap.
    SeqCheck check_next(uint64_t seq) const noexcept {
        if (seq <= seq_) return SeqCheck::stale;
        if (seq != seq_ + 1) return SeqCheck::gap;
        return SeqCheck::apply;
    }
    void set_seq(uint64_t first, uint64_t last) noexcept {
        first_seq_ = first;
        seq_ = last;
    }
    void set_seq(uint64_t seq) noexcept { set_seq(seq, seq); }

    // Queries ------------------------------------------------------------------------------
    std::size_t size(BookSide side) const noexcept { return levels(side).size(); }
    bool empty() const noexcept { return bids_.empty() && asks_.empty(); }
    /// Level `i` of a side, 0 = best; `i` must be < size(side).
    const BookLevel& level(BookSide side, std::size_t i) const noexcept {
        const auto& v = levels(side);
        return v[v.size() - 1 - i];
    }
    std::optional<BookLevel> best(BookSide side) const noexcept {
        const auto& v = levels(side);
        if (v.empty()) return std::nullopt;
        return v.back();
    }
    std::optional<BookLevel> best_bid() const noexcept { return best(BookSide::bid); }
    std::optional<BookLevel> best_ask() const noexcept { return best(BookSide::ask); }
    /// (best bid + best ask) / 2, rounded toward zero; nullopt unless both sides have a level.
    std::optional<th_fixed> mid() const noexcept;
    /// best ask - best bid (negative when crossed); nullopt unless both sides have a level.
    std::optional<th_fixed> spread() const noexcept;
    /// Best bid >= best ask.
    bool crossed() const noexcept;
    /// Copies up to `n` levels of a side, best first, to `out`; returns how many.
    std::size_t top(BookSide side, BookLevel* out, std::size_t n) const noexcept;
    /// Quantity at `px` on a side; 0 if the book has no such level.
    th_fixed qty_at(BookSide side, th_fixed px) const noexcept;
    /// Takes `qty` from `side` best level first (a buy takes from BookSide::ask).
    FillEstimate fill(BookSide side, th_fixed qty) const noexcept;

    /// Resolves a crossed book by trusting `keep` (the side a venue just updated): levels of
    /// the other side at or through `keep`'s best price are removed. Returns how many.
    /// A crossed book means a missed or reordered update; adapters count it and, where the
    /// venue allows, resync instead.
    std::size_t uncross(BookSide keep) noexcept;

private:
    using Side = std::vector<BookLevel>;  // worst first, best last
    const Side& levels(BookSide s) const noexcept { return s == BookSide::bid ? bids_ : asks_; }
    Side& levels(BookSide s) noexcept { return s == BookSide::bid ? bids_ : asks_; }
    void sort_side(BookSide s) noexcept;

    std::size_t max_levels_;
    Side bids_;
    Side asks_;
    uint64_t seq_ = 0;
    uint64_t first_seq_ = 0;
    bool synced_ = false;
    bool in_snapshot_ = false;
    bool side_sorted_[2] = {true, true};
};

// ABI 1.1 th_book events ------------------------------------------------------------------

/// Fills `out` with a snapshot of `book` (snapshot = 1): up to `depth` levels per side, bids
/// best first then asks best first, at most TH_BOOK_MAX_LEVELS in all (bids are cut first only
/// if `depth` exceeds half of it and both sides are that deep: each side gets its share, the
/// other side's unused share goes to it). Sets the header (type TH_EV_BOOK, version 1, size
/// th_book_size(bids, asks), ts), `instrument`, `checksum` (TH_BOOK_CHECKSUM_VERIFIED when
/// `checksum_verified`), `venue_seq` = book.seq(), `first_venue_seq` = book.first_seq().
/// Writes only the levels it sends (not the whole 16 KB). No allocation.
void fill_book_event(const Book& book, th_instrument instrument, th_time_ns ts, th_book& out,
                     std::size_t depth = TH_BOOK_MAX_LEVELS / 2, bool checksum_verified = false) noexcept;

/// Applies a th_book event to `book`: a snapshot replaces it (synced at `venue_seq`), a delta
/// sets each level (qty 0 removes) and, when `venue_seq` is not 0, records
/// (`first_venue_seq`, `venue_seq`) as the book's sequence. Sequence checks are the caller's
/// (check_range/check_next first). Returns false, and changes nothing, if `ev` is not a
/// TH_EV_BOOK or its counts do not fit its size.
bool apply_book_event(Book& book, const th_event_header& ev) noexcept;

// Checksums -------------------------------------------------------------------------------

/// CRC-32 (IEEE 802.3, the polynomial of zlib's crc32) of `n` bytes, continuing from `crc`
/// (0 to start).
uint32_t crc32(uint32_t crc, const void* data, std::size_t n) noexcept;

/// Kraken spot WebSocket v2 `book` checksum: CRC32 over the top 10 asks (low to high) then
/// the top 10 bids (high to low), each level as price then qty written with the pair's
/// decimals (`price_decimals`, `qty_decimals`, 0..8: Kraken's price_precision/qty_precision,
/// AssetPairs pair_decimals/lot_decimals), '.' removed and leading zeros stripped (docs:
/// guides "Book checksum (WebSocket v2)"). Compare with the message's `checksum` after
/// applying the whole message and truncating to the subscribed depth. No allocation.
uint32_t kraken_checksum(const Book& book, int price_decimals, int qty_decimals) noexcept;

// Polymarket's `book` message carries a `hash` of the venue's own serialisation of the
// book; Polymarket does not document how it is computed, so the kit does not verify it. An
// adapter that learns the rule can verify it after applying a message, as with Kraken's.

}  // namespace tradehost::venue
