// Events to observations; see event_observation.hpp.
#include "event_observation.hpp"

#include <string>

namespace tradehost::features {

namespace {

double px(th_fixed v) { return static_cast<double>(v) / static_cast<double>(TH_FIXED_SCALE); }

template <class E> const E& expect_event(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as<E>(ev, scratch);
    if (!e) throw InvalidArgument(std::string("port ") + port + ": unexpected event type " + std::to_string(ev.type));
    return *e;
}

}  // namespace

Taken observation_of(uint32_t port, const th_event_header& ev, th_instrument& id, Observation& o) {
    o = Observation{};
    o.ts = ev.ts;
    switch (port) {
    case kPortQuotes: {
        th_quote scratch;
        const th_quote& q = expect_event(ev, scratch, "quotes");
        if (q.bid_px <= 0 || q.ask_px <= 0) return Taken::Skip;  // one-sided quotes have no mid
        id = q.instrument;
        o.open = o.high = o.low = o.close = (px(q.bid_px) + px(q.ask_px)) / 2.0;
        return Taken::Yes;
    }
    case kPortTrades: {
        th_trade scratch;
        const th_trade& t = expect_event(ev, scratch, "trades");
        if (t.px <= 0) return Taken::Skip;
        id = t.instrument;
        o.open = o.high = o.low = o.close = px(t.px);
        o.volume = px(t.qty);
        return Taken::Yes;
    }
    case kPortBars: {
        th_bar scratch;
        const th_bar& b = expect_event(ev, scratch, "bars");
        if (b.close <= 0 || b.high < b.low) return Taken::BadBar;
        id = b.instrument;
        o.open = px(b.open);
        o.high = px(b.high);
        o.low = px(b.low);
        o.close = px(b.close);
        o.volume = px(b.volume);
        return Taken::Yes;
    }
    default:
        throw InvalidArgument("no input port " + std::to_string(port));
    }
}

}  // namespace tradehost::features
