// See bet_book.hpp.
#include "bet_book.hpp"

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

void BetBook::on_price(const std::string& symbol, const std::string& bookmaker, uint8_t side, th_fixed price, th_time_ns ts) {
    auto& book = side == TH_SIDE_SELL ? lays_ : backs_;
    book[symbol][bookmaker] = Quote{price, ts};
}

void BetBook::assign_market(const std::string& symbol, const std::string& market) {
    for (auto& [id, b] : open_)
        if (b.symbol == symbol && b.market.empty()) b.market = market;
}

std::optional<std::pair<std::string, th_fixed>> BetBook::best(const Bet& b, th_time_ns now) const {
    const auto& book = b.side == TH_SIDE_BUY ? backs_ : lays_;
    auto it = book.find(b.symbol);
    if (it == book.end()) return std::nullopt;
    std::optional<std::pair<std::string, th_fixed>> out;
    for (const auto& [bm, q] : it->second) {
        if (s_.max_age_ns > 0 && now - q.ts > s_.max_age_ns) continue;
        const bool better = !out || (b.side == TH_SIDE_BUY ? q.price > out->second : q.price < out->second);
        if (better) out = std::make_pair(bm, q.price);
    }
    return out;
}

bool BetBook::try_match(Bet& b, th_time_ns now) {
    const auto p = best(b, now);
    if (!p) return false;
    // A back takes any price at or above the one asked, a lay any at or below; the bettor
    // gets the price on offer, as a bookmaker's "accept better odds" does.
    const bool ok = b.side == TH_SIDE_BUY ? p->second >= b.limit : p->second <= b.limit;
    if (!ok) return false;
    b.odds = p->second;
    b.bookmaker = p->first;
    b.matched = now;
    return true;
}

std::string BetBook::place(Bet& b, th_time_ns now) {
    if (b.client_id.empty()) return "missing client_order_id";
    if (knows(b.client_id)) return "duplicate client_order_id " + b.client_id;
    if (b.side != TH_SIDE_BUY && b.side != TH_SIDE_SELL) return "invalid side: must be buy or sell";
    if (b.stake <= 0) return "invalid qty: must be > 0";
    if (b.limit <= TH_FIXED_SCALE) return "rejected locally: odds " + format_fixed(b.limit) + " must be above 1";
    ids_[b.client_id] = true;
    b.venue_id = "B" + std::to_string(next_no_++);
    b.placed = now;
    if (b.at_risk() > cash_)
        return "insufficient funds: " + std::string(b.side == TH_SIDE_BUY ? "stake " : "liability ") + format_fixed(b.at_risk()) +
               " > cash " + format_fixed(cash_);
    const bool matched = try_match(b, now);
    if (!matched && unmatched_and_done(b)) {
        open_.erase(b.client_id);
        return "";  // the caller reports it expired; nothing is held
    }
    cash_ -= b.at_risk();  // a resting bet holds its stake / liability at the asked odds
    open_[b.client_id] = b;
    return "";
}

std::vector<Bet> BetBook::match_resting(const std::string& symbol, th_time_ns now) {
    std::vector<Bet> out;
    for (auto& [id, b] : open_) {
        if (b.is_matched() || b.symbol != symbol) continue;
        const th_fixed held = b.at_risk();
        if (!try_match(b, now)) continue;
        cash_ += held - b.at_risk();  // a lay matched below its asked price needs less liability
        out.push_back(b);
    }
    return out;
}

std::string BetBook::cancel(const std::string& client_id, Bet& out) {
    auto it = open_.find(client_id);
    if (it == open_.end()) return knows(client_id) ? "order already done: " + client_id : "unknown order " + client_id;
    if (it->second.is_matched()) return "order already done: " + client_id + " (matched)";
    cash_ += it->second.at_risk();
    out = it->second;
    open_.erase(it);
    return "";
}

Settled BetBook::settle(const std::string& symbol, uint8_t kind, th_fixed price) {
    Settled out;
    std::string market;
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
            if (s_.commission_on == CommissionOn::bet) p.commission = mul(winnings, s_.commission);
            p.returned = risk - mul(risk, lost) + winnings - p.commission;
        }
        p.pnl = p.returned - risk;
        cash_ += p.returned;
        if (s_.commission_on == CommissionOn::market) {
            market = b.market.empty() ? b.event_id : b.market;
            market_net_[market] += p.pnl;
        }
        out.payouts.push_back(p);
        it = open_.erase(it);
    }
    // The market's last matched bet settled: its net winnings pay commission once, as an
    // exchange charges it (a back and a lay on two runners of one market net each other).
    if (!market.empty()) {
        bool open = false;
        for (const auto& [id, b] : open_) open = open || (b.is_matched() && (b.market.empty() ? b.event_id : b.market) == market);
        if (!open) {
            MarketCommission mc;
            mc.market = market;
            mc.net = market_net_[market];
            if (mc.net > 0) mc.commission = mul(mc.net, s_.commission);
            cash_ -= mc.commission;
            market_net_.erase(market);
            out.market_commission = mc;
        }
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
          << '\t' << b.placed << '\t' << b.matched << '\t' << esc(b.market) << '\n';
    for (const auto& [market, net] : market_net_) o << "net\t" << esc(market) << '\t' << net << '\n';
    for (const auto& [id, _] : ids_)
        if (!open_.count(id)) o << "id\t" << esc(id) << '\n';
    return o.str();
}

void BetBook::decode(const std::string& blob) {
    BetBook fresh(s_);
    std::istringstream in(blob);
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string part; std::getline(ls, part, '\t');) f.push_back(part);
        try {
            if (f.size() == 2 && f[0] == "cash") fresh.cash_ = std::stoll(f[1]);
            else if (f.size() == 2 && f[0] == "next") fresh.next_no_ = std::stoull(f[1]);
            else if (f.size() == 2 && f[0] == "id") fresh.ids_[f[1]] = true;
            else if (f.size() == 3 && f[0] == "net") fresh.market_net_[f[1]] = std::stoll(f[2]);
            else if ((f.size() == 13 || f.size() == 14) && f[0] == "bet") {  // 13: saved before markets were kept
                Bet b;
                b.client_id = f[1], b.venue_id = f[2], b.symbol = f[3], b.event_id = f[4];
                b.side = static_cast<uint8_t>(std::stoi(f[5]));
                b.tif = static_cast<uint8_t>(std::stoi(f[6]));
                b.stake = std::stoll(f[7]), b.limit = std::stoll(f[8]), b.odds = std::stoll(f[9]);
                b.bookmaker = f[10];
                b.placed = std::stoll(f[11]), b.matched = std::stoll(f[12]);
                if (f.size() == 14) b.market = f[13];
                fresh.open_[b.client_id] = b;
                fresh.ids_[b.client_id] = true;
            } else {
                throw std::runtime_error("not a record");
            }
        } catch (const std::exception& e) {
            throw std::runtime_error("saved bets, line " + std::to_string(n) + ": " + e.what());
        }
    }
    fresh.backs_ = std::move(backs_);
    fresh.lays_ = std::move(lays_);
    *this = std::move(fresh);
}

}  // namespace tradehost::paper_book
