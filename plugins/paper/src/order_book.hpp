// paper: the open orders of the venue, by client order id and by time priority per
// instrument, plus every client order id ever seen (ids are idempotent).
#ifndef TRADEHOST_PLUGINS_PAPER_ORDER_BOOK_HPP
#define TRADEHOST_PLUGINS_PAPER_ORDER_BOOK_HPP

#include "order.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace tradehost::paper {

class OrderBook {
public:
    Order* find(const std::string& client_id);
    const Order* find(const std::string& client_id) const;
    /// Add an open order; its client_id must not be open already.
    void add(Order o);
    void erase(const std::string& client_id);
    /// The order now answers to `new_id` (a replace); `priority` is its new time priority.
    void rekey(const std::string& old_id, const std::string& new_id, uint64_t priority);

    /// Client ids of the open orders of `instrument`, best time priority first.
    std::vector<std::string> ids_for(th_instrument instrument) const;
    /// Client ids of all open orders, by instrument then time priority.
    std::vector<std::string> all_ids() const;
    const std::map<std::string, Order>& orders() const { return orders_; }
    size_t size() const { return orders_.size(); }

    bool seen(const std::string& client_id) const { return seen_.count(client_id) != 0; }
    void mark_seen(const std::string& client_id) { seen_.insert(client_id); }
    const std::set<std::string>& seen_ids() const { return seen_; }

    void clear();

private:
    std::map<std::string, Order> orders_;
    std::map<th_instrument, std::map<uint64_t, std::string>> queues_;
    std::set<std::string> seen_;
};

}  // namespace tradehost::paper

#endif
