// Client order ids; see order_ids.hpp.
#include "order_ids.hpp"

#include <tradehost/plugin.hpp>

#include <cstdio>

namespace tradehost::sma_cross {

namespace {
bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
}  // namespace

OrderIds::OrderIds(std::string instance, uint64_t session)
    : instance_(std::move(instance)), prefix_(instance_ + "-" + std::to_string(session) + "-") {
    // Leave room for a 10-digit order number and the NUL.
    if (prefix_.size() + 10 > TH_ID_LEN - 1)
        throw ConfigError("instance name '" + instance_ + "' is too long for client order ids (" +
                          std::to_string(TH_ID_LEN - 1) + " characters with session and order number)");
}

void OrderIds::format(uint64_t n, char (&out)[TH_ID_LEN]) const {
    std::snprintf(out, TH_ID_LEN, "%s%llu", prefix_.c_str(), static_cast<unsigned long long>(n));
}

bool OrderIds::is_own(std::string_view id) const {
    if (id.size() <= instance_.size() + 1 || id.compare(0, instance_.size(), instance_) != 0 ||
        id[instance_.size()] != '-')
        return false;
    std::string_view rest = id.substr(instance_.size() + 1);
    const size_t dash = rest.find('-');
    return dash != std::string_view::npos && all_digits(rest.substr(0, dash)) && all_digits(rest.substr(dash + 1));
}

}  // namespace tradehost::sma_cross
