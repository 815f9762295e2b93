#include "order_book.hpp"

namespace tradehost::paper {

Order* OrderBook::find(const std::string& client_id) {
    auto it = orders_.find(client_id);
    return it == orders_.end() ? nullptr : &it->second;
}

const Order* OrderBook::find(const std::string& client_id) const {
    auto it = orders_.find(client_id);
    return it == orders_.end() ? nullptr : &it->second;
}

void OrderBook::add(Order o) {
    queues_[o.instrument][o.priority] = o.client_id;
    std::string id = o.client_id;
    orders_[id] = std::move(o);
}

void OrderBook::erase(const std::string& client_id) {
    auto it = orders_.find(client_id);
    if (it == orders_.end()) return;
    auto q = queues_.find(it->second.instrument);
    if (q != queues_.end()) {
        q->second.erase(it->second.priority);
        if (q->second.empty()) queues_.erase(q);
    }
    orders_.erase(it);
}

void OrderBook::rekey(const std::string& old_id, const std::string& new_id, uint64_t priority) {
    auto it = orders_.find(old_id);
    if (it == orders_.end()) return;
    Order o = std::move(it->second);
    erase(old_id);
    o.client_id = new_id;
    o.priority = priority;
    add(std::move(o));
}

std::vector<std::string> OrderBook::ids_for(th_instrument instrument) const {
    std::vector<std::string> out;
    auto q = queues_.find(instrument);
    if (q == queues_.end()) return out;
    out.reserve(q->second.size());
    for (const auto& kv : q->second) out.push_back(kv.second);
    return out;
}

std::vector<std::string> OrderBook::all_ids() const {
    std::vector<std::string> out;
    out.reserve(orders_.size());
    for (const auto& q : queues_)
        for (const auto& kv : q.second) out.push_back(kv.second);
    return out;
}

void OrderBook::clear() {
    orders_.clear();
    queues_.clear();
    seen_.clear();
}

}  // namespace tradehost::paper
