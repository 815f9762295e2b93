// alpaca_news: the news double; see news_double.hpp.
#include "news_double.hpp"

#include <tradehost/venue/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace tradehost::alpaca_news::test {

namespace json = venue::json;
using doubles::Request;
using doubles::Response;
using doubles::WsSession;

namespace {

std::string story_json(const DoubleStory& s, bool stream) {
    std::string syms = "[";
    for (size_t i = 0; i < s.symbols.size(); ++i) syms += (i ? "," : "") + json::quote(s.symbols[i]);
    syms += "]";
    return std::string("{") + (stream ? "\"T\":\"n\"," : "") + "\"id\":" + std::to_string(s.id) +
           ",\"headline\":" + json::quote(s.headline) + ",\"summary\":" + json::quote(s.summary) +
           ",\"author\":\"Benzinga Newsdesk\",\"created_at\":" + json::quote(s.created_at) +
           ",\"updated_at\":" + json::quote(s.updated_at) + ",\"url\":" + json::quote(s.url) +
           ",\"content\":\"\",\"symbols\":" + syms + ",\"source\":" + json::quote(s.source) + "}";
}

// The quoted strings of the JSON array after "key": in `text` (test-sized parsing).
std::vector<std::string> array_of(const std::string& text, const std::string& key) {
    std::vector<std::string> out;
    size_t p = text.find("\"" + key + "\"");
    if (p == std::string::npos) return out;
    p = text.find('[', p);
    const size_t end = text.find(']', p);
    while (p != std::string::npos && p < end) {
        const size_t a = text.find('"', p + 1);
        if (a == std::string::npos || a > end) break;
        const size_t b = text.find('"', a + 1);
        out.push_back(text.substr(a + 1, b - a - 1));
        p = b;
    }
    return out;
}

}  // namespace

struct NewsDouble::Impl {
    std::string key, secret;
    mutable std::mutex mu;
    std::vector<DoubleStory> archive;
    std::set<uint64_t> subscribed;                       // session ids
    std::vector<std::pair<std::shared_ptr<WsSession>, bool>> waiting;  // auths held while offline
    std::map<uint64_t, std::shared_ptr<WsSession>> open;
    std::vector<std::string> last_sub;
    bool offline = false;
    size_t limit = 100;
    size_t page = 50;

    void answer_auth(const std::shared_ptr<WsSession>& ws, bool ok) {
        if (ok) {
            ws->send(R"([{"T":"success","msg":"authenticated"}])");
        } else {
            ws->send(R"([{"T":"error","code":402,"msg":"auth failed"}])");
            ws->close();
        }
    }

    Response page_of(const Request& r) {
        const std::string* k = r.header("APCA-API-KEY-ID");
        const std::string* s = r.header("APCA-API-SECRET-KEY");
        if (k == nullptr || s == nullptr || *k != key || *s != secret) return Response::json(403, R"({"message":"forbidden"})");
        int64_t start = 0;
        if (const std::string* st = r.param("start")) {
            auto ns = json::parse_rfc3339_ns(*st);
            if (!ns) return Response::json(422, R"({"message":"invalid start"})");
            start = *ns;
        }
        size_t limit = 10;  // the documented default
        if (const std::string* l = r.param("limit")) limit = std::min<size_t>(std::stoul(*l), 50);
        limit = std::min(limit, page);
        const std::string* sort = r.param("sort");
        std::lock_guard<std::mutex> l(mu);
        std::vector<DoubleStory> sel;
        for (const auto& st : archive)
            if (json::parse_rfc3339_ns(st.created_at).value_or(0) >= start) sel.push_back(st);
        // Sorted by update time, DESC unless sort=asc (as documented).
        std::stable_sort(sel.begin(), sel.end(), [](const DoubleStory& a, const DoubleStory& b) {
            return json::parse_rfc3339_ns(a.updated_at).value_or(0) < json::parse_rfc3339_ns(b.updated_at).value_or(0);
        });
        if (sort == nullptr || *sort != "asc") std::reverse(sel.begin(), sel.end());
        size_t from = 0;
        if (const std::string* t = r.param("page_token")) {
            if (t->rfind("tok", 0) != 0) return Response::json(422, R"({"message":"invalid page token"})");
            from = std::stoul(t->substr(3));
        }
        std::string body = "{\"news\":[";
        size_t i = from;
        for (; i < sel.size() && i < from + limit; ++i) body += (i > from ? "," : "") + story_json(sel[i], false);
        body += "],\"next_page_token\":";
        body += i < sel.size() ? "\"tok" + std::to_string(i) + "\"" : std::string("null");
        return Response::json(200, body + "}");
    }
};

NewsDouble::NewsDouble(std::string key_id, std::string secret) : impl_(std::make_shared<Impl>()) {
    impl_->key = std::move(key_id);
    impl_->secret = std::move(secret);
    server_ = std::make_unique<doubles::LoopbackServer>();
    auto d = impl_;
    server_->route("GET", "/v1beta1/news", [d](const Request& r) { return d->page_of(r); });
    doubles::WsHandlers h;
    h.on_open = [d](const std::shared_ptr<WsSession>& ws, const Request&) {
        bool over = false;
        {
            std::lock_guard<std::mutex> l(d->mu);
            over = d->open.size() >= d->limit;
            if (!over) d->open[ws->id()] = ws;
        }
        ws->send(R"([{"T":"success","msg":"connected"}])");
        if (over) {
            ws->send(R"([{"T":"error","code":406,"msg":"connection limit exceeded"}])");
            ws->close();
        }
    };
    h.on_message = [d](const std::shared_ptr<WsSession>& ws, std::string_view text) {
        const std::string t(text);
        if (t.find("\"action\":\"auth\"") != std::string::npos) {
            const bool ok = t.find(json::quote(d->key)) != std::string::npos && t.find(json::quote(d->secret)) != std::string::npos;
            std::lock_guard<std::mutex> l(d->mu);
            if (d->offline) d->waiting.emplace_back(ws, ok);
            else d->answer_auth(ws, ok);
        } else if (t.find("\"action\":\"subscribe\"") != std::string::npos) {
            std::lock_guard<std::mutex> l(d->mu);
            d->last_sub = array_of(t, "news");
            d->subscribed.insert(ws->id());
            std::string list;
            for (const auto& s : d->last_sub) list += (list.empty() ? "" : ",") + json::quote(s);
            ws->send(R"([{"T":"subscription","news":[)" + list + "]}]");
        }
    };
    h.on_close = [d](const std::shared_ptr<WsSession>& ws) {
        std::lock_guard<std::mutex> l(d->mu);
        d->open.erase(ws->id());
        d->subscribed.erase(ws->id());
    };
    server_->websocket("/v1beta1/news", std::move(h));
}

NewsDouble::~NewsDouble() {
    server_.reset();
    // Sessions hold the handlers, which hold this state: let go of the sessions here, or
    // the two keep each other alive.
    std::lock_guard<std::mutex> l(impl_->mu);
    impl_->open.clear();
    impl_->waiting.clear();
}

void NewsDouble::publish(const DoubleStory& s) {
    std::lock_guard<std::mutex> l(impl_->mu);
    impl_->archive.push_back(s);
    if (impl_->offline) return;
    const std::string frame = "[" + story_json(s, true) + "]";
    for (const auto& [id, ws] : impl_->open)
        if (impl_->subscribed.count(id)) ws->send(frame);
}

void NewsDouble::push_raw(const std::string& text) {
    std::lock_guard<std::mutex> l(impl_->mu);
    for (const auto& [id, ws] : impl_->open) ws->send(text);
}

void NewsDouble::set_offline(bool offline) {
    std::vector<std::shared_ptr<WsSession>> drop;
    {
        std::lock_guard<std::mutex> l(impl_->mu);
        impl_->offline = offline;
        if (offline) {
            for (const auto& [id, ws] : impl_->open) drop.push_back(ws);
            impl_->subscribed.clear();
        } else {
            for (const auto& [ws, ok] : impl_->waiting) impl_->answer_auth(ws, ok);
            impl_->waiting.clear();
        }
    }
    for (const auto& ws : drop) ws->drop();
}

void NewsDouble::set_connection_limit(size_t n) {
    std::lock_guard<std::mutex> l(impl_->mu);
    impl_->limit = n;
}

void NewsDouble::set_page_size(size_t n) {
    std::lock_guard<std::mutex> l(impl_->mu);
    impl_->page = n;
}

size_t NewsDouble::subscribed_sessions() const {
    std::lock_guard<std::mutex> l(impl_->mu);
    return impl_->subscribed.size();
}

std::vector<std::string> NewsDouble::last_subscription() const {
    std::lock_guard<std::mutex> l(impl_->mu);
    return impl_->last_sub;
}

std::vector<Request> NewsDouble::news_requests() const {
    std::vector<Request> out;
    for (auto& r : server_->requests("GET", "/v1beta1/news"))
        if (r.header("Upgrade") == nullptr) out.push_back(std::move(r));  // the REST calls, not the stream's
    return out;
}

}  // namespace tradehost::alpaca_news::test
