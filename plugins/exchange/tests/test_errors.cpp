// exchange: every dialect's error answers map to unified kinds through its error table (one
// test per property, run over every registered dialect, CCXT-style). The bodies are the
// venues' documented error payloads (test_data/<dialect>/) or their documented texts inline.
#include "registry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace tradehost::exchange;
namespace json = tradehost::venue::json;

namespace {

struct ErrorCase {
    int status;
    std::string body;      ///< "@file" reads test_data/<dialect>/file
    ErrorKind kind;
    std::string message;   ///< expected message, when checked ("" not checked)
};

struct DialectErrors {
    const char* dialect;
    std::vector<ErrorCase> cases;
    std::vector<std::string> successes;  ///< 2xx bodies that are not errors
};

std::vector<DialectErrors> all_cases() {
    return {
        {"binance",
         {
             {400, "@error_insufficient_balance.json", ErrorKind::insufficient_funds,
              "Account has insufficient balance for requested action."},
             {400, R"({"code":-2010,"msg":"Duplicate order sent."})", ErrorKind::duplicate_order, ""},
             {400, "@error_unknown_order.json", ErrorKind::unknown_order, ""},
             {400, R"({"code":-2013,"msg":"Order does not exist."})", ErrorKind::unknown_order, ""},
             {400, "@error_filter_failure.json", ErrorKind::invalid_request, ""},
             {400, R"({"code":-1121,"msg":"Invalid symbol."})", ErrorKind::invalid_request, "Invalid symbol."},
             {400, "@error_timestamp.json", ErrorKind::timestamp, ""},
             {400, "@error_signature.json", ErrorKind::auth, ""},
             {401, "@error_api_key.json", ErrorKind::auth, ""},
             {429, "@error_too_many_requests.json", ErrorKind::rate_limited, ""},
             {418, "@error_too_many_requests.json", ErrorKind::banned, ""},
             {503, R"({"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."})",
              ErrorKind::server, ""},
             // The retired listenKey endpoints: nginx's HTML page, not a Binance body.
             {410, "<html><head><title>410 Gone</title></head></html>", ErrorKind::invalid_request, "HTTP 410"},
             {0, "", ErrorKind::transport, ""},
         },
         {"@order_result.json"}},
        {"kraken",
         {
             {200, "@error_insufficient_funds.json", ErrorKind::insufficient_funds, "EOrder:Insufficient funds"},
             {200, "@error_rate_limit.json", ErrorKind::rate_limited, ""},
             {200, R"({"error":["EGeneral:Too many requests"]})", ErrorKind::rate_limited, ""},
             {200, "@error_invalid_key.json", ErrorKind::auth, ""},
             {200, "@error_unknown_order.json", ErrorKind::unknown_order, ""},
             {200, "@error_invalid_nonce.json", ErrorKind::timestamp, ""},
             {200, R"({"error":["EGeneral:Invalid arguments:volume"]})", ErrorKind::invalid_request, ""},
             {200, R"({"error":["EService:Unavailable"]})", ErrorKind::server, ""},
             {200, R"({"error":["EFunding:Unknown reference id"]})", ErrorKind::other, ""},
             {502, "<html>Bad Gateway</html>", ErrorKind::server, "HTTP 502"},
             {0, "", ErrorKind::transport, ""},
         },
         {"@Balance.json", "@OpenOrders.json", R"({"error":[],"result":{"open":{}}})"}},
        {"coinbase",
         {
             {200, "@create_order_insufficient_fund.json", ErrorKind::insufficient_funds,
              "INSUFFICIENT_FUND: Insufficient balance in source account (PREVIEW_INSUFFICIENT_FUND)"},
             {200, "@batch_cancel_unknown.json", ErrorKind::unknown_order,
              "UNKNOWN_CANCEL_ORDER (order 99999-00000-000000)"},
             {401, "@error_unauthorized.json", ErrorKind::auth, "unauthorized: Unauthorized"},
             {401, "Unauthorized\n", ErrorKind::auth, "HTTP 401"},  // the gateway's plain-text answer
             {404, "@error_not_found.json", ErrorKind::unknown_order, ""},
             {429, "@error_rate_limit.json", ErrorKind::rate_limited, ""},
             {400, R"({"error":"INVALID_ARGUMENT","message":"bad size","details":[]})", ErrorKind::invalid_request, ""},
             {503, "", ErrorKind::server, ""},
             {0, "", ErrorKind::transport, ""},
         },
         {"@accounts.json"}},
    };
}

class ErrorTable : public ::testing::TestWithParam<DialectErrors> {
protected:
    std::unique_ptr<Dialect> d = make_dialect(GetParam().dialect);
    json::Decoder dec;
    tradehost::venue::HttpResponse answer(int status, const std::string& body) {
        tradehost::venue::HttpResponse r;
        r.status = status;
        r.body = body.rfind('@', 0) == 0 ? exchange_test::read_data(std::string(GetParam().dialect) + "/" + body.substr(1))
                                         : body;
        return r;
    }
};

TEST_P(ErrorTable, DocumentedErrorsMapToUnifiedKinds) {
    ASSERT_NE(d, nullptr);
    EXPECT_FALSE(d->error_table().empty());
    for (const ErrorCase& c : GetParam().cases) {
        UnifiedError e = d->parse_error(dec, answer(c.status, c.body));
        EXPECT_EQ(error_kind_name(e.kind), std::string(error_kind_name(c.kind))) << c.status << " " << c.body;
        if (!c.message.empty()) {
            EXPECT_EQ(e.message, c.message) << c.body;
        }
    }
}

TEST_P(ErrorTable, SuccessfulAnswersAreNoErrors) {
    for (const std::string& body : GetParam().successes)
        EXPECT_FALSE(d->parse_error(dec, answer(200, body))) << body;
}

// A rate limit carries when to retry: the venue's Retry-After where it sends one, else the
// dialect's documented window.
TEST_P(ErrorTable, RateLimitsCarryARetryTime) {
    for (const ErrorCase& c : GetParam().cases) {
        if (c.kind != ErrorKind::rate_limited) continue;
        auto r = answer(c.status, c.body);
        r.headers.emplace_back("Retry-After", "7");
        UnifiedError e = d->parse_error(dec, r);
        EXPECT_GT(e.retry_after.count(), 0) << c.body;
        if (c.status == 429) {
            EXPECT_EQ(e.retry_after, std::chrono::seconds(7)) << c.body;
        }
    }
}

// Every registered dialect has its cases here: a new dialect cannot skip this suite.
TEST(ErrorTables, EveryRegisteredDialectIsCovered) {
    std::vector<std::string> covered;
    for (const auto& c : all_cases()) covered.emplace_back(c.dialect);
    std::sort(covered.begin(), covered.end());
    auto names = dialect_names();
    std::sort(names.begin(), names.end());
    EXPECT_EQ(covered, names);
}

INSTANTIATE_TEST_SUITE_P(EveryDialect, ErrorTable, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<DialectErrors>& i) { return std::string(i.param.dialect); });

}  // namespace
