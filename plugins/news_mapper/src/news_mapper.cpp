// The news_mapper plugin; see news_mapper.hpp.
#include "news_mapper.hpp"

#include "utf8.hpp"  // plugins/news_common

namespace tradehost::news_mapper {

namespace {

FinderSettings read_settings(const Config& cfg) {
    FinderSettings s;
    s.exchanges = cfg.get_list("exchanges");
    if (cfg.has("symbols"))
        for (const std::string& sym : cfg.get_list("symbols")) s.universe.insert(sym);
    const std::string aliases = cfg.get_string("aliases");
    if (!aliases.empty()) s.aliases = load_aliases(aliases);
    return s;
}

}  // namespace

NewsMapper::NewsMapper(Host host, const Config& cfg)
    : host_(host), finder_(read_settings(cfg)), drop_unmapped_(cfg.get_bool("drop_unmapped")) {}

void NewsMapper::on_event(uint32_t port, const th_event_header& ev) {
    th_news scratch;
    const th_news* in = port == kNewsIn ? event_as<th_news>(ev, scratch) : nullptr;
    if (in == nullptr) throw InvalidArgument("news_mapper: expected a news event on port 'news'");
    th_news out = *in;
    out.hdr.size = sizeof(th_news);
    if (out.instrument_count > TH_NEWS_MAX_INSTRUMENTS) out.instrument_count = TH_NEWS_MAX_INSTRUMENTS;

    std::string text(news::field_text(in->headline));
    text.push_back('\n');
    text.append(news::field_text(in->summary));
    size_t added = 0;
    for (const std::string& sym : finder_.find(text)) {
        const th_instrument id = host_.intern(sym);
        bool have = false;
        for (uint16_t k = 0; k < out.instrument_count; ++k) have = have || out.instruments[k] == id;
        if (have) continue;
        if (out.instrument_count == TH_NEWS_MAX_INSTRUMENTS) {
            host_.metric_add("instruments_dropped", 1);
            break;
        }
        out.instruments[out.instrument_count++] = id;
        ++added;
    }
    host_.metric_add(added ? "mapped" : "unmapped", 1);
    if (out.instrument_count == 0 && drop_unmapped_) return;
    host_.publish(kNewsOut, out);
}

}  // namespace tradehost::news_mapper
