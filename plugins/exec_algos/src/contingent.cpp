#include "contingent.hpp"

#include "schedule.hpp"

#include <tradehost/blob.hpp>

#include <cstring>
#include <vector>

namespace tradehost::exec_algos {

namespace {

template <size_t N> std::string text(const char (&field)[N]) {
    const void* nul = std::memchr(field, '\0', N);
    return std::string(field, nul ? static_cast<size_t>(static_cast<const char*>(nul) - field) : N);
}

/// "G.leg@kind" -> G ("" when there is no '.').
std::string group_of(const std::string& id) {
    const size_t at = id.rfind('@');
    const size_t dot = id.rfind('.', at);
    return dot == std::string::npos ? "" : id.substr(0, dot);
}
std::string leg_of(const std::string& id) {
    const size_t at = id.rfind('@');
    const size_t dot = id.rfind('.', at);
    return dot == std::string::npos ? "" : id.substr(dot + 1, at - dot - 1);
}

th_execution_report upstream(const th_order_request& req, uint8_t type, uint8_t status, const std::string& reason, th_time_ns ts) {
    th_execution_report r = make_event<th_execution_report>(ts);
    r.instrument = req.instrument;
    r.exec_type = type;
    r.status = status;
    r.side = req.side;
    r.order_qty = req.qty;
    r.leaves_qty = status == TH_STATUS_CANCELED || status == TH_STATUS_REJECTED ? 0 : req.qty;
    std::memcpy(r.client_order_id, req.client_order_id, TH_ID_LEN);
    copy_str(r.reason, reason);
    return r;
}

constexpr uint32_t kMagic = 0x4e4f4354;  // "TCON"
constexpr uint32_t kVersion = 1;

}  // namespace

std::optional<ContingentKind> contingent_tag(std::string_view id) noexcept {
    const size_t at = id.rfind('@');
    if (at == std::string_view::npos) return std::nullopt;
    const std::string_view t = id.substr(at + 1);
    if (t == "oco") return ContingentKind::Oco;
    if (t == "oto") return ContingentKind::Oto;
    if (t == "bracket") return ContingentKind::Bracket;
    if (t == "trail") return ContingentKind::Trail;
    return std::nullopt;
}

th_fixed Contingent::tick(th_instrument id) const {
    if (!info_) return 0;
    const auto i = info_(id);
    return i ? i->tick_size : 0;
}

void Contingent::send(Order& o, th_time_ns ts, Outbox& out) {
    o.sent = true;
    th_order_request r = o.req;
    r.hdr = make_event<th_order_request>(ts).hdr;
    out.children.push_back(r);
    out.changed = true;
}

void Contingent::cancel(Order& o, th_time_ns ts, Outbox& out) {
    if (o.done || o.cancel_sent) return;
    if (!o.sent) {  // held here: nothing at the venue to cancel
        o.done = true;
        out.reports.push_back(upstream(o.req, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "", ts));
        out.changed = true;
        return;
    }
    th_order_request r = make_event<th_order_request>(ts);
    r.instrument = o.req.instrument;
    r.side = o.req.side;
    r.order_type = o.req.order_type;
    r.qty = o.req.qty;
    r.action = TH_ORDER_CANCEL;
    const std::string cid = o.id + "x";
    copy_str(r.client_order_id, cid);
    copy_str(r.orig_client_order_id, o.id);
    cancel_ids_[cid] = o.id;
    o.cancel_sent = true;
    out.children.push_back(r);
    out.changed = true;
}

bool Contingent::on_order(const th_order_request& req, Outbox& out) {
    const std::string id = text(req.client_order_id);
    if (req.action == TH_ORDER_CANCEL) {
        auto it = orders_.find(text(req.orig_client_order_id));
        if (it == orders_.end()) return false;
        Order& o = it->second;
        if (o.sent) {
            out.children.push_back(req);  // the venue has it: its answer comes back as usual
        } else {
            cancel(o, req.hdr.ts, out);
        }
        out.changed = true;
        end_group_if_done(o.group);
        return true;
    }
    if (req.action != TH_ORDER_NEW) return false;
    const auto kind = contingent_tag(id);
    if (!kind) return false;
    auto refuse = [&](const std::string& why) {
        out.reports.push_back(rejection_of(req, id, why, req.hdr.ts));
        return true;
    };
    if (orders_.count(id)) return refuse("duplicate client_order_id " + id);
    Order o;
    o.id = id;
    o.kind = *kind;
    o.req = req;
    switch (*kind) {
    case ContingentKind::Oco:
    case ContingentKind::Oto:
        o.group = group_of(id);
        if (o.group.empty() || leg_of(id).empty())
            return refuse(std::string("a contingent leg is named GROUP.LEG@") + (*kind == ContingentKind::Oco ? "oco" : "oto"));
        break;
    case ContingentKind::Bracket:
        if (req.order_type != TH_ORDER_MARKET && req.order_type != TH_ORDER_LIMIT)
            return refuse("a bracket's entry is a market or limit order (stop_px, if set, is its stop-loss)");
        o.group = id;
        o.role = Role::Entry;
        break;
    case ContingentKind::Trail:
        if (req.order_type != TH_ORDER_STOP || req.stop_px <= 0) return refuse("a trailing stop is a STOP order with its first stop_px");
        o.group = id;
        o.role = Role::Trail;
        o.stop_px = req.stop_px;
        break;
    }
    auto [it, _] = orders_.emplace(id, std::move(o));
    Order& n = it->second;
    out.changed = true;
    if (n.kind == ContingentKind::Oto && leg_of(id) != "1") {
        // Wait for leg 1 of the group to fill in full.
        const Order* primary = nullptr;
        for (const auto& [oid, x] : orders_)
            if (x.group == n.group && x.kind == ContingentKind::Oto && leg_of(oid) == "1") primary = &x;
        n.role = Role::Held;
        if (primary && primary->done && primary->cum >= primary->req.qty) {
            send(n, req.hdr.ts, out);
        } else if (primary && primary->done) {
            n.done = true;
            out.reports.push_back(upstream(n.req, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "its OTO leg 1 ended unfilled", req.hdr.ts));
            end_group_if_done(n.group);
        } else {
            out.reports.push_back(upstream(n.req, TH_EXEC_NEW, TH_STATUS_PENDING_NEW, "held until leg 1 fills", req.hdr.ts));
        }
        return true;
    }
    if (n.role == Role::Trail) {
        out.reports.push_back(upstream(n.req, TH_EXEC_NEW, TH_STATUS_NEW, "trailing here", req.hdr.ts));
        return true;
    }
    if (n.role == Role::Entry) n.req.stop_px = 0;  // the entry itself has no stop: stop_px is the bracket's
    send(n, req.hdr.ts, out);
    return true;
}

void Contingent::arm_bracket(Order& entry, th_time_ns ts, Outbox& out) {
    if (entry.cum <= 0) return;
    const th_fixed avg = fixed_div(entry.notional, entry.cum);
    const bool long_entry = entry.req.side == TH_SIDE_BUY;
    const th_fixed t = tick(entry.req.instrument);
    const uint8_t exit_side = long_entry ? TH_SIDE_SELL : TH_SIDE_BUY;
    auto make = [&](Role role) {
        Order x;
        x.id = s_.id_prefix + "-" + std::to_string(session_) + "-k" + std::to_string(next_++);
        x.group = entry.group;
        x.kind = ContingentKind::Bracket;
        x.role = role;
        x.req = make_event<th_order_request>(ts);
        x.req.instrument = entry.req.instrument;
        x.req.action = TH_ORDER_NEW;
        x.req.side = exit_side;
        x.req.qty = entry.cum;
        x.req.tif = TH_TIF_GTC;
        copy_str(x.req.client_order_id, x.id);
        return x;
    };
    if (s_.target_offset > 0) {
        Order tp = make(Role::TakeProfit);
        tp.req.order_type = TH_ORDER_LIMIT;
        tp.req.limit_px = long_entry ? round_tick(avg + s_.target_offset, t, true) : round_tick(avg - s_.target_offset, t, false);
        const std::string tid = tp.id;
        send(orders_.emplace(tid, std::move(tp)).first->second, ts, out);
    }
    const th_fixed stop = entry.req.stop_px > 0 ? entry.req.stop_px
                          : s_.stop_offset > 0
                              ? (long_entry ? round_tick(avg - s_.stop_offset, t, false) : round_tick(avg + s_.stop_offset, t, true))
                              : 0;
    if (stop > 0) {
        Order st = make(Role::Stop);
        st.req.order_type = TH_ORDER_STOP;
        st.req.stop_px = stop;
        st.stop_px = stop;
        const std::string sid = st.id;
        orders_.emplace(sid, std::move(st));  // held: the quotes trigger it
    }
    out.changed = true;
}

void Contingent::trigger(Order& o, th_time_ns ts, Outbox& out) {
    for (auto& [oid, x] : orders_)  // a triggered bracket stop pulls its take-profit
        if (x.group == o.group && x.role == Role::TakeProfit) cancel(x, ts, out);
    o.req.order_type = TH_ORDER_MARKET;
    o.req.stop_px = 0;
    o.req.limit_px = 0;
    o.req.tif = TH_TIF_DAY;
    send(o, ts, out);
}

void Contingent::on_quote(const th_quote& q, Outbox& out) {
    std::vector<std::string> due;
    for (auto& [oid, o] : orders_) {
        if (o.done || o.sent || o.req.instrument != q.instrument) continue;
        if (o.role != Role::Stop && o.role != Role::Trail) continue;
        const bool sell = o.req.side == TH_SIDE_SELL;
        const th_fixed ref = sell ? q.bid_px : q.ask_px;
        if (ref <= 0) continue;
        if (o.role == Role::Trail) {
            const th_fixed t = tick(o.req.instrument);
            if (o.trail == 0) {
                o.trail = sell ? ref - o.stop_px : o.stop_px - ref;
                out.changed = true;
            }
            if (o.trail > 0) {
                const th_fixed follow = sell ? round_tick(ref - o.trail, t, false) : round_tick(ref + o.trail, t, true);
                if (sell ? follow > o.stop_px : follow < o.stop_px) {
                    o.stop_px = follow;
                    out.changed = true;
                }
            }
        }
        if (sell ? ref <= o.stop_px : ref >= o.stop_px) due.push_back(oid);
    }
    for (const std::string& oid : due) trigger(orders_.at(oid), q.hdr.ts, out);
}

bool Contingent::on_fill(const th_fill& f, Outbox& out) {
    auto it = orders_.find(text(f.client_order_id));
    if (it == orders_.end()) return false;
    Order& o = it->second;
    o.cum += f.qty;
    o.notional += fixed_mul(f.px, f.qty);
    out.changed = true;
    const bool full = o.cum >= o.req.qty;
    if (full) o.done = true;
    const std::string group = o.group;
    if (o.kind == ContingentKind::Oco) {
        for (auto& [oid, x] : orders_)
            if (x.group == group && oid != o.id) cancel(x, f.hdr.ts, out);
    } else if (o.kind == ContingentKind::Oto && leg_of(o.id) == "1" && full) {
        for (auto& [oid, x] : orders_)
            if (x.group == group && x.role == Role::Held && !x.sent && !x.done) send(x, f.hdr.ts, out);
    } else if (o.role == Role::Entry && full) {
        arm_bracket(o, f.hdr.ts, out);
    } else if (o.role == Role::TakeProfit) {
        for (auto& [oid, x] : orders_) {  // what the target sold needs no stop any more
            if (x.group != group || x.role != Role::Stop || x.done || x.sent) continue;
            x.req.qty -= f.qty;
            if (x.req.qty <= 0) x.done = true;
        }
    }
    end_group_if_done(group);
    return true;
}

bool Contingent::on_report(const th_execution_report& r, Outbox& out) {
    const std::string id = text(r.client_order_id);
    if (auto c = cancel_ids_.find(id); c != cancel_ids_.end()) {
        const std::string target = c->second;
        cancel_ids_.erase(c);
        if (r.exec_type == TH_EXEC_REJECTED)
            if (auto it = orders_.find(target); it != orders_.end() && !it->second.done) {
                it->second.done = true;  // gone already (filled or never arrived)
                out.changed = true;
                end_group_if_done(it->second.group);
            }
        return false;  // our own cancel's answer: nothing for upstream
    }
    auto it = orders_.find(id);
    if (it == orders_.end()) return false;
    Order& o = it->second;
    const bool terminal = r.exec_type == TH_EXEC_FILL || r.exec_type == TH_EXEC_CANCELED || r.exec_type == TH_EXEC_REJECTED ||
                          r.exec_type == TH_EXEC_EXPIRED;
    if (!terminal) return true;
    o.done = true;
    out.changed = true;
    const std::string group = o.group;
    if (o.kind == ContingentKind::Oto && leg_of(o.id) == "1" && o.cum < o.req.qty) {
        for (auto& [oid, x] : orders_)
            if (x.group == group && x.role == Role::Held && !x.sent && !x.done) {
                x.done = true;
                out.reports.push_back(upstream(x.req, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "its OTO leg 1 ended unfilled", r.hdr.ts));
            }
    } else if (o.role == Role::Entry && o.cum > 0 && o.cum < o.req.qty) {
        arm_bracket(o, r.hdr.ts, out);  // cancelled part-filled: protect what filled
    } else if (o.role == Role::TakeProfit && o.cum < o.req.qty && !o.cancel_sent) {
        // The target went away on its own (expired, cancelled at the venue): the stop stays.
    }
    end_group_if_done(group);
    return true;
}

void Contingent::end_group_if_done(std::string group) {
    for (const auto& [oid, x] : orders_)
        if (x.group == group && !x.done) return;
    for (auto it = orders_.begin(); it != orders_.end();) it = it->second.group == group ? orders_.erase(it) : std::next(it);
}

std::string Contingent::encode(const std::function<std::string(th_instrument)>& symbol) const {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.u64(next_);
    w.u32(static_cast<uint32_t>(orders_.size()));
    for (const auto& [id, o] : orders_) {
        w.str(o.id);
        w.str(o.group);
        w.u8(static_cast<uint8_t>(o.kind));
        w.u8(static_cast<uint8_t>(o.role));
        w.str(symbol(o.req.instrument));
        w.u8(o.req.side);
        w.u8(o.req.order_type);
        w.u8(o.req.tif);
        w.i64(o.req.qty);
        w.i64(o.req.limit_px);
        w.i64(o.req.stop_px);
        w.boolean(o.sent);
        w.boolean(o.done);
        w.boolean(o.cancel_sent);
        w.i64(o.cum);
        w.i64(o.notional);
        w.i64(o.stop_px);
        w.i64(o.trail);
    }
    w.u32(static_cast<uint32_t>(cancel_ids_.size()));
    for (const auto& [k, v] : cancel_ids_) {
        w.str(k);
        w.str(v);
    }
    return w.take();
}

void Contingent::decode(std::string_view blob, const std::function<th_instrument(const std::string&)>& intern) {
    BlobReader r(blob, "exec_algos contingent state");
    if (r.u32() != kMagic) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos contingent state: not a contingent blob");
    if (const uint32_t v = r.u32(); v != kVersion)
        throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos contingent state: unsupported version " + std::to_string(v));
    std::map<std::string, Order> orders;
    std::map<std::string, std::string> cancels;
    const uint64_t next = r.u64();
    for (uint32_t n = r.u32(); n > 0; --n) {
        Order o;
        o.id = r.str();
        o.group = r.str();
        const uint8_t kind = r.u8(), role = r.u8();
        if (kind < 1 || kind > 4 || role < 1 || role > 6)
            throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos contingent state: bad kind or role of " + o.id);
        o.kind = static_cast<ContingentKind>(kind);
        o.role = static_cast<Role>(role);
        o.req = make_event<th_order_request>(0);
        o.req.instrument = intern(r.str());
        o.req.action = TH_ORDER_NEW;
        o.req.side = r.u8();
        o.req.order_type = r.u8();
        o.req.tif = r.u8();
        o.req.qty = r.i64();
        o.req.limit_px = r.i64();
        o.req.stop_px = r.i64();
        copy_str(o.req.client_order_id, o.id);
        o.sent = r.boolean();
        o.done = r.boolean();
        o.cancel_sent = r.boolean();
        o.cum = r.i64();
        o.notional = r.i64();
        o.stop_px = r.i64();
        o.trail = r.i64();
        orders.emplace(o.id, std::move(o));
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        std::string k = r.str();
        cancels[k] = r.str();
    }
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos contingent state: trailing bytes");
    orders_ = std::move(orders);
    cancel_ids_ = std::move(cancels);
    next_ = next;
}

}  // namespace tradehost::exec_algos
