// The de-duplication decision; see deduper.hpp.
#include "deduper.hpp"

#include "item_ids.hpp"  // plugins/news_common
#include "length_prefixed.hpp"  // plugins/news_common
#include "simhash.hpp"
#include "utf8.hpp"  // plugins/news_common

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace tradehost::news_dedup {

namespace {

constexpr uint64_t kNoEntry = UINT64_MAX;

}  // namespace

Deduper::Deduper(const DedupSettings& s) : s_(s), near_(s.max_distance) {}

std::vector<std::string> Deduper::exact_keys(const th_news& n) {
    std::vector<std::string> keys;
    const std::string url = news::normalize_url(news::field_text(n.url));
    if (!url.empty()) keys.push_back("url:" + url);
    const std::string_view id = news::field_text(n.id);
    if (!id.empty()) {
        const bool is_url = id.rfind("http://", 0) == 0 || id.rfind("https://", 0) == 0;
        std::string key = is_url ? "url:" + news::normalize_url(id) : "id:" + std::string(news::field_text(n.source)) + "/" + std::string(id);
        if (keys.empty() || keys[0] != key) keys.push_back(std::move(key));
    }
    return keys;
}

std::string Deduper::text_of(const th_news& n) {
    std::string t(news::field_text(n.headline));
    t.push_back(' ');
    t.append(news::field_text(n.summary));
    return t;
}

Decision Deduper::offer(const th_news& n) {
    if (n.hdr.ts > newest_) newest_ = n.hdr.ts;
    expire();
    Decision d;
    std::vector<std::string> keys = exact_keys(n);
    for (const std::string& k : keys) {
        const auto it = keys_.find(k);
        if (it != keys_.end()) {
            d.verdict = Verdict::kExact;
            d.duplicate_of = it->second;
            return d;
        }
    }
    const uint64_t fp = simhash(text_of(n), s_.shingle_words);
    if (fp != 0) {
        if (const auto m = near_.find(fp, n.hdr.ts, s_.window_ns)) {
            d.verdict = Verdict::kNear;
            d.duplicate_of = near_ids_.at(m->entry);
            d.distance = m->distance;
            return d;
        }
    }
    remember(Kept{n.hdr.ts, fp, std::string(news::field_text(n.id)), std::move(keys)});
    return d;
}

void Deduper::remember(Kept k) {
    for (const std::string& key : k.keys) keys_.emplace(key, k.id);
    uint64_t entry = kNoEntry;
    if (k.fp != 0) {
        entry = near_.insert(k.fp, k.ts);
        near_ids_.emplace(entry, k.id);
    }
    near_entry_of_.push_back(entry);
    kept_.push_back(std::move(k));
}

void Deduper::expire() {
    if (newest_ == INT64_MIN) return;
    const th_time_ns cutoff = newest_ - s_.window_ns;
    while (!kept_.empty() && kept_.front().ts < cutoff) {
        for (const std::string& key : kept_.front().keys) keys_.erase(key);
        if (near_entry_of_.front() != kNoEntry) near_ids_.erase(near_entry_of_.front());
        kept_.pop_front();
        near_entry_of_.pop_front();
    }
    near_.expire(cutoff);
}

std::string Deduper::save() const {
    std::string out = "news_dedup 1\n";
    for (const Kept& k : kept_) {
        char head[64];
        std::snprintf(head, sizeof head, "s %lld %016llx ", static_cast<long long>(k.ts),
                      static_cast<unsigned long long>(k.fp));
        out += head;
        news::put_string(out, k.id);
        out += " " + std::to_string(k.keys.size());
        for (const std::string& key : k.keys) {
            out.push_back(' ');
            news::put_string(out, key);
        }
        out.push_back('\n');
    }
    return out;
}

void Deduper::restore(std::string_view blob) {
    news::LengthPrefixedReader r(blob, "news_dedup state");
    if (r.word() != "news_dedup" || r.word() != "1") throw std::runtime_error("news_dedup state: unknown format");
    Deduper fresh(s_);
    while (!r.done()) {
        if (r.word() != "s") r.fail("'s'");
        Kept k;
        k.ts = r.integer();
        k.fp = r.hex();
        k.id = r.str();
        const long long n = r.integer();
        if (n < 0 || n > 16) r.fail("a key count");
        for (long long i = 0; i < n; ++i) k.keys.push_back(r.str());
        if (k.ts > fresh.newest_) fresh.newest_ = k.ts;
        fresh.remember(std::move(k));
    }
    fresh.expire();
    *this = std::move(fresh);
}

}  // namespace tradehost::news_dedup
