// decode_bench: venue payloads (bench/data, from the venues' documentation) decoded into our
// structs three ways, side by side in one run, one message per iteration:
//
//   .../Adapter     the adapter's own decoder (plugins/<venue>/src), on the venue kit's
//                   simdjson On-Demand Decoder with exact fixed-point conversion
//   .../Simdjson    simdjson On-Demand used directly, the same fields into the same struct
//                   (numbers through double, as a direct user would), the peer of the decoding goal
//   .../Nlohmann    nlohmann::json DOM, the same fields
//
// Goal: Adapter within 2x of Simdjson per message.
#include "alpaca/src/parse.hpp"
#include "exchange/src/dialect.hpp"
#include "exchange/src/registry.hpp"
#include "oanda/src/parse.hpp"
#ifdef DECODE_BENCH_ODDS_API
#include "odds_api/src/parse.hpp"
#endif
#ifdef DECODE_BENCH_POLYMARKET
#include "polymarket/src/market_parse.hpp"
#endif

#ifdef DECODE_BENCH_BETFAIR
#include "betfair/src/esa_cache.hpp"
#include "betfair/src/esa_protocol.hpp"
#endif

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace {

namespace ex = tradehost::exchange;
namespace vj = tradehost::venue::json;
using simdjson::ondemand::object;

std::string load(const char* name) {
    std::ifstream f(std::string(BENCH_DATA_DIR) + "/" + name);
    if (!f) {
        std::fprintf(stderr, "decode_bench: cannot read %s/%s\n", BENCH_DATA_DIR, name);
        std::exit(1);
    }
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

th_fixed fx(double v) { return tradehost::to_fixed(v); }
th_fixed fx_text(std::string_view s) { return fx(std::strtod(std::string(s).c_str(), nullptr)); }

// A message as it arrives (an unpadded std::string) copied into one reused padded buffer,
// which is what On-Demand needs and what the venue kit's Decoder does too: the peer pays the
// same copy, no allocation.
class Padded {
public:
    explicit Padded(std::size_t cap) : buf_(new char[cap + simdjson::SIMDJSON_PADDING]), cap_(cap) {}
    simdjson::padded_string_view view(const std::string& msg) {
        if (msg.size() > cap_) std::abort();
        std::memcpy(buf_.get(), msg.data(), msg.size());
        return simdjson::padded_string_view(buf_.get(), msg.size(), cap_ + simdjson::SIMDJSON_PADDING);
    }

private:
    std::unique_ptr<char[]> buf_;
    std::size_t cap_;
};

const ex::Dialect& binance() {
    static std::unique_ptr<ex::Dialect> d = ex::make_binance_dialect();
    return *d;
}

// Runs `decode` on the payload once per iteration and reports bytes/s and ns per message.
template <class F> void run(benchmark::State& st, const std::string& payload, F&& decode) {
    for (auto _ : st) benchmark::DoNotOptimize(decode(payload));
    st.SetBytesProcessed(static_cast<int64_t>(payload.size()) * st.iterations());
    st.counters["ns_per_msg"] = benchmark::Counter(static_cast<double>(st.iterations()),
                                                   benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// ---- Alpaca stream quote -> th_quote -----------------------------------------------------
const std::string& alpaca_quote() { static std::string s = load("alpaca_stream_quote.json"); return s; }

void BM_Decode_AlpacaQuote_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    std::vector<tradehost::alpaca::DataMessage> msgs;  // reused, as the data stream does
    run(st, alpaca_quote(), [&](const std::string& p) {
        tradehost::alpaca::parse_data_messages(dec, p, msgs);
        return tradehost::alpaca::to_quote(msgs.front(), 1, 100 * TH_FIXED_SCALE);
    });
}
void BM_Decode_AlpacaQuote_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    run(st, alpaca_quote(), [&](const std::string& p) {
        th_quote q = tradehost::make_event<th_quote>();
        auto doc = parser.iterate(buf.view(p));
        for (object o : doc.get_array()) {
            q.instrument = 1;
            q.bid_px = fx(double(o["bp"]));
            q.bid_qty = fx(double(o["bs"]) * 100);
            q.ask_px = fx(double(o["ap"]));
            q.ask_qty = fx(double(o["as"]) * 100);
            q.hdr.ts = vj::parse_rfc3339_ns(std::string_view(o["t"])).value_or(0);
        }
        return q;
    });
}
void BM_Decode_AlpacaQuote_Nlohmann(benchmark::State& st) {
    run(st, alpaca_quote(), [&](const std::string& p) {
        th_quote q = tradehost::make_event<th_quote>();
        auto j = nlohmann::json::parse(p);
        const auto& o = j.at(0);
        q.instrument = 1;
        q.bid_px = fx(o.at("bp").get<double>());
        q.bid_qty = fx(o.at("bs").get<double>() * 100);
        q.ask_px = fx(o.at("ap").get<double>());
        q.ask_qty = fx(o.at("as").get<double>() * 100);
        q.hdr.ts = vj::parse_rfc3339_ns(o.at("t").get_ref<const std::string&>()).value_or(0);
        return q;
    });
}

// ---- Binance bookTicker (combined stream) -> Ticker --------------------------------------
const std::string& bn_book() { static std::string s = load("binance_stream_bookTicker.json"); return s; }

void BM_Decode_BinanceBookTicker_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    ex::MarketMessage m;  // reused, as the market data stream does
    run(st, bn_book(), [&](const std::string& p) {
        m.clear();
        binance().read_market_message(dec, p, m);
        return m.tickers.front().bid_px;
    });
}
void BM_Decode_BinanceBookTicker_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    run(st, bn_book(), [&](const std::string& p) {
        ex::Ticker t;
        auto doc = parser.iterate(buf.view(p));
        object d = doc["data"];
        t.symbol = std::string_view(d["s"]);
        t.bid_px = fx(d["b"].get_double_in_string());
        t.bid_qty = fx(d["B"].get_double_in_string());
        t.ask_px = fx(d["a"].get_double_in_string());
        t.ask_qty = fx(d["A"].get_double_in_string());
        return t;
    });
}
void BM_Decode_BinanceBookTicker_Nlohmann(benchmark::State& st) {
    run(st, bn_book(), [&](const std::string& p) {
        ex::Ticker t;
        auto j = nlohmann::json::parse(p);
        const auto& d = j.at("data");
        t.symbol = d.at("s").get<std::string>();
        t.bid_px = fx_text(d.at("b").get_ref<const std::string&>());
        t.bid_qty = fx_text(d.at("B").get_ref<const std::string&>());
        t.ask_px = fx_text(d.at("a").get_ref<const std::string&>());
        t.ask_qty = fx_text(d.at("A").get_ref<const std::string&>());
        return t;
    });
}

// ---- Binance trade (combined stream) -> PublicTrade --------------------------------------
const std::string& bn_trade() { static std::string s = load("binance_stream_trade.json"); return s; }

void BM_Decode_BinanceTrade_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    ex::MarketMessage m;  // reused, as the market data stream does
    run(st, bn_trade(), [&](const std::string& p) {
        m.clear();
        binance().read_market_message(dec, p, m);
        return m.trades.front().px;
    });
}
void BM_Decode_BinanceTrade_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    run(st, bn_trade(), [&](const std::string& p) {
        ex::PublicTrade t;
        auto doc = parser.iterate(buf.view(p));
        object d = doc["data"];
        t.symbol = std::string_view(d["s"]);
        t.trade_id = std::to_string(int64_t(d["t"]));
        t.px = fx(d["p"].get_double_in_string());
        t.qty = fx(d["q"].get_double_in_string());
        t.ts_ns = int64_t(d["T"]) * 1000000;
        t.aggressor = bool(d["m"]) ? TH_SIDE_SELL : TH_SIDE_BUY;
        return t;
    });
}
void BM_Decode_BinanceTrade_Nlohmann(benchmark::State& st) {
    run(st, bn_trade(), [&](const std::string& p) {
        ex::PublicTrade t;
        auto j = nlohmann::json::parse(p);
        const auto& d = j.at("data");
        t.symbol = d.at("s").get<std::string>();
        t.trade_id = std::to_string(d.at("t").get<int64_t>());
        t.px = fx_text(d.at("p").get_ref<const std::string&>());
        t.qty = fx_text(d.at("q").get_ref<const std::string&>());
        t.ts_ns = d.at("T").get<int64_t>() * 1000000;
        t.aggressor = d.at("m").get<bool>() ? TH_SIDE_SELL : TH_SIDE_BUY;
        return t;
    });
}

// ---- Binance order acknowledgement (REST) -> OrderState ----------------------------------
const std::string& bn_ack() { static std::string s = load("binance_order_ack.json"); return s; }

uint8_t bn_status(std::string_view s) {
    if (s == "NEW") return TH_STATUS_NEW;
    if (s == "PARTIALLY_FILLED") return TH_STATUS_PARTIALLY_FILLED;
    if (s == "FILLED") return TH_STATUS_FILLED;
    if (s == "CANCELED") return TH_STATUS_CANCELED;
    if (s == "EXPIRED") return TH_STATUS_EXPIRED;
    return TH_STATUS_REJECTED;
}

void BM_Decode_BinanceOrderAck_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    run(st, bn_ack(), [&](const std::string& p) { return binance().parse_order(dec, p); });
}
void BM_Decode_BinanceOrderAck_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    run(st, bn_ack(), [&](const std::string& p) {
        ex::OrderState o;
        auto doc = parser.iterate(buf.view(p));
        object d = doc.get_object();
        o.symbol = std::string_view(d["symbol"]);
        o.venue_order_id = std::to_string(int64_t(d["orderId"]));
        o.client_order_id = std::string_view(d["clientOrderId"]);
        o.ts_ns = int64_t(d["transactTime"]) * 1000000;
        o.price = fx(d["price"].get_double_in_string());
        o.order_qty = fx(d["origQty"].get_double_in_string());
        o.executed_qty = fx(d["executedQty"].get_double_in_string());
        o.cum_quote = fx(d["cummulativeQuoteQty"].get_double_in_string());
        o.status = bn_status(std::string_view(d["status"]));
        o.side = std::string_view(d["side"]) == "BUY" ? TH_SIDE_BUY : TH_SIDE_SELL;
        return o;
    });
}
void BM_Decode_BinanceOrderAck_Nlohmann(benchmark::State& st) {
    run(st, bn_ack(), [&](const std::string& p) {
        ex::OrderState o;
        auto d = nlohmann::json::parse(p);
        o.symbol = d.at("symbol").get<std::string>();
        o.venue_order_id = std::to_string(d.at("orderId").get<int64_t>());
        o.client_order_id = d.at("clientOrderId").get<std::string>();
        o.ts_ns = d.at("transactTime").get<int64_t>() * 1000000;
        o.price = fx_text(d.at("price").get_ref<const std::string&>());
        o.order_qty = fx_text(d.at("origQty").get_ref<const std::string&>());
        o.executed_qty = fx_text(d.at("executedQty").get_ref<const std::string&>());
        o.cum_quote = fx_text(d.at("cummulativeQuoteQty").get_ref<const std::string&>());
        o.status = bn_status(d.at("status").get_ref<const std::string&>());
        o.side = d.at("side").get_ref<const std::string&>() == "BUY" ? TH_SIDE_BUY : TH_SIDE_SELL;
        return o;
    });
}

// ---- Binance order book (REST depth) -> OrderBook ----------------------------------------
const std::string& bn_depth() { static std::string s = load("binance_depth.json"); return s; }

void BM_Decode_BinanceDepth_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    run(st, bn_depth(), [&](const std::string& p) { return binance().parse_order_book(dec, "BNBBTC", p); });
}
void BM_Decode_BinanceDepth_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    run(st, bn_depth(), [&](const std::string& p) {
        ex::OrderBook b;
        b.symbol = "BNBBTC";
        auto doc = parser.iterate(buf.view(p));
        object d = doc.get_object();
        b.update_id = int64_t(d["lastUpdateId"]);
        for (auto side : {"bids", "asks"}) {
            auto& out = side[0] == 'b' ? b.bids : b.asks;
            for (simdjson::ondemand::array lvl : d[side].get_array()) {
                auto it = lvl.begin();
                ex::BookLevel l;
                l.px = fx((*it).get_double_in_string());
                ++it;
                l.qty = fx((*it).get_double_in_string());
                out.push_back(l);
            }
        }
        return b;
    });
}
void BM_Decode_BinanceDepth_Nlohmann(benchmark::State& st) {
    run(st, bn_depth(), [&](const std::string& p) {
        ex::OrderBook b;
        b.symbol = "BNBBTC";
        auto d = nlohmann::json::parse(p);
        b.update_id = d.at("lastUpdateId").get<int64_t>();
        for (auto side : {"bids", "asks"}) {
            auto& out = side[0] == 'b' ? b.bids : b.asks;
            for (const auto& lvl : d.at(side))
                out.push_back({fx_text(lvl.at(0).get_ref<const std::string&>()), fx_text(lvl.at(1).get_ref<const std::string&>())});
        }
        return b;
    });
}

// ---- OANDA pricing stream PRICE line (4-level book) -> th_quote ---------------------------
const std::string& oanda_price() { static std::string s = load("oanda_pricing_price.json"); return s; }

void BM_Decode_OandaPrice_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    tradehost::oanda::StreamLine line;  // reused, as the pricing stream does
    run(st, oanda_price(), [&](const std::string& p) {
        tradehost::oanda::parse_stream_line(dec, p, line);
        return tradehost::oanda::to_quote(line.price, 1);
    });
}
void BM_Decode_OandaPrice_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    run(st, oanda_price(), [&](const std::string& p) {
        th_quote q = tradehost::make_event<th_quote>();
        auto doc = parser.iterate(buf.view(p));
        object d = doc.get_object();
        q.instrument = 1;
        // Fields in document order, as a direct user would read this message.
        for (object lvl : d["asks"].get_array()) {
            if (q.ask_px == 0) {
                q.ask_px = fx(lvl["price"].get_double_in_string());
                q.ask_qty = fx(double(lvl["liquidity"]));
            }
        }
        for (object lvl : d["bids"].get_array()) {
            if (q.bid_px == 0) {
                q.bid_px = fx(lvl["price"].get_double_in_string());
                q.bid_qty = fx(double(lvl["liquidity"]));
            }
        }
        q.hdr.ts = vj::parse_rfc3339_ns(std::string_view(d["time"])).value_or(0);
        return q;
    });
}
void BM_Decode_OandaPrice_Nlohmann(benchmark::State& st) {
    run(st, oanda_price(), [&](const std::string& p) {
        th_quote q = tradehost::make_event<th_quote>();
        auto d = nlohmann::json::parse(p);
        q.instrument = 1;
        const auto& a = d.at("asks").at(0);
        const auto& b = d.at("bids").at(0);
        q.ask_px = fx_text(a.at("price").get_ref<const std::string&>());
        q.ask_qty = fx(a.at("liquidity").get<double>());
        q.bid_px = fx_text(b.at("price").get_ref<const std::string&>());
        q.bid_qty = fx(b.at("liquidity").get<double>());
        q.hdr.ts = vj::parse_rfc3339_ns(d.at("time").get_ref<const std::string&>()).value_or(0);
        return q;
    });
}


#ifdef DECODE_BENCH_ODDS_API
// ---- The Odds API GET /v4/sports/{sport}/odds (2 events, 4 bookmakers, 16 prices) -> rows ---
// One poll's whole response per iteration; every price becomes a row with its event,
// bookmaker, market, outcome, line and time. Rows and their strings are reused.
const std::string& odds_api_odds() { static std::string s = load("odds_api_odds.json"); return s; }
namespace oa = tradehost::odds_api;

th_fixed checksum(const std::vector<oa::OddsRow>& rows) { return rows.empty() ? 0 : rows.back().price + th_fixed(rows.size()); }

void BM_Decode_OddsApiOdds_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    std::vector<oa::OddsRow> rows;
    run(st, odds_api_odds(), [&](const std::string& p) {
        oa::parse_odds(dec, p, oa::OddsFormat::Decimal, rows);
        return checksum(rows);
    });
}
void BM_Decode_OddsApiOdds_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    std::vector<oa::OddsRow> rows;
    run(st, odds_api_odds(), [&](const std::string& p) {
        rows.clear();
        auto doc = parser.iterate(buf.view(p));
        for (object ev : doc.get_array()) {
            oa::OddsRow base;
            // Fields in document order, as a direct user would read this response.
            for (auto f : ev) {
                const std::string_view k = f.unescaped_key();
                if (k == "id") base.event_id = std::string_view(f.value());
                else if (k == "sport_key") base.sport_key = std::string_view(f.value());
                else if (k == "home_team") base.home_team = std::string_view(f.value());
                else if (k == "away_team") base.away_team = std::string_view(f.value());
                else if (k == "commence_time") base.commence_ns = vj::parse_rfc3339_ns(std::string_view(f.value())).value_or(0);
                else if (k == "bookmakers") {
                    for (object b : f.value().get_array()) {
                        oa::OddsRow bb = base;
                        for (auto bf : b) {
                            const std::string_view bk = bf.unescaped_key();
                            if (bk == "key") bb.bookmaker = std::string_view(bf.value());
                            else if (bk == "last_update") bb.last_update_ns = vj::parse_rfc3339_ns(std::string_view(bf.value())).value_or(0);
                            else if (bk == "markets") {
                                for (object m : bf.value().get_array()) {
                                    oa::OddsRow mb = bb;
                                    for (auto mf : m) {
                                        const std::string_view mk = mf.unescaped_key();
                                        if (mk == "key") mb.market_key = std::string_view(mf.value());
                                        else if (mk == "last_update") mb.last_update_ns = vj::parse_rfc3339_ns(std::string_view(mf.value())).value_or(0);
                                        else if (mk == "outcomes") {
                                            for (object o : mf.value().get_array()) {
                                                oa::OddsRow r = mb;
                                                for (auto of : o) {
                                                    const std::string_view ok = of.unescaped_key();
                                                    if (ok == "name") r.outcome = std::string_view(of.value());
                                                    else if (ok == "price") r.price = fx(double(of.value()));
                                                    else if (ok == "point") r.point = fx(double(of.value())), r.has_point = true;
                                                }
                                                rows.push_back(std::move(r));
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return checksum(rows);
    });
}
void BM_Decode_OddsApiOdds_Nlohmann(benchmark::State& st) {
    std::vector<oa::OddsRow> rows;
    run(st, odds_api_odds(), [&](const std::string& p) {
        rows.clear();
        const auto d = nlohmann::json::parse(p);
        for (const auto& ev : d) {
            oa::OddsRow base;
            base.event_id = ev.at("id").get<std::string>();
            base.sport_key = ev.at("sport_key").get<std::string>();
            base.home_team = ev.at("home_team").get<std::string>();
            base.away_team = ev.at("away_team").get<std::string>();
            base.commence_ns = vj::parse_rfc3339_ns(ev.at("commence_time").get_ref<const std::string&>()).value_or(0);
            for (const auto& b : ev.at("bookmakers")) {
                oa::OddsRow bb = base;
                bb.bookmaker = b.at("key").get<std::string>();
                bb.last_update_ns = vj::parse_rfc3339_ns(b.at("last_update").get_ref<const std::string&>()).value_or(0);
                for (const auto& m : b.at("markets")) {
                    oa::OddsRow mb = bb;
                    mb.market_key = m.at("key").get<std::string>();
                    if (m.contains("last_update"))
                        mb.last_update_ns = vj::parse_rfc3339_ns(m.at("last_update").get_ref<const std::string&>()).value_or(0);
                    for (const auto& o : m.at("outcomes")) {
                        oa::OddsRow r = mb;
                        r.outcome = o.at("name").get<std::string>();
                        r.price = fx(o.at("price").get<double>());
                        if (o.contains("point")) r.point = fx(o.at("point").get<double>()), r.has_point = true;
                        rows.push_back(std::move(r));
                    }
                }
            }
        }
        return checksum(rows);
    });
}
#endif

#ifdef DECODE_BENCH_POLYMARKET
// ---- Polymarket market channel `book` and `price_change` (the docs' payloads) -> levels ----
// One message per iteration into reused vectors: the book's levels, or each change's token,
// side, price and size. The peers read the same fields from the same text.
const std::string& pm_book() { static std::string s = load("polymarket_book.json"); return s; }
const std::string& pm_change() { static std::string s = load("polymarket_price_change.json"); return s; }
namespace pm = tradehost::polymarket;

th_fixed pm_sum(const std::vector<pm::MarketMessage>& m) {
    th_fixed s = 0;
    for (const auto& x : m) {
        for (const auto& l : x.bids) s += l.px + l.qty;
        for (const auto& l : x.asks) s += l.px + l.qty;
        for (const auto& c : x.changes) s += c.px + c.qty;
    }
    return s;
}
void BM_Decode_PolymarketBook_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    std::vector<pm::MarketMessage> msgs;
    run(st, pm_book(), [&](const std::string& p) {
        pm::read_market_frame(dec, p, msgs);
        return pm_sum(msgs);
    });
}
void BM_Decode_PolymarketBook_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    std::vector<pm::MarketMessage> msgs(1);
    run(st, pm_book(), [&](const std::string& p) {
        pm::MarketMessage& m = msgs[0];
        m.bids.clear();
        m.asks.clear();
        auto doc = parser.iterate(buf.view(p));
        for (auto f : doc.get_object()) {
            const std::string_view k = f.unescaped_key();
            if (k == "asset_id") m.asset_id = std::string_view(f.value());
            else if (k == "market") m.market = std::string_view(f.value());
            else if (k == "bids" || k == "asks") {
                auto& side = k == "bids" ? m.bids : m.asks;
                for (object l : f.value().get_array())
                    side.push_back({vj::fixed_from(l["price"]).value_or(0), vj::fixed_from(l["size"]).value_or(0)});
            }
        }
        return pm_sum(msgs);
    });
}
void BM_Decode_PolymarketBook_Nlohmann(benchmark::State& st) {
    std::vector<pm::MarketMessage> msgs(1);
    run(st, pm_book(), [&](const std::string& p) {
        pm::MarketMessage& m = msgs[0];
        m.bids.clear();
        m.asks.clear();
        const auto d = nlohmann::json::parse(p);
        m.asset_id = d.at("asset_id").get<std::string>();
        m.market = d.at("market").get<std::string>();
        for (const auto& l : d.at("bids"))
            m.bids.push_back({fx_text("0" + l.at("price").get<std::string>()), fx_text(l.at("size").get<std::string>())});
        for (const auto& l : d.at("asks"))
            m.asks.push_back({fx_text("0" + l.at("price").get<std::string>()), fx_text(l.at("size").get<std::string>())});
        return pm_sum(msgs);
    });
}
void BM_Decode_PolymarketPriceChange_Adapter(benchmark::State& st) {
    vj::Decoder dec;
    std::vector<pm::MarketMessage> msgs;
    run(st, pm_change(), [&](const std::string& p) {
        pm::read_market_frame(dec, p, msgs);
        return pm_sum(msgs);
    });
}
void BM_Decode_PolymarketPriceChange_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    std::vector<pm::MarketMessage> msgs(1);
    run(st, pm_change(), [&](const std::string& p) {
        pm::MarketMessage& m = msgs[0];
        m.changes.clear();
        auto doc = parser.iterate(buf.view(p));
        for (auto f : doc.get_object()) {
            if (f.unescaped_key().value() != "price_changes") continue;
            for (object c : f.value().get_array()) {
                pm::PriceChange pc;
                for (auto cf : c) {
                    const std::string_view ck = cf.unescaped_key();
                    if (ck == "asset_id") pc.asset_id = std::string_view(cf.value());
                    else if (ck == "price") pc.px = vj::fixed_from(cf.value()).value_or(0);
                    else if (ck == "size") pc.qty = vj::fixed_from(cf.value()).value_or(0);
                    else if (ck == "side") pc.buy = std::string_view(cf.value()) == "BUY";
                }
                m.changes.push_back(std::move(pc));
            }
        }
        return pm_sum(msgs);
    });
}
void BM_Decode_PolymarketPriceChange_Nlohmann(benchmark::State& st) {
    std::vector<pm::MarketMessage> msgs(1);
    run(st, pm_change(), [&](const std::string& p) {
        pm::MarketMessage& m = msgs[0];
        m.changes.clear();
        const auto d = nlohmann::json::parse(p);
        for (const auto& c : d.at("price_changes")) {
            pm::PriceChange pc;
            pc.asset_id = c.at("asset_id").get<std::string>();
            pc.px = fx_text(c.at("price").get<std::string>());
            pc.qty = fx_text(c.at("size").get<std::string>());
            pc.buy = c.at("side").get<std::string>() == "BUY";
            m.changes.push_back(std::move(pc));
        }
        return pm_sum(msgs);
    });
}
#endif

#ifdef DECODE_BENCH_BETFAIR
// ---- Betfair ESA `mcm` (a delta of a three-runner market) -> books ----
// Ours: esa::parse (the envelope: op, ct, clocks, segment) and MarketCache::apply, which puts
// every atb/atl pair into the runner's venue::Book and turns trd totals into trade sizes; it
// is built on nlohmann, so it costs the nlohmann parse plus the book updates. The peers read
// the same fields (op, clk, ct, each runner's id, atb/atl/trd pairs, ltp, tv) into vectors.
const std::string& esa_mcm() { static std::string s = load("betfair_esa_mcm.json"); return s; }
namespace esa = tradehost::betfair::esa;

struct EsaRunner {
    int64_t id = 0;
    std::vector<tradehost::venue::BookLevel> atb, atl, trd;
    th_fixed ltp = 0, tv = 0;
};
th_fixed esa_sum(const std::vector<EsaRunner>& rs) {
    th_fixed s = 0;
    for (const auto& r : rs) {
        for (const auto* v : {&r.atb, &r.atl, &r.trd})
            for (const auto& l : *v) s += l.px + l.qty;
        s += r.ltp + r.tv;
    }
    return s;
}
void BM_Decode_BetfairEsaMcm_Adapter(benchmark::State& st) {
    esa::MarketCache cache;
    std::string why;
    run(st, esa_mcm(), [&](const std::string& p) {
        auto m = esa::parse(p, why);
        const auto ch = cache.apply(m->body["mc"]);
        th_fixed s = 0;
        for (const auto& r : ch.runners) {
            const auto* rr = cache.runner(r.market_id, r.selection_id, r.handicap);
            if (auto b = rr->full.best_bid()) s += b->px + b->qty;
            if (auto a = rr->full.best_ask()) s += a->px + a->qty;
            for (const auto& t : r.trades) s += t.px + t.qty;
            s += rr->ltp + rr->tv;
        }
        return s;
    });
}
void BM_Decode_BetfairEsaMcm_Simdjson(benchmark::State& st) {
    simdjson::ondemand::parser parser;
    Padded buf(65536);
    std::vector<EsaRunner> rs;
    std::string clk, ct;
    run(st, esa_mcm(), [&](const std::string& p) {
        rs.clear();
        auto doc = parser.iterate(buf.view(p));
        for (auto f : doc.get_object()) {
            const std::string_view k = f.unescaped_key();
            if (k == "clk") clk = std::string_view(f.value());
            else if (k == "ct") ct = std::string_view(f.value());
            else if (k == "mc") {
                for (object m : f.value().get_array()) {
                    for (auto mf : m) {
                        if (mf.unescaped_key() != std::string_view("rc")) continue;
                        for (object rc : mf.value().get_array()) {
                            EsaRunner& r = rs.emplace_back();
                            for (auto rf : rc) {
                                const std::string_view rk = rf.unescaped_key();
                                if (rk == "id") r.id = int64_t(rf.value());
                                else if (rk == "ltp") r.ltp = fx(double(rf.value()));
                                else if (rk == "tv") r.tv = fx(double(rf.value()));
                                else if (rk == "atb" || rk == "atl" || rk == "trd") {
                                    auto& v = rk == "atb" ? r.atb : rk == "atl" ? r.atl : r.trd;
                                    for (auto row : rf.value().get_array()) {
                                        auto it = row.get_array().begin();
                                        const double px = double(*it);
                                        ++it;
                                        v.push_back({fx(px), fx(double(*it))});
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return esa_sum(rs);
    });
}
void BM_Decode_BetfairEsaMcm_Nlohmann(benchmark::State& st) {
    std::vector<EsaRunner> rs;
    std::string clk, ct;
    run(st, esa_mcm(), [&](const std::string& p) {
        rs.clear();
        const auto d = nlohmann::json::parse(p);
        clk = d.value("clk", "");
        ct = d.value("ct", "");
        for (const auto& m : d.at("mc"))
            for (const auto& rc : m.at("rc")) {
                EsaRunner& r = rs.emplace_back();
                r.id = rc.at("id").get<int64_t>();
                r.ltp = fx(rc.value("ltp", 0.0));
                r.tv = fx(rc.value("tv", 0.0));
                for (const char* k : {"atb", "atl", "trd"}) {
                    auto& v = k[0] == 't' ? r.trd : k[2] == 'b' ? r.atb : r.atl;
                    if (auto it = rc.find(k); it != rc.end())
                        for (const auto& row : *it) v.push_back({fx(row[0].get<double>()), fx(row[1].get<double>())});
                }
            }
        return esa_sum(rs);
    });
}
#endif

}  // namespace

#define DECODE_CASE(name)                   \
    BENCHMARK(BM_Decode_##name##_Adapter);  \
    BENCHMARK(BM_Decode_##name##_Simdjson); \
    BENCHMARK(BM_Decode_##name##_Nlohmann)

DECODE_CASE(AlpacaQuote);
DECODE_CASE(BinanceBookTicker);
DECODE_CASE(BinanceTrade);
DECODE_CASE(BinanceOrderAck);
DECODE_CASE(BinanceDepth);
DECODE_CASE(OandaPrice);
#ifdef DECODE_BENCH_ODDS_API
DECODE_CASE(OddsApiOdds);
#endif
#ifdef DECODE_BENCH_POLYMARKET
DECODE_CASE(PolymarketBook);
DECODE_CASE(PolymarketPriceChange);
#endif
#ifdef DECODE_BENCH_BETFAIR
DECODE_CASE(BetfairEsaMcm);
#endif

BENCHMARK_MAIN();
