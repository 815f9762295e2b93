#include <tradehost/venue/book.hpp>

#include <algorithm>
#include <array>

namespace tradehost::venue {

namespace {

__extension__ typedef __int128 Int128;  // __extension__: GCC/Clang builtin under -Wpedantic

// Each side is sorted by key ascending, best last: bids by price, asks by -price.
constexpr th_fixed key(BookSide s, th_fixed px) noexcept { return s == BookSide::bid ? px : -px; }

// First level whose key is >= k (std::lower_bound on keys).
template <class V> auto find_key(V& v, BookSide s, th_fixed k) noexcept {
    return std::lower_bound(v.begin(), v.end(), k, [s](const BookLevel& l, th_fixed kk) {
        return key(s, l.px) < kk;
    });
}

}  // namespace

Book::Book(std::size_t max_levels) : max_levels_(max_levels == 0 ? 1 : max_levels) {
    bids_.reserve(max_levels_);
    asks_.reserve(max_levels_);
}

bool Book::set(BookSide side, th_fixed px, th_fixed qty) noexcept {
    if (px <= 0 || qty < 0) return false;
    Side& v = levels(side);
    const th_fixed k = key(side, px);
    // The touch is where most updates land: look at the best level before searching.
    auto it = (!v.empty() && key(side, v.back().px) < k) ? v.end() : find_key(v, side, k);
    if (it != v.end() && it->px == px) {
        if (qty == 0)
            v.erase(it);
        else
            it->qty = qty;
        return true;
    }
    if (qty == 0) return true;  // removing a level the book does not hold
    if (v.size() >= max_levels_) {
        if (it == v.begin()) return false;  // worse than every level kept
        const auto at = it - v.begin();
        v.erase(v.begin());  // drop the worst to make room
        it = v.begin() + (at - 1);
    }
    v.insert(it, BookLevel{px, qty});
    return true;
}

void Book::truncate(std::size_t depth) noexcept {
    for (Side* v : {&bids_, &asks_})
        if (v->size() > depth) v->erase(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(v->size() - depth));
}

void Book::clear() noexcept {
    bids_.clear();
    asks_.clear();
    seq_ = first_seq_ = 0;
    synced_ = false;
    in_snapshot_ = false;
    side_sorted_[0] = side_sorted_[1] = true;
}

void Book::begin_snapshot() noexcept {
    clear();
    in_snapshot_ = true;
    side_sorted_[0] = side_sorted_[1] = false;
}

void Book::sort_side(BookSide s) noexcept {
    Side& v = levels(s);
    std::sort(v.begin(), v.end(), [s](const BookLevel& a, const BookLevel& b) { return key(s, a.px) < key(s, b.px); });
    v.erase(std::unique(v.begin(), v.end(), [](const BookLevel& a, const BookLevel& b) { return a.px == b.px; }), v.end());
    side_sorted_[static_cast<int>(s)] = true;
}

void Book::snapshot_level(BookSide side, th_fixed px, th_fixed qty) noexcept {
    if (px <= 0 || qty <= 0) return;
    Side& v = levels(side);
    if (!in_snapshot_ || side_sorted_[static_cast<int>(side)]) {
        set(side, px, qty);
        return;
    }
    if (v.size() < max_levels_) {
        v.push_back(BookLevel{px, qty});
        return;
    }
    // Full: sort once, then keep the best max_levels through set() (drops the worst).
    sort_side(side);
    set(side, px, qty);
}

void Book::end_snapshot(uint64_t seq) noexcept {
    for (BookSide s : {BookSide::bid, BookSide::ask})
        if (!side_sorted_[static_cast<int>(s)]) sort_side(s);
    in_snapshot_ = false;
    synced_ = true;
    set_seq(seq, seq);
}

std::optional<th_fixed> Book::mid() const noexcept {
    if (bids_.empty() || asks_.empty()) return std::nullopt;
    return static_cast<th_fixed>((static_cast<Int128>(bids_.back().px) + asks_.back().px) / 2);
}

std::optional<th_fixed> Book::spread() const noexcept {
    if (bids_.empty() || asks_.empty()) return std::nullopt;
    return asks_.back().px - bids_.back().px;
}

bool Book::crossed() const noexcept {
    return !bids_.empty() && !asks_.empty() && bids_.back().px >= asks_.back().px;
}

std::size_t Book::top(BookSide side, BookLevel* out, std::size_t n) const noexcept {
    const Side& v = levels(side);
    const std::size_t m = std::min(n, v.size());
    for (std::size_t i = 0; i < m; ++i) out[i] = v[v.size() - 1 - i];
    return m;
}

th_fixed Book::qty_at(BookSide side, th_fixed px) const noexcept {
    const Side& v = levels(side);
    auto it = find_key(v, side, key(side, px));
    return (it != v.end() && it->px == px) ? it->qty : 0;
}

FillEstimate Book::fill(BookSide side, th_fixed qty) const noexcept {
    FillEstimate f;
    if (qty <= 0) {
        f.complete = true;
        return f;
    }
    const Side& v = levels(side);
    Int128 px_qty = 0;  // sum of px * qty, scale 1e16
    th_fixed left = qty;
    for (auto it = v.rbegin(); it != v.rend() && left > 0; ++it) {
        const th_fixed take = std::min(left, it->qty);
        px_qty += static_cast<Int128>(it->px) * take;
        left -= take;
        f.filled += take;
        f.worst_px = it->px;
        ++f.levels;
    }
    f.complete = left == 0;
    if (f.filled > 0) {
        f.notional = static_cast<th_fixed>(px_qty / TH_FIXED_SCALE);
        f.vwap = static_cast<th_fixed>(px_qty / f.filled);
    }
    return f;
}

std::size_t Book::uncross(BookSide keep) noexcept {
    const Side& k = levels(keep);
    Side& o = levels(opposite(keep));
    if (k.empty()) return 0;
    const th_fixed px = k.back().px;
    std::size_t n = 0;
    // Opposite levels crossed by px are its best ones (at the back).
    while (!o.empty() && (keep == BookSide::bid ? o.back().px <= px : o.back().px >= px)) {
        o.pop_back();
        ++n;
    }
    return n;
}

// Checksums --------------------------------------------------------------------------------

namespace {

constexpr std::array<uint32_t, 256> make_crc_table() noexcept {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int b = 0; b < 8; ++b) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

constexpr int64_t kPow10[] = {1,         10,         100,         1000,        10000,
                              100000,    1000000,    10000000,    100000000};

// A fixed-point value written with `decimals` decimals, '.' removed, leading zeros
// stripped: the integer value * 10^decimals in decimal, nothing for 0 (as Kraken's
// reference does with "0.0" -> "").
std::size_t kraken_digits(th_fixed v, int decimals, char* out) noexcept {
    if (decimals < 0) decimals = 0;
    if (decimals > 8) decimals = 8;
    uint64_t n = static_cast<uint64_t>(v < 0 ? -v : v) / static_cast<uint64_t>(kPow10[8 - decimals]);
    char tmp[24];
    std::size_t len = 0;
    while (n > 0) {
        tmp[len++] = static_cast<char>('0' + n % 10);
        n /= 10;
    }
    for (std::size_t i = 0; i < len; ++i) out[i] = tmp[len - 1 - i];
    return len;
}

}  // namespace

uint32_t crc32(uint32_t crc, const void* data, std::size_t n) noexcept {
    const auto* p = static_cast<const unsigned char*>(data);
    crc = ~crc;
    for (std::size_t i = 0; i < n; ++i) crc = kCrcTable[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

uint32_t kraken_checksum(const Book& book, int price_decimals, int qty_decimals) noexcept {
    uint32_t crc = 0;
    char buf[48];
    for (BookSide s : {BookSide::ask, BookSide::bid}) {
        const std::size_t n = std::min<std::size_t>(10, book.size(s));
        for (std::size_t i = 0; i < n; ++i) {
            const BookLevel& l = book.level(s, i);
            std::size_t len = kraken_digits(l.px, price_decimals, buf);
            len += kraken_digits(l.qty, qty_decimals, buf + len);
            crc = crc32(crc, buf, len);
        }
    }
    return crc;
}

}  // namespace tradehost::venue
