#include "common/instruments.hpp"

#include <algorithm>
#include <cstring>

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

// The smallest th_instrument_info either side may pass: size, asset_class and reserved.
constexpr uint32_t kMinInfoSize = offsetof(th_instrument_info, tick_size);

th_status InstrumentTable::set_info(th_instrument id, const th_instrument_info& info) {
    if (info.size < kMinInfoSize) return TH_ERR_INVALID_ARGUMENT;
    th_instrument_info rec;
    std::memset(&rec, 0, sizeof rec);
    std::memcpy(&rec, &info, std::min<size_t>(info.size, sizeof rec));
    rec.size = sizeof rec;
    // Strings are NUL-terminated whatever the writer sent.
    rec.currency[sizeof rec.currency - 1] = rec.venue[sizeof rec.venue - 1] = rec.group[sizeof rec.group - 1] = '\0';
    std::lock_guard<std::mutex> lk(mu_);
    if (id == 0 || id > symbols_.size()) return TH_ERR_NOT_FOUND;
    info_[id] = rec;
    return TH_OK;
}

th_status InstrumentTable::get_info(th_instrument id, th_instrument_info& out) const {
    if (out.size < kMinInfoSize) return TH_ERR_INVALID_ARGUMENT;
    const size_t n = std::min<size_t>(out.size, sizeof(th_instrument_info));
    std::lock_guard<std::mutex> lk(mu_);
    auto it = info_.find(id);
    if (it == info_.end()) return TH_ERR_NOT_FOUND;
    std::memcpy(&out, &it->second, n);
    out.size = static_cast<uint32_t>(n);
    return TH_OK;
}

}  // namespace tradehost
