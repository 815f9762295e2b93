// Feed state and its persisted form; see feed_state.hpp.
#include "feed_state.hpp"

#include <stdexcept>

namespace tradehost::rss {

namespace {

void put(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out.push_back(':');
    out.append(s);
}

class Reader {
public:
    explicit Reader(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    std::string_view word() {
        skip();
        const size_t b = i_;
        while (i_ < s_.size() && s_[i_] != ' ' && s_[i_] != '\n') ++i_;
        return s_.substr(b, i_ - b);
    }
    std::string str() {
        skip();
        size_t len = 0, digits = 0;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && digits < 9) {
            len = len * 10 + static_cast<size_t>(s_[i_++] - '0');
            ++digits;
        }
        if (digits == 0 || i_ >= s_.size() || s_[i_] != ':' || s_.size() - i_ - 1 < len)
            throw std::runtime_error("rss state: malformed string at byte " + std::to_string(i_));
        const std::string out(s_.substr(i_ + 1, len));
        i_ += 1 + len;
        return out;
    }

private:
    void skip() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n')) ++i_;
    }
    std::string_view s_;
    size_t i_ = 0;
};

}  // namespace

void FeedState::remember(const std::string& id, size_t limit) {
    if (!seen_.insert(id).second) return;
    order_.push_back(id);
    while (order_.size() > limit) {
        seen_.erase(order_.front());
        order_.pop_front();
    }
}

std::string encode_state(const std::map<std::string, FeedState>& feeds) {
    std::string out = "rss_state 1\n";
    for (const auto& [url, f] : feeds) {
        out += "feed ";
        put(out, url);
        out.push_back(' ');
        put(out, f.etag);
        out.push_back(' ');
        put(out, f.last_modified);
        out.push_back('\n');
        for (const std::string& id : f.order_) {
            out += "seen ";
            put(out, id);
            out.push_back('\n');
        }
    }
    return out;
}

void decode_state(std::string_view blob, std::map<std::string, FeedState>& feeds, size_t limit) {
    Reader r(blob);
    if (r.word() != "rss_state" || r.word() != "1") throw std::runtime_error("rss state: unknown format");
    FeedState* cur = nullptr;
    FeedState dropped;  // state of a feed no longer configured: read and discarded
    while (!r.done()) {
        const std::string_view tag = r.word();
        if (tag.empty()) break;
        if (tag == "feed") {
            const std::string url = r.str();
            const auto it = feeds.find(url);
            cur = it == feeds.end() ? &dropped : &it->second;
            cur->etag = r.str();
            cur->last_modified = r.str();
        } else if (tag == "seen" && cur != nullptr) {
            cur->remember(r.str(), limit);
        } else {
            throw std::runtime_error("rss state: unexpected '" + std::string(tag) + "'");
        }
    }
}

}  // namespace tradehost::rss
