// betfair: runner metadata from the catalogue and the stream (see market_meta.hpp).
#include "market_meta.hpp"

#include "orders.hpp"

#include <tradehost/venue/json.hpp>

#include <cstring>
#include <vector>

namespace tradehost::betfair {

void MarketMeta::from_catalogue(const CatalogueMarket& c) {
    std::lock_guard lk(mu_);
    MarketState& m = markets_[c.market_id];
    m.cat = c;
    m.has_cat = true;
    for (const CatalogueRunner& cr : c.runners) {
        RunnerState& r = m.runners[{cr.selection_id, cr.handicap}];
        r.name = cr.name;
        r.handicap = cr.handicap;
        publish(c.market_id, m, cr.selection_id, r);
    }
}

void MarketMeta::from_definition(const std::string& market_id, const esa::MarketDef& def) {
    std::lock_guard lk(mu_);
    MarketState& m = markets_[market_id];
    m.status = def.status;
    m.in_play = def.in_play;
    if (!m.has_cat) {
        // A configured market discovery did not list: what the stream knows, names aside.
        m.cat.market_id = market_id;
        m.cat.market_type = def.market_type;
        m.cat.event_id = def.event_id;
        m.cat.start_time = def.market_time;
        m.cat.start_ns = venue::json::parse_rfc3339_ns(def.market_time).value_or(0);
    }
    for (const esa::RunnerDef& rd : def.runners) {
        RunnerState& r = m.runners[{rd.id, rd.handicap}];
        r.status = rd.status;
        r.handicap = rd.handicap;
        publish(market_id, m, rd.id, r);
    }
}

std::size_t MarketMeta::published() const {
    std::lock_guard lk(mu_);
    return published_;
}

void MarketMeta::publish(const std::string& market_id, MarketState& m, int64_t selection, RunnerState& r) {
    const std::string sym = symbol_of(Selection{market_id, selection, r.handicap});
    const nlohmann::json j{{"instrument", sym},
                           {"market_id", market_id},
                           {"selection_id", selection},
                           {"handicap", venue::json::fixed_to_text(r.handicap)},
                           {"name", r.name},
                           {"market_name", m.cat.market_name},
                           {"market_type", m.cat.market_type},
                           {"event_id", m.cat.event_id},
                           {"event_name", m.cat.event_name},
                           {"start_time", m.cat.start_time},
                           {"market_status", m.status},
                           {"in_play", m.in_play},
                           {"runner_status", r.status}};
    std::string payload = j.dump();
    if (payload == r.last) return;   // nothing this runner shows changed
    r.last = payload;
    const th_instrument id = host_.intern(sym);

    th_instrument_info info{};
    info.asset_class = TH_ASSET_BETTING_SELECTION;
    info.min_price = TH_FIXED_SCALE + TH_FIXED_SCALE / 100;   // 1.01, the ladder's lowest
    info.max_price = 1000 * TH_FIXED_SCALE;                   // 1000, its highest
    info.min_qty = 0;                                         // the minimum stake is per currency
    info.expiry = m.cat.start_ns;
    copy_str(info.venue, "betfair");
    copy_str(info.group, market_id);
    host_.set_instrument_info(id, info);

    // Names may be long: cut the payload rather than the event (the JSON stays whole: the
    // free-text fields are the ones dropped).
    const std::size_t room = TH_EVENT_MAX_SIZE - sizeof(th_custom);
    if (payload.size() > room) {
        nlohmann::json k = j;
        k["market_name"] = "";
        k["event_name"] = k["event_name"].get<std::string>().substr(0, 128);
        k["name"] = k["name"].get<std::string>().substr(0, 128);
        payload = k.dump();
    }
    std::vector<unsigned char> buf(sizeof(th_custom) + payload.size());
    th_custom ev;
    std::memset(&ev, 0, sizeof ev);
    ev.hdr.size = static_cast<uint32_t>(buf.size());
    ev.hdr.type = TH_EV_CUSTOM;
    ev.hdr.version = 1;
    ev.hdr.ts = host_.now();
    ev.custom_type = kRunnerMetaType;
    ev.payload_size = static_cast<uint32_t>(payload.size());
    std::memcpy(buf.data(), &ev, sizeof ev);
    std::memcpy(buf.data() + sizeof ev, payload.data(), payload.size());
    host_.try_publish(port_, *reinterpret_cast<th_event_header*>(buf.data()));
    ++published_;
}

}  // namespace tradehost::betfair
