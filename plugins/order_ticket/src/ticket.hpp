// order_ticket: sends one order request (or one cancel) to a broker instance at start and
// writes the broker's first answer to that request to a result file. `tradehost order` wires
// it to the instance named on its command line; operators use it to check credentials and
// connectivity before enabling a strategy.
#pragma once

#include <tradehost/plugin.hpp>

#include <string>

namespace tradehost::order_ticket {

enum Port : uint32_t { kOrdersOut = 0, kExecReportsIn = 1 };

struct Settings {
    uint8_t action = TH_ORDER_NEW;  // NEW or CANCEL
    uint8_t side = TH_SIDE_BUY;
    std::string symbol;
    th_fixed qty = 0;
    th_fixed limit_px = 0;          // 0: market
    uint8_t tif = TH_TIF_DAY;
    th_time_ns expire_time_ns = 0;  // GTD only (ABI 1.2)
    uint32_t flags = 0;             // th_order_flag bits (ABI 1.2)
    std::string client_order_id;    // empty: made from the session id and the clock
    std::string cancel_id;          // CANCEL: the order's client order id
    std::string result_file;
};

/// UTC nanoseconds of an ISO 8601 time `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`;
/// false for anything else (a time without its zone is refused: it would be ambiguous).
bool parse_iso8601_ns(const std::string& text, th_time_ns& out);

/// Reads and checks the config; throws tradehost::Error with the key that is wrong.
Settings read_settings(const Config& cfg);

class Ticket {
public:
    Ticket(Host host, const Config& cfg);
    void start();
    void on_event(uint32_t port, const th_event_header& ev);

private:
    void write_result(const th_execution_report& r);

    Host host_;
    Settings s_;
    std::string sent_id_;  // the client order id the answer must carry
    bool answered_ = false;
};

}  // namespace tradehost::order_ticket
