#include "exec_algos.hpp"

#include "state.hpp"

#include <tradehost/blob.hpp>

namespace tradehost::exec_algos {

namespace {

constexpr const char* kStateKey = "engine";
constexpr const char* kContingentKey = "contingent";

ContingentSettings contingent_settings(Host host, const Config& cfg) {
    const Settings s = Settings::load(cfg, host.instance_name());
    ContingentSettings c;
    c.stop_offset = s.bracket_stop_offset;
    c.target_offset = s.bracket_target_offset;
    c.id_prefix = s.id_prefix;
    return c;
}

Engine make_engine(Host host, const Config& cfg) {
    Settings s = Settings::load(cfg, host.instance_name());
    const bool learn = s.vwap_profile.empty();
    VolumeProfile profile = learn ? VolumeProfile(s.profile_bucket_ns) : VolumeProfile::load_csv(s.vwap_profile, s.profile_bucket_ns);
    return Engine(std::move(s), std::move(profile), learn);
}

template <class E> const E& as(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as(ev, scratch);
    if (!e) throw InvalidArgument(std::string("exec_algos: port ") + port + " got an event of type " + std::to_string(ev.type));
    return *e;
}

}  // namespace

ExecAlgos::ExecAlgos(Host host, const Config& cfg)
    : host_(host), engine_(make_engine(host, cfg)), contingent_(contingent_settings(host, cfg), host.session_id()) {
    contingent_.set_info([h = host_](th_instrument id) { return h.instrument_info(id); });
    EngineEnv env;
    env.info = [h = host_](th_instrument id) { return h.instrument_info(id); };
    env.symbol = [h = host_](th_instrument id) { return h.symbol(id); };
    env.session = host_.session_id();
    engine_.set_env(std::move(env));
}

void ExecAlgos::start() {
    if (loaded_) return;  // restored by a hot reload
    loaded_ = true;
    std::string blob;
    if (host_.state_get(kContingentKey, blob)) {
        try {
            contingent_.decode(blob, [this](const std::string& s) { return host_.intern(s); });
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("saved contingent orders unreadable: ") + e.what());
        }
    }
    if (!host_.state_get(kStateKey, blob)) return;
    try {
        engine_.load(decode_state(blob, [this](const std::string& s) { return host_.intern(s); }));
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("saved parent orders unreadable (children could be sent twice): ") + e.what());
    }
    if (!engine_.parents().empty())
        host_.info("resumed " + std::to_string(engine_.parents().size()) + " parent order(s) with " +
                   std::to_string(engine_.children().size()) + " child order(s)");
}

// Hot reload: the two blobs the journal keeps, one after the other.
std::string ExecAlgos::snapshot() {
    BlobWriter w;
    w.str(encode_state(engine_.saved(), [this](th_instrument id) { return host_.symbol(id); }));
    w.str(contingent_.encode([this](th_instrument id) { return host_.symbol(id); }));
    return w.take();
}

void ExecAlgos::restore(std::string_view blob) {
    BlobReader r(blob, "exec_algos snapshot");
    const std::string engine = r.str(), contingent = r.str();
    auto intern = [this](const std::string& s) { return host_.intern(s); };
    engine_.load(decode_state(engine, intern));
    contingent_.decode(contingent, intern);
    loaded_ = true;
}

void ExecAlgos::on_event(uint32_t port, const th_event_header& ev) {
    Outbox out;
    switch (port) {
    case kPortOrdersIn: {
        th_order_request s;
        const th_order_request& req = as(ev, s, "orders");
        if (!contingent_.on_order(req, out)) engine_.on_order(req, out);
        break;
    }
    case kPortTargets: {
        th_target s;
        const th_target& t = as(ev, s, "targets");
        if (t.kind != TH_TARGET_QTY && t.kind != TH_TARGET_NOTIONAL) {
            host_.metric_add("targets_unsupported", 1);
            host_.warn(host_.symbol(t.instrument) + ": target kind " + std::to_string(t.kind) +
                       " is not supported (quantity and notional are); ignored");
            return;
        }
        engine_.on_target(t, out);
        host_.metric_add("targets", 1);
        break;
    }
    case kPortQuotes: {
        th_quote s;
        const th_quote& q = as(ev, s, "quotes");
        contingent_.on_quote(q, out);
        engine_.on_quote(q, out);
        break;
    }
    case kPortTrades: {
        th_trade s;
        engine_.on_trade(as(ev, s, "trades"), out);
        break;
    }
    case kPortBooks: {
        th_book s;
        const th_book& b = as(ev, s, "books");
        if (!book_fits(b)) throw InvalidArgument("exec_algos: port books got a book whose counts exceed its size");
        engine_.on_book(b, out);
        break;
    }
    case kPortExecReports: {
        th_execution_report s;
        const th_execution_report& r = as(ev, s, "exec_reports");
        // A contingent order's own report goes upstream as it is (after what it causes).
        if (contingent_.on_report(r, out)) out.reports.push_back(r);
        else engine_.on_report(r, out);
        break;
    }
    case kPortFills: {
        th_fill s;
        const th_fill& f = as(ev, s, "fills");
        if (contingent_.on_fill(f, out)) out.fills.push_back(f);
        else engine_.on_fill(f, out);
        break;
    }
    case kPortPositions: {
        th_position s;
        engine_.on_position(as(ev, s, "positions"));
        return;
    }
    default:
        throw InvalidArgument("exec_algos: no input port " + std::to_string(port));
    }
    flush(out);
}

void ExecAlgos::flush(Outbox& out) {
    if (out.changed) {
        host_.state_put(kStateKey, encode_state(engine_.saved(), [this](th_instrument id) { return host_.symbol(id); }));
        host_.state_put(kContingentKey, contingent_.encode([this](th_instrument id) { return host_.symbol(id); }));
    }
    for (th_order_request& r : out.children) {
        host_.metric_add(r.action == TH_ORDER_CANCEL ? "child_cancels" : "children", 1);
        if (!host_.publish(kPortOrdersOut, r)) return;
    }
    for (th_fill& f : out.fills)
        if (!host_.publish(kPortParentFills, f)) return;
    for (th_execution_report& r : out.reports) {
        if (r.exec_type == TH_EXEC_NEW) host_.metric_add("parents", 1);
        if (r.exec_type == TH_EXEC_REJECTED) host_.metric_add("parent_rejects", 1);
        if (!host_.publish(kPortReports, r)) return;
    }
}

}  // namespace tradehost::exec_algos
