// The Betfair Exchange double (see betfair_double.hpp).
#include "betfair/betfair_double.hpp"

#include <tradehost/venue/json.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace tradehost::doubles {
namespace {

using nlohmann::json;
constexpr int64_t U = 100000000;
__extension__ typedef __int128 i128;

int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string now_text() {
    return venue::json::format_rfc3339_ns(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::string hdr(const Request& r, const char* name) {
    const std::string* v = r.header(name);
    return v ? *v : std::string();
}

int64_t fx(const json& v) {
    if (v.is_number_integer()) return v.get<int64_t>() * U;
    if (v.is_number()) return static_cast<int64_t>(std::llround(v.get<double>() * 1e8));
    return 0;
}

json num(int64_t v) { return json(static_cast<double>(v) / 1e8); }

// The CLASSIC ladder as the API-NG reference tabulates it ("Betfair Price Increments"),
// written out here independently of the plugin's own table.
bool on_classic_ladder(int64_t px) {
    struct Band { int64_t lo, hi, step; };
    static const Band bands[] = {{101 * U / 100, 2 * U, U / 100}, {2 * U, 3 * U, U / 50},   {3 * U, 4 * U, U / 20},
                                 {4 * U, 6 * U, U / 10},          {6 * U, 10 * U, U / 5},   {10 * U, 20 * U, U / 2},
                                 {20 * U, 30 * U, U},             {30 * U, 50 * U, 2 * U},  {50 * U, 100 * U, 5 * U},
                                 {100 * U, 1000 * U, 10 * U}};
    for (const Band& b : bands)
        if (px >= b.lo && px <= b.hi && (px - b.lo) % b.step == 0) return true;
    return false;
}

std::string form_value(const std::string& body, const std::string& key) {
    for (std::size_t pos = 0; pos < body.size();) {
        std::size_t amp = body.find('&', pos);
        std::string pair = body.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        auto eq = pair.find('=');
        if (eq != std::string::npos && pair.substr(0, eq) == key) {
            std::string v, raw = pair.substr(eq + 1);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '+') v += ' ';
                else if (raw[i] == '%' && i + 2 < raw.size()) {
                    v += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
                    i += 2;
                } else v += raw[i];
            }
            return v;
        }
        if (amp == std::string::npos) break;
        pos = amp + 1;
    }
    return {};
}

json aping_error(const std::string& code, const std::string& details) {
    return json{{"code", -32099},
                {"message", "ANGX-0003"},
                {"data", {{"APINGException", {{"requestUUID", "prdang001-00000000-00000001"},
                                              {"errorCode", code},
                                              {"errorDetails", details}}},
                          {"exceptionname", "APINGException"}}}};
}

bool in_list(const json& p, const char* key, const std::string& v) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_array() || it->empty()) return true;  // no filter
    for (const auto& x : *it)
        if ((x.is_string() && x.get<std::string>() == v) ||
            (x.is_number_integer() && std::to_string(x.get<int64_t>()) == v))
            return true;
    return false;
}

}  // namespace

BetfairDouble::BetfairDouble() {
    server_.route("POST", "/api/login", [this](const Request& r) { return login(r, false); });
    server_.route("POST", "/api/certlogin", [this](const Request& r) { return login(r, true); });
    auto session_call = [this](const Request& r, bool logout) {
        std::lock_guard lk(mu_);
        const std::string token = hdr(r, "X-Authentication");
        auto it = std::find(tokens_.begin(), tokens_.end(), token);
        if (hdr(r, "X-Application") != kAppKey)
            return Response::json(200, json{{"token", ""}, {"product", ""}, {"status", "FAIL"}, {"error", "INPUT_VALIDATION_ERROR"}}.dump());
        if (token.empty() || it == tokens_.end())
            return Response::json(200, json{{"token", token}, {"product", kAppKey}, {"status", "FAIL"}, {"error", "NO_SESSION"}}.dump());
        if (logout) {
            tokens_.erase(it);
            ++logouts_;
        } else {
            ++keep_alives_;
        }
        return Response::json(200, json{{"token", token}, {"product", kAppKey}, {"status", "SUCCESS"}, {"error", ""}}.dump());
    };
    server_.route("POST", "/api/keepAlive", [session_call](const Request& r) { return session_call(r, false); });
    server_.route("POST", "/api/logout", [session_call](const Request& r) { return session_call(r, true); });
    server_.route("POST", "/exchange/betting/json-rpc/v1", [this](const Request& r) { return rpc(r, false); });
    server_.route("POST", "/exchange/account/json-rpc/v1", [this](const Request& r) { return rpc(r, true); });
}

BetfairDouble::~BetfairDouble() = default;

Response BetfairDouble::login(const Request& r, bool cert) {
    std::lock_guard lk(mu_);
    login_paths_.push_back(r.path);
    auto answer = [&](const std::string& status, const std::string& token) {
        if (cert) {
            json j{{"loginStatus", status}};
            if (!token.empty()) j["sessionToken"] = token;
            return Response::json(200, j.dump());
        }
        return Response::json(200, json{{"token", token},
                                        {"product", kAppKey},
                                        {"status", token.empty() ? "FAIL" : "SUCCESS"},
                                        {"error", token.empty() ? status : ""}}
                                       .dump());
    };
    if (hdr(r, "X-Application") != kAppKey) return answer("INPUT_VALIDATION_ERROR", "");
    if (hdr(r, "Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0) return answer("INPUT_VALIDATION_ERROR", "");
    const int64_t now = now_s();
    std::erase_if(login_times_, [&](int64_t t) { return t < now - 60; });
    if (ban_ || login_times_.size() >= 100) {
        ban_ = true;
        errors_.push_back("TEMPORARY_BAN_TOO_MANY_REQUESTS");
        return answer("TEMPORARY_BAN_TOO_MANY_REQUESTS", "");
    }
    if (form_value(r.body, "username") != kUsername || form_value(r.body, "password") != kPassword) {
        errors_.push_back("INVALID_USERNAME_OR_PASSWORD");
        return answer("INVALID_USERNAME_OR_PASSWORD", "");
    }
    login_times_.push_back(now);
    ++logins_;
    std::string token = "SESSION-TOKEN-" + std::to_string(logins_) + "-not-real";
    tokens_.push_back(token);
    return answer("SUCCESS", token);
}

Response BetfairDouble::rpc(const Request& r, bool account) {
    auto req = json::parse(r.body, nullptr, false);
    if (!req.is_object() || req.value("jsonrpc", "") != "2.0" || !req.contains("method"))
        return Response::json(200, json{{"jsonrpc", "2.0"}, {"error", {{"code", -32700}, {"message", "Parse error"}}}, {"id", nullptr}}.dump());
    const json id = req.value("id", json(nullptr));
    const std::string method = req.value("method", "");
    const json params = req.value("params", json::object());
    auto reply_error = [&](const std::string& code, const std::string& details) {
        std::lock_guard lk(mu_);
        errors_.push_back(code);
        return Response::json(200, json{{"jsonrpc", "2.0"}, {"error", aping_error(code, details)}, {"id", id}}.dump());
    };
    {
        std::lock_guard lk(mu_);
        if (hdr(r, "X-Application") != kAppKey) {
            errors_.push_back("INVALID_APP_KEY");
            return Response::json(200, json{{"jsonrpc", "2.0"}, {"error", aping_error("INVALID_APP_KEY", "")}, {"id", id}}.dump());
        }
        const std::string token = hdr(r, "X-Authentication");
        if (std::find(tokens_.begin(), tokens_.end(), token) == tokens_.end()) {
            errors_.push_back("INVALID_SESSION_INFORMATION");
            return Response::json(200, json{{"jsonrpc", "2.0"},
                                            {"error", aping_error("INVALID_SESSION_INFORMATION",
                                                                  "The session token hasn't been provided, is invalid or has expired.")},
                                            {"id", id}}
                                           .dump());
        }
    }
    const std::string prefix = account ? "AccountAPING/v1.0/" : "SportsAPING/v1.0/";
    if (method.rfind(prefix, 0) != 0) return reply_error("INVALID_INPUT_DATA", "unknown method " + method);
    const std::string op = method.substr(prefix.size());
    {
        std::lock_guard lk(mu_);
        calls_.emplace(op, params.dump());
    }
    {
        std::unique_lock lk(mu_);
        if (auto f = failing_.find(op); f != failing_.end()) {
            const std::string code = f->second;
            lk.unlock();
            return reply_error(code, "scripted failure of " + op);
        }
    }
    std::string result;
    if (account && op == "getAccountFunds") {
        std::lock_guard lk(mu_);
        int64_t exposure = 0;
        for (const auto& [bid, b] : bets_)
            if (!b.settled) exposure += b.side == "BACK" ? b.size : (b.size * (b.price - U)) / U;
        result = json{{"availableToBetBalance", num(1000 * U - exposure)},
                      {"exposure", num(-exposure)},
                      {"retainedCommission", 0.0},
                      {"exposureLimit", -10000.0},
                      {"discountRate", 0.0},
                      {"pointsBalance", 10},
                      {"wallet", "UK"}}
                     .dump();
    } else if (account && op == "getAccountDetails") {
        result = json{{"currencyCode", "GBP"}, {"firstName", "Test"}, {"lastName", "User"}, {"localeCode", "en"},
                      {"region", "GBR"}, {"timezone", "GMT"}, {"discountRate", 0.0}, {"pointsBalance", 10},
                      {"countryCode", "GB"}}
                     .dump();
    } else if (!account && op == "placeOrders") {
        result = place(params.dump());
        std::lock_guard lk(mu_);
        if (lose_place_answer_) {
            lose_place_answer_ = false;
            return Response::json(503, "<html>Service Unavailable</html>");
        }
    } else if (!account && op == "cancelOrders") {
        result = cancel(params.dump());
    } else if (!account && op == "replaceOrders") {
        result = replace(params.dump());
    } else if (!account && op == "listCurrentOrders") {
        result = current(params.dump());
    } else if (!account && op == "listMarketCatalogue") {
        std::string code, details;
        result = catalogue(params, code, details);
        if (!code.empty()) return reply_error(code, details);
    } else if (!account && op == "listClearedOrders") {
        if (!params.contains("betStatus")) return reply_error("INVALID_INPUT_DATA", "betStatus is required");
        result = cleared(params.dump());
    } else {
        return reply_error("INVALID_INPUT_DATA", "unsupported operation " + op);
    }
    return Response::json(200, "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":" + id.dump() + "}");
}

std::string BetfairDouble::place(const std::string& text) {
    const json p = json::parse(text);
    std::lock_guard lk(mu_);
    ++place_calls_;
    const std::string market = p.value("marketId", "");
    const std::string customer_ref = p.value("customerRef", "");
    json report{{"customerRef", customer_ref}, {"marketId", market}};
    auto fail = [&](const std::string& code, const std::string& instruction_code, const json& instruction) {
        errors_.push_back(instruction_code.empty() ? code : instruction_code);
        report["status"] = "FAILURE";
        report["errorCode"] = code;
        json ir{{"status", "FAILURE"}, {"instruction", instruction}};
        if (!instruction_code.empty()) ir["errorCode"] = instruction_code;
        report["instructionReports"] = json::array({ir});
        return report.dump();
    };
    const json& instructions = p.value("instructions", json::array());
    if (!instructions.is_array() || instructions.size() != 1) return fail("INVALID_ORDER", "", json::object());
    const json& in = instructions[0];
    if (!customer_ref.empty()) {
        auto it = customer_refs_.find(customer_ref);
        if (it != customer_refs_.end() && now_s() - it->second < 60) return fail("DUPLICATE_TRANSACTION", "", in);
        customer_refs_[customer_ref] = now_s();
    }
    const json lo = in.value("limitOrder", json::object());
    const int64_t price = fx(lo.value("price", json(0))), size = fx(lo.value("size", json(0)));
    const int64_t handicap = fx(in.value("handicap", json(0)));
    if (handicap == 0 ? !on_classic_ladder(price) : (price < 101 * U / 100 || price > 1000 * U || price % (U / 100) != 0))
        return fail("BET_ACTION_ERROR", "INVALID_ODDS", in);
    if (size <= 0 || size % (U / 100) != 0) return fail("BET_ACTION_ERROR", "INVALID_BET_SIZE", in);
    const std::string side = in.value("side", "");
    if (side != "BACK" && side != "LAY") return fail("BET_ACTION_ERROR", "INVALID_BID_TYPE", in);
    if (lo.contains("timeInForce") && lo.contains("persistenceType")) return fail("BET_ACTION_ERROR", "TIME_IN_FORCE_CONFLICT", in);
    Bet b;
    b.id = std::to_string(next_bet_++);
    b.market = market;
    b.side = side;
    b.selection = in.value("selectionId", int64_t{0});
    b.handicap = handicap;
    b.price = price;
    b.size = size;
    b.persistence = lo.value("persistenceType", "LAPSE");
    b.order_ref = in.value("customerOrderRef", "");
    b.strategy_ref = p.value("customerStrategyRef", "");
    b.placed = now_text();
    if (lo.value("timeInForce", "") == "FILL_OR_KILL") b.lapsed = size;  // nothing to fill against here
    bets_[b.id] = b;
    report["status"] = "SUCCESS";
    report["instructionReports"] = json::array({json{{"status", "SUCCESS"},
                                                     {"instruction", in},
                                                     {"betId", b.id},
                                                     {"placedDate", b.placed},
                                                     {"averagePriceMatched", 0.0},
                                                     {"sizeMatched", 0.0},
                                                     {"orderStatus", b.complete() ? "EXECUTION_COMPLETE" : "EXECUTABLE"}}});
    return report.dump();
}

std::string BetfairDouble::cancel(const std::string& text) {
    const json p = json::parse(text);
    std::lock_guard lk(mu_);
    json report{{"marketId", p.value("marketId", "")}, {"status", "SUCCESS"}};
    json reports = json::array();
    for (const auto& in : p.value("instructions", json::array())) {
        auto it = bets_.find(in.value("betId", ""));
        if (it == bets_.end() || it->second.complete() || it->second.settled) {
            errors_.push_back(it == bets_.end() ? "INVALID_BET_ID" : "BET_TAKEN_OR_LAPSED");
            report["status"] = "FAILURE";
            report["errorCode"] = "BET_ACTION_ERROR";
            reports.push_back({{"status", "FAILURE"},
                               {"errorCode", it == bets_.end() ? "INVALID_BET_ID" : "BET_TAKEN_OR_LAPSED"},
                               {"instruction", in}});
            continue;
        }
        Bet& b = it->second;
        const int64_t left = b.size - b.matched - b.lapsed - b.cancelled;
        b.cancelled += left;
        reports.push_back({{"status", "SUCCESS"}, {"instruction", in}, {"sizeCancelled", num(left)}, {"cancelledDate", now_text()}});
    }
    report["instructionReports"] = reports;
    return report.dump();
}

std::string BetfairDouble::replace(const std::string& text) {
    const json p = json::parse(text);
    std::lock_guard lk(mu_);
    json report{{"marketId", p.value("marketId", "")}, {"customerRef", p.value("customerRef", "")}};
    const json& in = p.value("instructions", json::array()).at(0);
    auto it = bets_.find(in.value("betId", ""));
    const int64_t price = fx(in.value("newPrice", json(0)));
    if (it == bets_.end() || it->second.complete() || !on_classic_ladder(price)) {
        const std::string code = it == bets_.end() ? "INVALID_BET_ID" : !on_classic_ladder(price) ? "INVALID_ODDS" : "BET_TAKEN_OR_LAPSED";
        errors_.push_back(code);
        report["status"] = "FAILURE";
        report["errorCode"] = "BET_ACTION_ERROR";
        report["instructionReports"] = json::array({json{{"status", "FAILURE"}, {"errorCode", code}}});
        return report.dump();
    }
    Bet& old = it->second;
    const int64_t left = old.size - old.matched - old.lapsed - old.cancelled;
    old.cancelled += left;
    Bet b = old;
    b.id = std::to_string(next_bet_++);
    b.price = price;
    b.size = left;
    b.matched = b.matched_notional = b.lapsed = b.cancelled = 0;
    b.placed = now_text();
    bets_[b.id] = b;
    report["status"] = "SUCCESS";
    report["instructionReports"] = json::array(
        {json{{"status", "SUCCESS"},
              {"cancelInstructionReport", {{"status", "SUCCESS"}, {"sizeCancelled", num(left)}}},
              {"placeInstructionReport", {{"status", "SUCCESS"}, {"betId", b.id}, {"placedDate", b.placed},
                                          {"averagePriceMatched", 0.0}, {"sizeMatched", 0.0},
                                          {"orderStatus", "EXECUTABLE"}}}}});
    return report.dump();
}

std::string BetfairDouble::current_json(const Bet& b) const {
    json j{{"betId", b.id},
           {"marketId", b.market},
           {"selectionId", b.selection},
           {"handicap", num(b.handicap)},
           {"priceSize", {{"price", num(b.price)}, {"size", num(b.size)}}},
           {"bspLiability", 0.0},
           {"side", b.side},
           {"status", b.complete() ? "EXECUTION_COMPLETE" : "EXECUTABLE"},
           {"persistenceType", b.persistence},
           {"orderType", "LIMIT"},
           {"placedDate", b.placed},
           {"averagePriceMatched", b.matched ? num(b.matched_notional * U / b.matched) : json(0.0)},
           {"sizeMatched", num(b.matched)},
           {"sizeRemaining", num(b.size - b.matched - b.lapsed - b.cancelled)},
           {"sizeLapsed", num(b.lapsed)},
           {"sizeCancelled", num(b.cancelled)},
           {"sizeVoided", 0.0},
           {"regulatorCode", "MALTA LOTTERIES AND GAMBLING AUTHORITY"}};
    if (!b.matched_date.empty()) j["matchedDate"] = b.matched_date;
    if (!b.order_ref.empty()) j["customerOrderRef"] = b.order_ref;
    if (!b.strategy_ref.empty()) j["customerStrategyRef"] = b.strategy_ref;
    return j.dump();
}

std::string BetfairDouble::current(const std::string& text) const {
    const json p = json::parse(text);
    std::lock_guard lk(mu_);
    const std::string projection = p.value("orderProjection", "ALL");
    std::vector<const Bet*> hits;
    for (const auto& [bid, b] : bets_) {
        if (b.settled) continue;  // settled bets are listClearedOrders' only
        if (!in_list(p, "betIds", b.id) || !in_list(p, "marketIds", b.market) ||
            !in_list(p, "customerOrderRefs", b.order_ref) || !in_list(p, "customerStrategyRefs", b.strategy_ref))
            continue;
        if (projection == "EXECUTABLE" && b.complete()) continue;
        if (projection == "EXECUTION_COMPLETE" && !b.complete()) continue;
        hits.push_back(&b);
    }
    const std::size_t from = p.value("fromRecord", 0), count = std::min<std::size_t>(p.value("recordCount", 1000), 1000);
    std::string out = "{\"currentOrders\":[";
    for (std::size_t i = from; i < hits.size() && i < from + count; ++i) out += (i > from ? "," : "") + current_json(*hits[i]);
    out += "],\"moreAvailable\":" + std::string(from + count < hits.size() ? "true" : "false") + "}";
    return out;
}

std::string BetfairDouble::cleared(const std::string& text) const {
    const json p = json::parse(text);
    std::lock_guard lk(mu_);
    const std::string status = p.value("betStatus", "");
    json list = json::array();
    for (const auto& [bid, b] : bets_) {
        if (!b.settled) continue;
        if (!in_list(p, "betIds", b.id) || !in_list(p, "marketIds", b.market) ||
            !in_list(p, "customerOrderRefs", b.order_ref) || !in_list(p, "customerStrategyRefs", b.strategy_ref))
            continue;
        json j{{"eventTypeId", "1"}, {"eventId", "29000001"}, {"marketId", b.market}, {"selectionId", b.selection},
               {"handicap", num(b.handicap)}, {"betId", b.id}, {"placedDate", b.placed}, {"persistenceType", b.persistence},
               {"orderType", "LIMIT"}, {"side", b.side}, {"priceRequested", num(b.price)}, {"settledDate", now_text()}};
        if (!b.order_ref.empty()) j["customerOrderRef"] = b.order_ref;
        if (!b.strategy_ref.empty()) j["customerStrategyRef"] = b.strategy_ref;
        if (status == "SETTLED" && b.matched > 0) {
            j["betOutcome"] = b.outcome;
            j["priceMatched"] = num(b.matched_notional * U / b.matched);
            j["sizeSettled"] = num(b.matched);
            j["profit"] = num(b.profit);
            j["betCount"] = 1;
            if (!b.matched_date.empty()) j["lastMatchedDate"] = b.matched_date;
            list.push_back(j);
        } else if (status == "LAPSED" && b.lapsed > 0 && b.matched == 0) {
            j["sizeCancelled"] = num(b.lapsed);
            list.push_back(j);
        } else if (status == "CANCELLED" && b.cancelled > 0 && b.matched == 0) {
            j["sizeCancelled"] = num(b.cancelled);
            list.push_back(j);
        }
    }
    return json{{"clearedOrders", list}, {"moreAvailable", false}}.dump();
}

bool BetfairDouble::match(const std::string& bet_id, const std::string& size) {
    std::lock_guard lk(mu_);
    auto it = bets_.find(bet_id);
    auto q = venue::json::fixed_from_text(size);
    if (it == bets_.end() || !q) return false;
    Bet& b = it->second;
    const int64_t left = b.size - b.matched - b.lapsed - b.cancelled;
    if (*q > left || *q <= 0) return false;
    b.matched += *q;
    b.matched_notional += static_cast<int64_t>(static_cast<i128>(b.price) * *q / U);  // price x size
    b.matched_date = now_text();
    return true;
}

void BetfairDouble::turn_in_play(const std::string& market_id) {
    std::lock_guard lk(mu_);
    for (auto& [bid, b] : bets_)
        if (b.market == market_id && b.persistence == "LAPSE" && !b.complete())
            b.lapsed += b.size - b.matched - b.lapsed - b.cancelled;
}

void BetfairDouble::settle(const std::string& market_id, int64_t winner) {
    std::lock_guard lk(mu_);
    for (auto& [bid, b] : bets_) {
        if (b.market != market_id || b.settled) continue;
        b.cancelled += b.size - b.matched - b.lapsed - b.cancelled;  // unmatched stake is void at settlement
        b.settled = true;
        const bool won_selection = b.selection == winner;
        const bool bet_won = (b.side == "BACK") == won_selection;
        b.outcome = bet_won ? "WON" : "LOST";
        const int64_t winnings = b.matched_notional - b.matched;  // stake x (odds - 1)
        if (b.side == "BACK") b.profit = bet_won ? winnings : -b.matched;
        else b.profit = bet_won ? b.matched : -winnings;
    }
}

void BetfairDouble::set_login_ban(bool on) {
    std::lock_guard lk(mu_);
    ban_ = on;
}

void BetfairDouble::expire_sessions() {
    std::lock_guard lk(mu_);
    tokens_.clear();
}

void BetfairDouble::lose_next_place_answer() {
    std::lock_guard lk(mu_);
    lose_place_answer_ = true;
}

int BetfairDouble::logins() const { std::lock_guard lk(mu_); return logins_; }
int BetfairDouble::keep_alives() const { std::lock_guard lk(mu_); return keep_alives_; }
int BetfairDouble::logouts() const { std::lock_guard lk(mu_); return logouts_; }
std::size_t BetfairDouble::place_calls() const { std::lock_guard lk(mu_); return place_calls_; }

std::vector<std::string> BetfairDouble::login_paths() const {
    std::lock_guard lk(mu_);
    return login_paths_;
}

std::string BetfairDouble::bet_status(const std::string& bet_id) const {
    std::lock_guard lk(mu_);
    auto it = bets_.find(bet_id);
    if (it == bets_.end()) return "";
    if (it->second.settled) return "SETTLED";
    return it->second.complete() ? "EXECUTION_COMPLETE" : "EXECUTABLE";
}

std::vector<std::string> BetfairDouble::bet_ids() const {
    std::lock_guard lk(mu_);
    std::vector<std::string> out;
    for (const auto& [id, b] : bets_) out.push_back(id);
    return out;
}

std::vector<std::string> BetfairDouble::errors() const {
    std::lock_guard lk(mu_);
    return errors_;
}

std::vector<std::string> BetfairDouble::calls(const std::string& method) const {
    std::lock_guard lk(mu_);
    std::vector<std::string> out;
    auto [a, b] = calls_.equal_range(method);
    for (auto it = a; it != b; ++it) out.push_back(it->second);
    return out;
}

}  // namespace tradehost::doubles
