#include "nats/wire.hpp"

#include <cstdint>
#include <cstring>

namespace tradehost::nats {

namespace {

constexpr uint32_t kMagic = 0x314e4854u;  // "THN1" read as little-endian bytes

template <typename T>
void put(std::vector<unsigned char>& out, T v) {
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    out.insert(out.end(), p, p + sizeof v);
}

template <typename T>
bool take(const unsigned char*& p, const unsigned char* end, T& v) {
    if (static_cast<size_t>(end - p) < sizeof v) return false;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return true;
}

// The one instrument field that follows the header in most kinds, if the event is long
// enough to hold it.
void single(const th_event_header& ev, size_t off, std::vector<size_t>& out) {
    if (ev.size >= off + sizeof(th_instrument)) out.push_back(off);
}

}  // namespace

std::vector<size_t> instrument_slots(const th_event_header& ev) {
    std::vector<size_t> s;
    switch (ev.type) {
    case TH_EV_QUOTE: single(ev, offsetof(th_quote, instrument), s); break;
    case TH_EV_TRADE: single(ev, offsetof(th_trade, instrument), s); break;
    case TH_EV_BAR: single(ev, offsetof(th_bar, instrument), s); break;
    case TH_EV_ORDER_REQUEST: single(ev, offsetof(th_order_request, instrument), s); break;
    case TH_EV_EXECUTION_REPORT: single(ev, offsetof(th_execution_report, instrument), s); break;
    case TH_EV_FILL: single(ev, offsetof(th_fill, instrument), s); break;
    case TH_EV_POSITION: single(ev, offsetof(th_position, instrument), s); break;
    case TH_EV_SIGNAL: single(ev, offsetof(th_signal, instrument), s); break;
    case TH_EV_BOOK: single(ev, offsetof(th_book, instrument), s); break;
    case TH_EV_ODDS: single(ev, offsetof(th_odds, instrument), s); break;
    case TH_EV_SENTIMENT: single(ev, offsetof(th_sentiment, instrument), s); break;
    case TH_EV_TARGET: single(ev, offsetof(th_target, instrument), s); break;
    case TH_EV_SETTLEMENT: single(ev, offsetof(th_settlement, instrument), s); break;
    case TH_EV_NEWS: {
        if (ev.size < sizeof(th_news)) break;
        const auto& n = reinterpret_cast<const th_news&>(ev);
        const size_t count = n.instrument_count < TH_NEWS_MAX_INSTRUMENTS ? n.instrument_count : TH_NEWS_MAX_INSTRUMENTS;
        for (size_t i = 0; i < count; ++i) s.push_back(offsetof(th_news, instruments) + i * sizeof(th_instrument));
        break;
    }
    case TH_EV_FEATURES: {
        if (ev.size < sizeof(th_features)) break;
        const auto& f = reinterpret_cast<const th_features&>(ev);
        if (f.instrument != 0) {
            s.push_back(offsetof(th_features, instrument));
            break;
        }
        // A batch: one id per row after the struct, if the event really holds them.
        const size_t rows = f.rows;
        if (sizeof(th_features) + rows * sizeof(th_instrument) > ev.size) break;
        for (size_t i = 0; i < rows; ++i) s.push_back(sizeof(th_features) + i * sizeof(th_instrument));
        break;
    }
    default: break;  // balance, venue status, custom: no instrument ids
    }
    return s;
}

void encode(const th_event_header& ev, const InstrumentTable& instruments, std::vector<unsigned char>& out) {
    out.clear();
    const auto* bytes = reinterpret_cast<const unsigned char*>(&ev);
    const std::vector<size_t> slots = instrument_slots(ev);
    put<uint32_t>(out, kMagic);
    put<uint16_t>(out, static_cast<uint16_t>(slots.size()));
    for (size_t off : slots) {
        th_instrument id = 0;
        std::memcpy(&id, bytes + off, sizeof id);
        const char* sym = id ? instruments.symbol(id) : nullptr;
        const size_t len = sym ? std::strlen(sym) : 0;
        put<uint16_t>(out, static_cast<uint16_t>(len));
        out.insert(out.end(), sym, sym + len);
    }
    out.insert(out.end(), bytes, bytes + ev.size);
}

bool decode(const void* data, size_t len, InstrumentTable& instruments, std::vector<unsigned char>& event,
            std::string& why) {
    const auto* p = static_cast<const unsigned char*>(data);
    const auto* end = p + len;
    uint32_t magic = 0;
    uint16_t count = 0;
    if (!take(p, end, magic) || magic != kMagic) {
        why = "not a tradehost event (bad magic)";
        return false;
    }
    if (!take(p, end, count)) {
        why = "truncated before the symbol count";
        return false;
    }
    std::vector<std::string> symbols(count);
    for (auto& sym : symbols) {
        uint16_t n = 0;
        if (!take(p, end, n) || static_cast<size_t>(end - p) < n) {
            why = "truncated in the symbols";
            return false;
        }
        sym.assign(reinterpret_cast<const char*>(p), n);
        p += n;
    }
    th_event_header hdr{};
    if (static_cast<size_t>(end - p) < sizeof hdr) {
        why = "truncated before the event header";
        return false;
    }
    std::memcpy(&hdr, p, sizeof hdr);
    if (hdr.size < sizeof hdr || hdr.size > TH_EVENT_MAX_SIZE || hdr.size != static_cast<size_t>(end - p)) {
        why = "event size " + std::to_string(hdr.size) + " does not match the " + std::to_string(end - p) +
              " bytes that came";
        return false;
    }
    event.assign(p, end);
    auto& ev = *reinterpret_cast<th_event_header*>(event.data());
    const std::vector<size_t> slots = instrument_slots(ev);
    if (slots.size() != symbols.size()) {
        why = "the event names " + std::to_string(slots.size()) + " instruments but " + std::to_string(symbols.size()) +
              " symbols came";
        return false;
    }
    for (size_t i = 0; i < slots.size(); ++i) {
        const th_instrument id = symbols[i].empty() ? 0 : instruments.intern(symbols[i]);
        std::memcpy(event.data() + slots[i], &id, sizeof id);
    }
    return true;
}

}  // namespace tradehost::nats
