#include "borrow_list.hpp"

#include "list_file.hpp"

namespace tradehost::risk_gate {

BorrowList BorrowList::load(const std::string& path) {
    BorrowList b;
    b.path = path;
    for_each_record(path, "borrow_list", [&b](const std::string& where, const std::vector<std::string>& cols) {
        if (cols.empty() || cols.size() > 2 || cols[0].empty())
            throw ConfigError(where + "expected 'SYMBOL' or 'SYMBOL,QTY'");
        th_fixed qty = 0;
        if (cols.size() == 2 && (!parse_fixed(cols[1], qty) || qty <= 0))
            throw ConfigError(where + "borrowable quantity must be a decimal > 0, got '" + cols[1] + "'");
        if (!b.available.emplace(cols[0], qty).second) throw ConfigError(where + cols[0] + " is listed twice");
    });
    return b;
}

}  // namespace tradehost::risk_gate
