#include "common/instruments.hpp"

namespace tradehost {

th_instrument InstrumentTable::intern(const std::string& symbol) {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = ids_.find(symbol);
    if (it != ids_.end()) return it->second;
    symbols_.push_back(symbol);
    auto id = static_cast<th_instrument>(symbols_.size());
    ids_.emplace(symbol, id);
    return id;
}

const char* InstrumentTable::symbol(th_instrument id) const {
    std::lock_guard<std::mutex> lk(mu_);
    if (id == 0 || id > symbols_.size()) return nullptr;
    return symbols_[id - 1].c_str();
}

}  // namespace tradehost
