// alpaca_news: parsing; see news_message.hpp. Fields from
// https://docs.alpaca.markets/docs/streaming-real-time-news and
// https://docs.alpaca.markets/reference/news-3 (checked 2026-12-02).
#include "news_message.hpp"

#include <ctime>

namespace tradehost::alpaca_news {

namespace json = venue::json;

namespace {

void text(json::value& v, std::string& out) {
    std::string_view s;
    if (!v.get_string().get(s)) out.assign(s);  // null or another type: left empty
}

int64_t time_of(json::value& v) {
    std::string_view s;
    if (v.get_string().get(s)) return 0;
    return json::parse_rfc3339_ns(s).value_or(0);
}

// One article object (stream element or REST page entry). Returns the "T" it carried
// ("" on REST pages, which have none).
std::string read_story(json::object o, Story& st) {
    std::string type;
    json::each_field(o, [&](json::Key k, json::value& v) {
        if (k == "T") text(v, type);
        else if (k == "id") {
            int64_t id = 0;
            if (!v.get_int64().get(id)) st.id = id;
        } else if (k == "headline") text(v, st.headline);
        else if (k == "summary") text(v, st.summary);
        else if (k == "author") text(v, st.author);
        else if (k == "url") text(v, st.url);
        else if (k == "source") text(v, st.source);
        else if (k == "created_at") st.created_ns = time_of(v);
        else if (k == "updated_at") st.updated_ns = time_of(v);
        else if (k == "symbols") {
            simdjson::ondemand::array a;
            if (v.get_array().get(a)) return;
            for (auto item : a) {
                std::string_view s;
                if (!item.get_string().get(s) && !s.empty()) st.symbols.emplace_back(s);
            }
        }
    });
    return type;
}

}  // namespace

std::vector<Story> parse_stream_news(json::Decoder& dec, std::string_view frame) {
    std::vector<Story> out;
    json::document& doc = dec.parse(frame);
    for (auto item : doc.get_array()) {
        Story st;
        if (read_story(item.get_object().value(), st) == "n" && st.id != 0) out.push_back(std::move(st));
    }
    return out;
}

NewsPage parse_news_page(json::Decoder& dec, std::string_view body) {
    NewsPage page;
    bool has_news = false;
    json::document& doc = dec.parse(body);
    json::each_field(doc.get_object().value(), [&](json::Key k, json::value& v) {
        if (k == "news") {
            has_news = true;
            for (auto item : v.get_array()) {
                Story st;
                read_story(item.get_object().value(), st);
                if (st.id != 0) page.stories.push_back(std::move(st));
            }
        } else if (k == "next_page_token") {
            text(v, page.next_page_token);
        }
    });
    if (!has_news) throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
    return page;
}

std::string error_text(json::Decoder& dec, std::string_view body) {
    try {
        std::string msg;
        json::each_field(dec.parse(body).get_object().value(), [&](json::Key k, json::value& v) {
            if (k == "message") text(v, msg);
        });
        if (!msg.empty()) return msg;
    } catch (const simdjson::simdjson_error&) {
    }
    return std::string(body.substr(0, 200));
}

std::string rfc3339_seconds(int64_t ns) {
    time_t secs = static_cast<time_t>(ns / 1000000000);
    if (ns < 0 && ns % 1000000000 != 0) --secs;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace tradehost::alpaca_news
