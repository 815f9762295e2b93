// finnhub_news: parsing; see finnhub_message.hpp. Fields checked against
// https://finnhub.io/docs/api/market-news and https://finnhub.io/docs/api/company-news
// (2026-12-02).
#include "finnhub_message.hpp"

#include <ctime>

namespace tradehost::finnhub_news {

namespace json = venue::json;

namespace {

void text(json::value& v, std::string& out) {
    std::string_view s;
    if (!v.get_string().get(s)) out.assign(s);
}

void split_related(std::string_view s, std::vector<std::string>& out) {
    size_t b = 0;
    while (b <= s.size()) {
        size_t e = s.find(',', b);
        if (e == std::string_view::npos) e = s.size();
        std::string_view part = s.substr(b, e - b);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) out.emplace_back(part);
        b = e + 1;
    }
}

}  // namespace

std::vector<Article> parse_articles(json::Decoder& dec, std::string_view body) {
    std::vector<Article> out;
    json::document& doc = dec.parse(body);
    for (auto item : doc.get_array()) {
        Article a;
        json::each_field(item.get_object().value(), [&](json::Key k, json::value& v) {
            if (k == "id") {
                int64_t id = 0;
                if (!v.get_int64().get(id)) a.id = id;
            } else if (k == "datetime") {
                int64_t s = 0;
                if (!v.get_int64().get(s)) a.datetime_ns = s * 1000000000;
            } else if (k == "category") text(v, a.category);
            else if (k == "headline") text(v, a.headline);
            else if (k == "summary") text(v, a.summary);
            else if (k == "url") text(v, a.url);
            else if (k == "source") text(v, a.source);
            else if (k == "related") {
                std::string r;
                text(v, r);
                split_related(r, a.related);
            }
        });
        if (a.id != 0) out.push_back(std::move(a));
    }
    return out;
}

std::string error_text(json::Decoder& dec, std::string_view body) {
    try {
        std::string msg;
        json::each_field(dec.parse(body).get_object().value(), [&](json::Key k, json::value& v) {
            if (k == "error") text(v, msg);
        });
        if (!msg.empty()) return msg;
    } catch (const simdjson::simdjson_error&) {
    }
    return std::string(body.substr(0, 200));
}

std::string ymd(int64_t ns) {
    time_t secs = static_cast<time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace tradehost::finnhub_news
