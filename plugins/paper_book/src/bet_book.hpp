// The paper betting venue's book, without the host: the latest back and lay prices of each
// selection, bets waiting for a price, matched bets waiting for their result, and the cash.
// Backs match when a bookmaker offers the asked odds or more, lays when one asks the lay
// price or less, at most the size on offer where a price has one (an exchange ladder's), so
// a bet can match in parts; results pay back stake x odds (backs), stake net of commission plus the
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
    th_fixed stake = 0;          ///< unmatched: the part still to match; matched: this part's stake
    th_fixed limit = 0;          ///< decimal odds asked
    th_fixed odds = 0;           ///< matched at; 0 while unmatched
    std::string bookmaker;       ///< whose price matched it
    th_time_ns placed = 0, matched = 0;
    // A bet matches in parts against an exchange's sizes: each matched part is a Bet of its
    // own (keyed "<client id>#<n>" in open()), the unmatched rest stays under the client id.
    th_fixed ordered = 0;        ///< what the order asked (qty), for every part
    th_fixed cum = 0;            ///< matched so far over all parts (this one included)
    th_fixed cum_value = 0;      ///< sum of matched stake x odds: avg price = cum_value / cum
    uint32_t fills = 0;          ///< parts matched so far; a part's own number
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
    std::string venue;        ///< whose commission: nets are per venue and market
    std::string market;
    th_fixed net = 0;         ///< the market's PnL before commission (positive: winnings)
    th_fixed commission = 0;  ///< rate x net when net > 0, else 0
};

/// What a settlement did: the bets paid, and the commission of the markets it closed (one
/// per venue whose bets on the selection were the last of their market there).
struct Settled {
    std::vector<Payout> payouts;
    std::vector<Bet> cancelled;  ///< unmatched bets taken off the settled selection
    std::vector<MarketCommission> market_commission;
};

enum class CommissionOn { market, bet };

struct BookSettings {
    th_fixed starting_cash = 0;
    th_fixed commission = 0;  ///< rate on net winnings for venues not in `venue_commission`
    std::map<std::string, th_fixed> venue_commission;  ///< venue (bookmaker) -> rate on its net winnings
    CommissionOn commission_on = CommissionOn::market;
    int64_t max_age_ns = 0;   ///< prices older than this at match time are not taken; 0: any age
    th_fixed rate(const std::string& venue) const {
        auto it = venue_commission.find(venue);
        return it == venue_commission.end() ? commission : it->second;
    }
};

/// Reads 'VENUE RATE' entries (rate on winnings, 0..0.5) into `out`; throws
/// std::invalid_argument naming the entry and what is wrong.
void parse_venue_rates(const std::vector<std::string>& list, std::map<std::string, th_fixed>& out);

/// A matched part of a bet (a fill): the part, and the bet's state after it.
struct Match {
    Bet part;             ///< odds, bookmaker, stake = this fill's size; cum / cum_value after it
    th_fixed leaves = 0;  ///< still unmatched after it (resting, or expired for IOC)
};

class BetBook {
public:
    explicit BetBook(BookSettings s) : s_(s), cash_(s.starting_cash) {}

    /// A price: back (BUY) or lay (SELL) odds of `symbol` at `bookmaker`, with the stake on
    /// offer (`size`, an exchange ladder's; 0: unknown, a bookmaker's, taken whole). Bets
    /// matched against a sized price use it up until the next price replaces it.
    void on_price(const std::string& symbol, const std::string& bookmaker, uint8_t side, th_fixed price, th_time_ns ts,
                  th_fixed size = 0);
    /// The market of `symbol`, for its open bets placed before any price named it.
    void assign_market(const std::string& symbol, const std::string& market);

    /// A new bet: "" with `bet` filled in (venue id; `matches` its fills, best price first;
    /// bet.stake what is left unmatched: resting, or, for FOK/IOC, expired: unmatched_and_done),
    /// or the reject reason. FOK matches whole or not at all; IOC what is on offer.
    std::string place(Bet& bet, th_time_ns now, std::vector<Match>& matches);
    /// Fills of resting (GTC/DAY) bets on `symbol` that the latest prices now match.
    std::vector<Match> match_resting(const std::string& symbol, th_time_ns now);
    /// Cancel a resting bet; "" or the reason it cannot be.
    std::string cancel(const std::string& client_id, Bet& out);
    /// FOK/IOC bets that did not match are taken off the book by place(); this says so.
    bool unmatched_and_done(const Bet& b) const { return b.stake > 0 && (b.tif == TH_TIF_FOK || b.tif == TH_TIF_IOC); }

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
    /// Open bets: unmatched rests by client id, matched parts by "<client id>#<n>".
    const std::map<std::string, Bet>& open() const { return open_; }
    /// Net stake exposure of a selection: backs minus lays, matched and open.
    th_fixed exposure(const std::string& symbol) const;

    std::string encode() const;
    void decode(const std::string& blob);  ///< throws std::runtime_error naming the bad line

private:
    struct Quote {
        th_fixed price = 0;
        th_time_ns ts = 0;
        th_fixed size = 0;  ///< left on offer; 0: unknown (unlimited)
    };
    /// Matches what it can of the unmatched `b` (stake reduced), best price first; FOK whole or nothing.
    std::vector<Match> try_match(Bet& b, th_time_ns now);
    /// try_match, with the parts put in the book and the cash they hold moved.
    void match_into_book(Bet& b, th_time_ns now, std::vector<Match>& matches);

    BookSettings s_;
    th_fixed cash_ = 0;
    uint64_t next_no_ = 1;
    std::map<std::string, std::map<std::string, Quote>> backs_, lays_;  // symbol -> bookmaker -> price
    std::map<std::string, Bet> open_;                                   // by client id
    std::map<std::string, bool> ids_;                                   // every client id seen
    std::map<std::string, th_fixed> market_net_;  // "venue market" -> settled PnL of markets with bets open
};

}  // namespace tradehost::paper_book
