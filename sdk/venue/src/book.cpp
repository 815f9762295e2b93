#include <tradehost/venue/book.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>

namespace tradehost::venue {

namespace {

__extension__ typedef __int128 Int128;  // __extension__: GCC/Clang builtin under -Wpedantic

// Each side is sorted by key ascending, best last: bids by price, asks by -price.
constexpr th_fixed key(BookSide s, th_fixed px) noexcept { return s == BookSide::bid ? px : -px; }

constexpr std::size_t kWindow = 16;

// Index of the first level whose key is >= key(px) (a lower bound; best is at the back).
// Most updates land within a few levels of the touch, so the last kWindow levels are counted
// first (window 16 measured best on book_bench: 8 and 32 were slower, a scan from the back
// that stops at the boundary 20 % slower); the rest is a branch-free binary search.
template <BookSide S> inline __attribute__((always_inline)) std::size_t find_pos(const BookLevel* d, std::size_t n, th_fixed px) noexcept {
    const th_fixed k = key(S, px);
    std::size_t stop = 0;
    if (n >= kWindow) {
        // Count, without a branch per level, how many of the last kWindow levels are at or
        // better than px (sorted: they are the trailing ones); no mispredicted loop exit.
        const BookLevel* w = d + n - kWindow;
        std::size_t c = 0;
        for (std::size_t j = 0; j < kWindow; ++j) c += key(S, w[j].px) >= k ? 1 : 0;
        if (c < kWindow) return n - c;
        stop = n - kWindow;
    } else {
        std::size_t i = n;
        while (i > 0 && key(S, d[i - 1].px) >= k) --i;
        return i;
    }
    const BookLevel* base = d;  // lower bound within [0, stop]: d[stop] is known >= k
    std::size_t len = stop;
    while (len > 1) {
        const std::size_t half = len / 2;
        base = key(S, base[half - 1].px) < k ? base + half : base;
        len -= half;
    }
    return static_cast<std::size_t>(base - d) + (key(S, base->px) < k ? 1 : 0);
}
std::size_t find_pos(BookSide s, const std::vector<BookLevel>& v, th_fixed px) noexcept {
    return s == BookSide::bid ? find_pos<BookSide::bid>(v.data(), v.size(), px)
                              : find_pos<BookSide::ask>(v.data(), v.size(), px);
}

}  // namespace

Book::Book(std::size_t max_levels) : max_levels_(max_levels == 0 ? 1 : max_levels) {
    bids_.reserve(max_levels_);
    asks_.reserve(max_levels_);
}

Book::Book(const Book& o) : Book(o.max_levels_) { *this = o; }

Book& Book::operator=(const Book& o) {
    if (this == &o) return *this;
    if (o.max_levels_ > max_levels_) {  // the only case that allocates
        bids_.reserve(o.max_levels_);
        asks_.reserve(o.max_levels_);
    }
    max_levels_ = o.max_levels_;
    bids_.assign(o.bids_.begin(), o.bids_.end());
    asks_.assign(o.asks_.begin(), o.asks_.end());
    seq_ = o.seq_;
    first_seq_ = o.first_seq_;
    synced_ = o.synced_;
    in_snapshot_ = o.in_snapshot_;
    side_sorted_[0] = o.side_sorted_[0];
    side_sorted_[1] = o.side_sorted_[1];
    return *this;
}

namespace {

// GCC would turn the short loops below back into memmove calls; clang has no such switch
// (and no `optimize` attribute), and does not do it at these sizes.
#if defined(__GNUC__) && !defined(__clang__)
#define TH_NO_LOOP_TO_CALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define TH_NO_LOOP_TO_CALL
#endif

// Moves `n` levels from `src` to `dst` (overlapping): near the touch `n` is a handful, where a
// plain loop beats a call to memmove.
TH_NO_LOOP_TO_CALL inline void move_levels(BookLevel* dst, const BookLevel* src, std::size_t n) noexcept {
    if (n > 8) {
        std::memmove(dst, src, n * sizeof(BookLevel));
    } else if (dst < src) {
        for (std::size_t j = 0; j < n; ++j) dst[j] = src[j];
    } else {
        for (std::size_t j = n; j > 0; --j) dst[j - 1] = src[j - 1];
    }
}

// One side's update, inlined with its search: most updates are at or near the touch.
template <BookSide S> bool set_side(std::vector<BookLevel>& v, std::size_t max_levels, th_fixed px, th_fixed qty) noexcept {
    const std::size_t n = v.size();
    BookLevel* d = v.data();
    const std::size_t i = find_pos<S>(d, n, px);
    if (i < n && d[i].px == px) {
        if (qty != 0) {
            d[i].qty = qty;
        } else {
            move_levels(d + i, d + i + 1, n - i - 1);
            v.pop_back();
        }
        return true;
    }
    if (qty == 0) return true;  // removing a level the book does not hold
    if (n < max_levels) {
        v.push_back(BookLevel{});  // within the reserved capacity: no allocation
        d = v.data();
        move_levels(d + i + 1, d + i, n - i);
        d[i] = BookLevel{px, qty};
        return true;
    }
    if (i == 0) return false;  // full, and worse than every level kept
    move_levels(d, d + 1, i - 1);  // drop the worst to make room
    d[i - 1] = BookLevel{px, qty};
    return true;
}

}  // namespace

bool Book::set(BookSide side, th_fixed px, th_fixed qty) noexcept {
    if (px <= 0 || qty < 0) return false;
    return side == BookSide::bid ? set_side<BookSide::bid>(bids_, max_levels_, px, qty)
                                 : set_side<BookSide::ask>(asks_, max_levels_, px, qty);
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
    const std::size_t i = find_pos(side, v, px);
    return (i < v.size() && v[i].px == px) ? v[i].qty : 0;
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

// ABI 1.1 th_book events ---------------------------------------------------------------------

void fill_book_event(const Book& book, th_instrument instrument, th_time_ns ts, th_book& out, std::size_t depth,
                     bool checksum_verified) noexcept {
    constexpr std::size_t kMax = TH_BOOK_MAX_LEVELS;
    std::size_t nb = std::min(book.size(BookSide::bid), depth);
    std::size_t na = std::min(book.size(BookSide::ask), depth);
    if (nb + na > kMax) {  // share the event fairly; a side that needs less leaves the rest
        const std::size_t half = kMax / 2;
        if (nb < half)
            na = kMax - nb;
        else if (na < half)
            nb = kMax - na;
        else
            nb = na = half;
    }
    std::memset(&out, 0, offsetof(th_book, levels));
    out.hdr.type = TH_EV_BOOK;
    out.hdr.version = 1;
    out.hdr.ts = ts;
    out.hdr.size = th_book_size(static_cast<uint32_t>(nb), static_cast<uint32_t>(na));
    out.instrument = instrument;
    out.snapshot = 1;
    out.checksum = checksum_verified ? TH_BOOK_CHECKSUM_VERIFIED : TH_BOOK_CHECKSUM_NONE;
    out.bid_count = static_cast<uint16_t>(nb);
    out.ask_count = static_cast<uint16_t>(na);
    out.venue_seq = book.seq();
    out.first_venue_seq = book.first_seq();
    for (std::size_t i = 0; i < nb; ++i) {
        const BookLevel& l = book.level(BookSide::bid, i);
        out.levels[i] = th_book_level{l.px, l.qty};
    }
    for (std::size_t i = 0; i < na; ++i) {
        const BookLevel& l = book.level(BookSide::ask, i);
        out.levels[nb + i] = th_book_level{l.px, l.qty};
    }
}

bool apply_book_event(Book& book, const th_event_header& ev) noexcept {
    if (ev.type != TH_EV_BOOK || ev.size < offsetof(th_book, levels)) return false;
    const auto& b = reinterpret_cast<const th_book&>(ev);
    const uint32_t n = static_cast<uint32_t>(b.bid_count) + b.ask_count;
    if (n > TH_BOOK_MAX_LEVELS || ev.size < th_book_size(b.bid_count, b.ask_count)) return false;
    if (b.snapshot) {
        book.begin_snapshot();
        for (uint32_t i = 0; i < n; ++i)
            book.snapshot_level(i < b.bid_count ? BookSide::bid : BookSide::ask, b.levels[i].px, b.levels[i].qty);
        book.end_snapshot(b.venue_seq);
        book.set_seq(b.first_venue_seq, b.venue_seq);
        return true;
    }
    for (uint32_t i = 0; i < n; ++i)
        book.set(i < b.bid_count ? BookSide::bid : BookSide::ask, b.levels[i].px, b.levels[i].qty);
    if (b.venue_seq != 0) book.set_seq(b.first_venue_seq, b.venue_seq);
    return true;
}

// Checksums --------------------------------------------------------------------------------

namespace {

using CrcTables = std::array<std::array<uint32_t, 256>, 8>;
constexpr CrcTables make_crc_tables() noexcept {
    CrcTables t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int b = 0; b < 8; ++b) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][i] = c;
    }
    for (std::size_t k = 1; k < 8; ++k)
        for (std::size_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFu];
    return t;
}
constexpr CrcTables kCrc = make_crc_tables();  // slicing-by-8

inline uint32_t load_le32(const unsigned char* p) noexcept {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
           static_cast<uint32_t>(p[3]) << 24;
}

constexpr uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

constexpr char kDigits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// A fixed-point value written with `decimals` decimals, '.' removed, leading zeros
// stripped: the integer value * 10^decimals in decimal, nothing for 0 (as Kraken's
// reference does with "0.0" -> ""). Writes at most 20 characters.
std::size_t kraken_digits(th_fixed v, int decimals, char* out) noexcept {
    if (decimals < 0) decimals = 0;
    if (decimals > 8) decimals = 8;
    uint64_t n = static_cast<uint64_t>(v < 0 ? -v : v) / kPow10[8 - decimals];
    char tmp[24];
    char* p = tmp + sizeof tmp;
    while (n >= 100) {
        const uint64_t r = n % 100;
        n /= 100;
        p -= 2;
        std::memcpy(p, kDigits2 + 2 * r, 2);
    }
    if (n >= 10) {
        p -= 2;
        std::memcpy(p, kDigits2 + 2 * n, 2);
    } else if (n > 0) {
        *--p = static_cast<char>('0' + n);
    }
    const std::size_t len = static_cast<std::size_t>(tmp + sizeof tmp - p);
    std::memcpy(out, p, len);
    return len;
}

}  // namespace

uint32_t crc32(uint32_t crc, const void* data, std::size_t n) noexcept {
    const auto* p = static_cast<const unsigned char*>(data);
    crc = ~crc;
    for (; n >= 8; n -= 8, p += 8) {
        const uint32_t one = load_le32(p) ^ crc;
        const uint32_t two = load_le32(p + 4);
        crc = kCrc[7][one & 0xFFu] ^ kCrc[6][(one >> 8) & 0xFFu] ^ kCrc[5][(one >> 16) & 0xFFu] ^ kCrc[4][one >> 24] ^
              kCrc[3][two & 0xFFu] ^ kCrc[2][(two >> 8) & 0xFFu] ^ kCrc[1][(two >> 16) & 0xFFu] ^ kCrc[0][two >> 24];
    }
    for (; n > 0; --n, ++p) crc = kCrc[0][(crc ^ *p) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

uint32_t kraken_checksum(const Book& book, int price_decimals, int qty_decimals) noexcept {
    char buf[20 * 2 * 20];  // 20 levels, two numbers of at most 20 digits each
    std::size_t len = 0;
    for (BookSide s : {BookSide::ask, BookSide::bid}) {
        const std::size_t n = std::min<std::size_t>(10, book.size(s));
        for (std::size_t i = 0; i < n; ++i) {
            const BookLevel& l = book.level(s, i);
            len += kraken_digits(l.px, price_decimals, buf + len);
            len += kraken_digits(l.qty, qty_decimals, buf + len);
        }
    }
    return crc32(0, buf, len);
}

}  // namespace tradehost::venue
