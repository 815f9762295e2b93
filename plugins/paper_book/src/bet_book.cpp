// See bet_book.hpp.
#include "bet_book.hpp"
#include "odds_math.hpp"

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace tradehost::paper_book {

// 128-bit products of fixed-point amounts (a GCC/Clang extension, hence __extension__).
__extension__ typedef __int128 i128;

namespace {

th_fixed mul(th_fixed a, th_fixed b) {  // a x b in fixed point, rounded half away from zero
    const i128 p = static_cast<i128>(a) * b;
    const i128 h = TH_FIXED_SCALE / 2;
    return static_cast<th_fixed>((p >= 0 ? p + h : p - h) / TH_FIXED_SCALE);
}

std::string esc(const std::string& s) {  // fields are tab-separated, one bet per line
    std::string o;
    for (char c : s) o += (c == '\t' || c == '\n') ? ' ' : c;
    return o;
}

}  // namespace

const char* payout_name(uint8_t result, th_fixed score) {
    if (result == TH_SETTLE_VOID) return "void";
    if (score >= TH_FIXED_SCALE) return "won";
    if (score > TH_FIXED_SCALE / 2) return "half won";
    if (score == TH_FIXED_SCALE / 2) return "push";
    if (score > 0) return "half lost";
    return "lost";
}

th_fixed Bet::at_risk() const {
    if (side == TH_SIDE_BUY) return stake;
    return mul(stake, (is_matched() ? odds : limit) - TH_FIXED_SCALE);  // the lay's liability
}

void parse_venue_rates(const std::vector<std::string>& list, std::map<std::string, th_fixed>& out) {
    // The betting plugins' one parser (odds_math); this venue's bound and wording.
    const auto rates = betting::parse_rate_list(
        list, {0.5, true},
        "expected 'VENUE RATE' with the rate on net winnings in 0..0.5, e.g. 'betfair_ex_uk 0.05'");
    for (const auto& [venue, rate] : rates) out[venue] = to_fixed(rate);
}

void BetBook::on_price(const std::string& symbol, const std::string& bookmaker, uint8_t side, th_fixed price, th_time_ns ts,
                       th_fixed size) {
    auto& book = side == TH_SIDE_SELL ? lays_ : backs_;
    book[symbol][bookmaker] = Quote{price, ts, size};
}

void BetBook::assign_market(const std::string& symbol, const std::string& market) {
    for (auto& [id, b] : open_)
        if (b.symbol == symbol && b.market.empty()) b.market = market;
}

std::vector<Match> BetBook::try_match(Bet& b, th_time_ns now) {
    std::vector<Match> out;
    auto& book = b.side == TH_SIDE_BUY ? backs_ : lays_;
    auto it = book.find(b.symbol);
    if (it == book.end() || b.stake <= 0) return out;
    // A back takes any price at or above the one asked, a lay any at or below, best first; the
    // bettor gets the price on offer, as a bookmaker's "accept better odds" and an exchange's
    // matching do. Ties go to the bookmaker first by name, so a replay matches the same way.
    std::vector<std::pair<const std::string*, Quote*>> offers;
    for (auto& [bm, q] : it->second) {
        if (s_.max_age_ns > 0 && now - q.ts > s_.max_age_ns) continue;
        if (b.side == TH_SIDE_BUY ? q.price < b.limit : q.price > b.limit) continue;
        offers.emplace_back(&bm, &q);
    }
    std::stable_sort(offers.begin(), offers.end(), [&](const auto& x, const auto& y) {
        return b.side == TH_SIDE_BUY ? x.second->price > y.second->price : x.second->price < y.second->price;
    });
    if (b.tif == TH_TIF_FOK) {  // whole or nothing: the sizes on offer must cover the stake
        th_fixed avail = 0;
        bool unlimited = false;
        for (const auto& [bm, q] : offers) {
            if (q->size == 0) unlimited = true;
            else avail += q->size;
        }
        if (!unlimited && avail < b.stake) return out;
    }
    std::vector<std::string> used_up;
    for (const auto& [bm, q] : offers) {
        if (b.stake <= 0) break;
        const th_fixed take = q->size == 0 ? b.stake : std::min(b.stake, q->size);
        b.stake -= take;
        b.fills += 1;
        b.cum += take;
        b.cum_value += mul(take, q->price);
        Match m;
        m.part = b;
        m.part.stake = take;
        m.part.odds = q->price;
        m.part.bookmaker = *bm;
        m.part.matched = now;
        m.leaves = b.stake;
        out.push_back(m);
        // What a bet took is gone from the ladder until the exchange publishes the level again.
        if (q->size != 0 && (q->size -= take) == 0) used_up.push_back(*bm);
    }
    for (const std::string& bm : used_up) it->second.erase(bm);
    return out;
}

// The matched parts go into the book under "<client id>#<n>", the rest stays under the
// client id while it rests; the cash held moves from the rest (a lay's liability at the asked
// odds) to the parts (at the odds taken).
void BetBook::match_into_book(Bet& b, th_time_ns now, std::vector<Match>& matches) {
    const th_fixed held = b.at_risk();
    matches = try_match(b, now);
    th_fixed hold = b.at_risk();
    for (const Match& m : matches) {
        open_[b.client_id + "#" + std::to_string(m.part.fills)] = m.part;
        hold += m.part.at_risk();
    }
    cash_ += held - hold;
}

std::string BetBook::place(Bet& b, th_time_ns now, std::vector<Match>& matches) {
    matches.clear();
    if (b.client_id.empty()) return "missing client_order_id";
    if (knows(b.client_id)) return "duplicate client_order_id " + b.client_id;
    if (b.side != TH_SIDE_BUY && b.side != TH_SIDE_SELL) return "invalid side: must be buy or sell";
    if (b.stake <= 0) return "invalid qty: must be > 0";
    if (b.limit <= TH_FIXED_SCALE) return "rejected locally: odds " + format_fixed(b.limit) + " must be above 1";
    ids_[b.client_id] = true;
    b.venue_id = "B" + std::to_string(next_no_++);
    b.placed = now;
    b.ordered = b.stake;
    if (b.at_risk() > cash_)
        return "insufficient funds: " + std::string(b.side == TH_SIDE_BUY ? "stake " : "liability ") + format_fixed(b.at_risk()) +
               " > cash " + format_fixed(cash_);
    cash_ -= b.at_risk();  // the whole bet holds its stake / liability at the asked odds until it matches
    match_into_book(b, now, matches);
    if (b.stake > 0 && !unmatched_and_done(b)) open_[b.client_id] = b;
    else cash_ += b.at_risk();  // an FOK/IOC rest expires: nothing held (0 when all matched)
    return "";
}

std::vector<Match> BetBook::match_resting(const std::string& symbol, th_time_ns now) {
    std::vector<std::string> ids;
    for (const auto& [id, b] : open_)
        if (!b.is_matched() && b.symbol == symbol) ids.push_back(id);
    std::vector<Match> out;
    for (const std::string& id : ids) {
        Bet b = open_.at(id);
        std::vector<Match> got;
        match_into_book(b, now, got);
        if (got.empty()) continue;
        if (b.stake > 0) open_[id] = b;
        else open_.erase(id);
        out.insert(out.end(), got.begin(), got.end());
    }
    return out;
}

std::string BetBook::cancel(const std::string& client_id, Bet& out) {
    auto it = open_.find(client_id);
    if (it == open_.end() || it->second.is_matched()) {
        if (!knows(client_id)) return "unknown order " + client_id;
        // Matched parts are keyed "<id>#<n>": any key in ["<id>#", "<id>$") ('$' follows '#').
        const bool matched = it != open_.end() || open_.lower_bound(client_id + "#") != open_.lower_bound(client_id + "$");
        return "order already done: " + client_id + (matched ? " (matched)" : "");
    }
    cash_ += it->second.at_risk();
    out = it->second;
    open_.erase(it);
    return "";
}

Settled BetBook::settle(const std::string& symbol, uint8_t kind, th_fixed price) {
    Settled out;
    // Commission nets a market at one venue: an exchange's account is not a bookmaker's.
    auto net_key = [](const Bet& b) { return b.bookmaker + " " + (b.market.empty() ? b.event_id : b.market); };
    std::map<std::string, std::pair<std::string, std::string>> touched;  // net key -> venue, market
    for (auto it = open_.begin(); it != open_.end();) {
        Bet& b = it->second;
        if (b.symbol != symbol) {
            ++it;
            continue;
        }
        if (!b.is_matched()) {
            cash_ += b.at_risk();
            out.cancelled.push_back(b);
            it = open_.erase(it);
            continue;
        }
        Payout p;
        p.bet = b;
        const th_fixed risk = b.at_risk();
        if (kind == TH_SETTLE_VOID) {
            p.result = TH_SETTLE_VOID;
            p.returned = risk;
        } else {
            p.result = TH_SETTLE_BET_RESULT;
            // The selection's score (1 won, 0.75 half won, 0.25 half lost, 0 lost) is the part
            // of the stake that won, w = 2p - 1, or lost, l = 1 - 2p; the rest pushed.
            const th_fixed sel = std::clamp<th_fixed>(price, 0, TH_FIXED_SCALE);
            p.score = b.side == TH_SIDE_BUY ? sel : TH_FIXED_SCALE - sel;
            const th_fixed won = std::max<th_fixed>(0, 2 * p.score - TH_FIXED_SCALE);
            const th_fixed lost = std::max<th_fixed>(0, TH_FIXED_SCALE - 2 * p.score);
            p.won = won > 0;
            // A back wins stake x (odds - 1) and loses its stake; a lay wins the backer's stake
            // and loses its liability: each in the part of the bet that won or lost.
            const th_fixed full_win = b.side == TH_SIDE_BUY ? mul(b.stake, b.odds - TH_FIXED_SCALE) : b.stake;
            const th_fixed winnings = mul(full_win, won);
            if (s_.commission_on == CommissionOn::bet) p.commission = mul(winnings, s_.rate(b.bookmaker));
            p.returned = risk - mul(risk, lost) + winnings - p.commission;
        }
        p.pnl = p.returned - risk;
        cash_ += p.returned;
        if (s_.commission_on == CommissionOn::market) {
            const std::string key = net_key(b);
            market_net_[key] += p.pnl;
            touched[key] = {b.bookmaker, b.market.empty() ? b.event_id : b.market};
        }
        out.payouts.push_back(p);
        it = open_.erase(it);
    }
    // A market's last matched bet at a venue settled: its net winnings there pay the venue's
    // commission once, as an exchange charges it (a back and a lay on two runners net each other).
    for (const auto& [key, vm] : touched) {
        bool open = false;
        for (const auto& [id, b] : open_) open = open || (b.is_matched() && net_key(b) == key);
        if (open) continue;
        MarketCommission mc;
        mc.venue = vm.first;
        mc.market = vm.second;
        mc.net = market_net_[key];
        if (mc.net > 0) mc.commission = mul(mc.net, s_.rate(mc.venue));
        cash_ -= mc.commission;
        market_net_.erase(key);
        out.market_commission.push_back(mc);
    }
    return out;
}

th_fixed BetBook::total() const {
    th_fixed t = cash_;
    for (const auto& [id, b] : open_) t += b.at_risk();
    return t;
}

th_fixed BetBook::exposure(const std::string& symbol) const {
    th_fixed e = 0;
    for (const auto& [id, b] : open_)
        if (b.symbol == symbol) e += b.side == TH_SIDE_BUY ? b.stake : -b.stake;
    return e;
}

std::string BetBook::encode() const {
    std::ostringstream o;
    o << "cash\t" << cash_ << '\n' << "next\t" << next_no_ << '\n';
    for (const auto& [id, b] : open_)
        o << "bet\t" << esc(b.client_id) << '\t' << esc(b.venue_id) << '\t' << esc(b.symbol) << '\t' << esc(b.event_id) << '\t'
          << int(b.side) << '\t' << int(b.tif) << '\t' << b.stake << '\t' << b.limit << '\t' << b.odds << '\t' << esc(b.bookmaker)
          << '\t' << b.placed << '\t' << b.matched << '\t' << esc(b.market) << '\t' << esc(id) << '\t' << b.ordered << '\t'
          << b.cum << '\t' << b.cum_value << '\t' << b.fills << '\n';
    for (const auto& [key, net] : market_net_) o << "vnet\t" << esc(key) << '\t' << net << '\n';  // key: "venue market"
    for (const auto& [id, _] : ids_)
        if (!open_.count(id)) o << "id\t" << esc(id) << '\n';
    return o.str();
}

void BetBook::decode(const std::string& blob) {
    BetBook fresh(s_);
    std::istringstream in(blob);
    std::string line;
    size_t n = 0;
    std::vector<std::pair<std::string, th_fixed>> old_nets;  // market -> net, saved without the venue
    while (std::getline(in, line)) {
        ++n;
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string part; std::getline(ls, part, '\t');) f.push_back(part);
        try {
            if (f.size() == 2 && f[0] == "cash") fresh.cash_ = std::stoll(f[1]);
            else if (f.size() == 2 && f[0] == "next") fresh.next_no_ = std::stoull(f[1]);
            else if (f.size() == 2 && f[0] == "id") fresh.ids_[f[1]] = true;
            else if (f.size() == 3 && f[0] == "vnet") fresh.market_net_[f[1]] = std::stoll(f[2]);
            else if (f.size() == 3 && f[0] == "net") old_nets.emplace_back(f[1], std::stoll(f[2]));
            else if ((f.size() == 13 || f.size() == 14 || f.size() == 19) && f[0] == "bet") {
                // 13: saved before markets were kept, 14: before partial fills (one bet, one part)
                Bet b;
                b.client_id = f[1], b.venue_id = f[2], b.symbol = f[3], b.event_id = f[4];
                b.side = static_cast<uint8_t>(std::stoi(f[5]));
                b.tif = static_cast<uint8_t>(std::stoi(f[6]));
                b.stake = std::stoll(f[7]), b.limit = std::stoll(f[8]), b.odds = std::stoll(f[9]);
                b.bookmaker = f[10];
                b.placed = std::stoll(f[11]), b.matched = std::stoll(f[12]);
                if (f.size() >= 14) b.market = f[13];
                std::string key = b.client_id;
                if (f.size() == 19) {
                    key = f[14];
                    b.ordered = std::stoll(f[15]), b.cum = std::stoll(f[16]), b.cum_value = std::stoll(f[17]);
                    b.fills = static_cast<uint32_t>(std::stoul(f[18]));
                } else {
                    b.ordered = b.stake;
                    b.cum = b.is_matched() ? b.stake : 0;
                    b.cum_value = b.is_matched() ? mul(b.stake, b.odds) : 0;
                    b.fills = b.is_matched() ? 1 : 0;
                }
                fresh.open_[key] = b;
                fresh.ids_[b.client_id] = true;
            } else {
                throw std::runtime_error("not a record");
            }
        } catch (const std::exception& e) {
            throw std::runtime_error("saved bets, line " + std::to_string(n) + ": " + e.what());
        }
    }
    // Saved before commission was per venue: a market's net belongs to the venue of its open
    // matched bets (the first one's, if several; before, one rate applied to all of them).
    for (const auto& [market, net] : old_nets) {
        std::string venue;
        for (const auto& [id, b] : fresh.open_)
            if (venue.empty() && b.is_matched() && (b.market.empty() ? b.event_id : b.market) == market) venue = b.bookmaker;
        fresh.market_net_[venue + " " + market] += net;
    }
    fresh.backs_ = std::move(backs_);
    fresh.lays_ = std::move(lays_);
    *this = std::move(fresh);
}

}  // namespace tradehost::paper_book
