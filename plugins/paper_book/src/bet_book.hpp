// The paper betting venue's book, without the host: the latest back and lay prices of each
// selection, bets waiting for a price, matched bets waiting for their result, and the cash.
// Backs match when a bookmaker offers the asked odds or more, lays when one asks the lay
// price or less; results pay back stake x odds (backs), stake net of commission plus the
// liability (lays), or the stake / liability on a void. Commission is an exchange's: on the
// net winnings of a whole market, charged when its last bet settles (or per winning bet, as
// configured). Amounts are th_fixed, never double.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::paper_book {

struct Bet {
    std::string client_id, venue_id, symbol, event_id;
    std::string market;          ///< event and market key: commission nets the bets of one market
                                 ///< ("" until a price names it; the event id stands in)
    uint8_t side = TH_SIDE_BUY;  ///< BUY = back, SELL = lay
    uint8_t tif = TH_TIF_FOK;
    th_fixed stake = 0;          ///< what the order asked (qty)
    th_fixed limit = 0;          ///< decimal odds asked
    th_fixed odds = 0;           ///< matched at; 0 while unmatched
    std::string bookmaker;       ///< whose price matched it
    th_time_ns placed = 0, matched = 0;
    bool is_matched() const { return odds != 0; }
    /// What the bet holds back from the cash: the stake (back) or the liability (lay).
    th_fixed at_risk() const;
};

/// The result of one settled bet.
/// "won", "half won", "push", "half lost", "lost" for a payout's score, "void" for a void.
const char* payout_name(uint8_t result, th_fixed score);

struct Payout {
    Bet bet;
    uint8_t result = 0;     ///< th_settle_kind: BET_RESULT (won or lost) or VOID
    bool won = false;       ///< the bet won, in full or half
    th_fixed score = 0;     ///< the bet's side of the result: 1 won, 0.75 half won, 0.5 push, 0.25 half lost, 0 lost
    th_fixed returned = 0;  ///< back to the cash
    th_fixed pnl = 0;       ///< returned - at_risk
    th_fixed commission = 0;  ///< per-bet commission (CommissionOn::bet); 0 on a market basis
};

/// Commission on one market's net winnings, charged when its last matched bet settled.
struct MarketCommission {
    std::string market;
    th_fixed net = 0;         ///< the market's PnL before commission (positive: winnings)
    th_fixed commission = 0;  ///< rate x net when net > 0, else 0
};

/// What a settlement did: the bets paid, and the commission of a market it closed.
struct Settled {
    std::vector<Payout> payouts;
    std::vector<Bet> cancelled;  ///< unmatched bets taken off the settled selection
    std::optional<MarketCommission> market_commission;
};

enum class CommissionOn { market, bet };

struct BookSettings {
    th_fixed starting_cash = 0;
    th_fixed commission = 0;  ///< rate on net winnings (exchange style); 0 at bookmakers
    CommissionOn commission_on = CommissionOn::market;
    int64_t max_age_ns = 0;   ///< prices older than this at match time are not taken; 0: any age
};

class BetBook {
public:
    explicit BetBook(BookSettings s) : s_(s), cash_(s.starting_cash) {}

    /// A price: back (BUY) or lay (SELL) odds of `symbol` at `bookmaker`.
    void on_price(const std::string& symbol, const std::string& bookmaker, uint8_t side, th_fixed price, th_time_ns ts);
    /// The market of `symbol`, for its open bets placed before any price named it.
    void assign_market(const std::string& symbol, const std::string& market);

    /// A new bet: "" with `bet` filled in (venue id; matched, resting, or, for FOK/IOC that
    /// found no price, neither: unmatched_and_done), or the reject reason.
    std::string place(Bet& bet, th_time_ns now);
    /// Unmatched bets on `symbol` that the latest prices now match (resting GTC/DAY bets).
    std::vector<Bet> match_resting(const std::string& symbol, th_time_ns now);
    /// Cancel a resting bet; "" or the reason it cannot be.
    std::string cancel(const std::string& client_id, Bet& out);
    /// FOK/IOC bets that did not match are taken off the book by place(); this says so.
    bool unmatched_and_done(const Bet& b) const { return !b.is_matched() && (b.tif == TH_TIF_FOK || b.tif == TH_TIF_IOC); }

    /// The selection's result: resolved at `price` (1 won, 0 lost; an Asian quarter line's
    /// 0.75 half won and 0.25 half lost: half the stake won or lost, the other half pushed) or
    /// void. Settles every
    /// matched bet on it and cancels the unmatched ones. When that leaves no matched bet of
    /// the market open, a market-basis commission on its net winnings is taken from the cash.
    Settled settle(const std::string& symbol, uint8_t kind, th_fixed price);

    th_fixed cash() const { return cash_; }
    /// Cash plus what open bets hold: the bankroll.
    th_fixed total() const;
    bool knows(const std::string& client_id) const { return ids_.count(client_id) != 0; }
    const std::map<std::string, Bet>& open() const { return open_; }
    /// Net stake exposure of a selection: backs minus lays, matched and open.
    th_fixed exposure(const std::string& symbol) const;

    std::string encode() const;
    void decode(const std::string& blob);  ///< throws std::runtime_error naming the bad line

private:
    struct Quote {
        th_fixed price = 0;
        th_time_ns ts = 0;
    };
    /// The best price for `b` now: the highest back or the lowest lay across bookmakers.
    std::optional<std::pair<std::string, th_fixed>> best(const Bet& b, th_time_ns now) const;
    bool try_match(Bet& b, th_time_ns now);

    BookSettings s_;
    th_fixed cash_ = 0;
    uint64_t next_no_ = 1;
    std::map<std::string, std::map<std::string, Quote>> backs_, lays_;  // symbol -> bookmaker -> price
    std::map<std::string, Bet> open_;                                   // by client id
    std::map<std::string, bool> ids_;                                   // every client id seen
    std::map<std::string, th_fixed> market_net_;                        // settled PnL of markets with bets open
};

}  // namespace tradehost::paper_book
