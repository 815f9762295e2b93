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
    const std::vector<uint64_t> shingles = shingle_hashes(text_of(n), s_.shingle_words);
    const uint64_t fp = simhash_of(shingles);
    Kept k{n.hdr.ts, fp, std::string(news::field_text(n.id)), std::move(keys)};
    if (fp != 0) {
        k.banded = true;
        k.bands = min_hash_bands(shingles);
        // Format-1 stories are all older than banded ones: on equal distance they win.
        std::optional<NearIndex::Match> old;
        if (legacy_ && legacy_->size() > 0) old = legacy_->find(fp, n.hdr.ts, s_.window_ns);
        const auto m = near_.find(fp, k.bands, n.hdr.ts, s_.window_ns);
        if (old && (!m || old->distance <= m->distance)) {
            d.verdict = Verdict::kNear;
            d.duplicate_of = legacy_ids_.at(old->entry);
            d.distance = old->distance;
            return d;
        }
        if (m) {
            d.verdict = Verdict::kNear;
            d.duplicate_of = near_ids_.at(m->entry);
            d.distance = m->distance;
            return d;
        }
    }
    remember(std::move(k));
    return d;
}

void Deduper::remember(Kept k) {
    for (const std::string& key : k.keys) keys_.emplace(key, k.id);
    uint64_t entry = kNoEntry;
    if (k.fp != 0 && k.banded) {
        entry = near_.insert(k.fp, k.bands, k.ts);
        near_ids_.emplace(entry, k.id);
    } else if (k.fp != 0) {
        if (!legacy_) legacy_ = std::make_unique<NearIndex>(s_.max_distance);
        entry = legacy_->insert(k.fp, k.ts);
        legacy_ids_.emplace(entry, k.id);
    }
    near_entry_of_.push_back(entry);
    kept_.push_back(std::move(k));
}

void Deduper::expire() {
    if (newest_ == INT64_MIN) return;
    const th_time_ns cutoff = newest_ - s_.window_ns;
    while (!kept_.empty() && kept_.front().ts < cutoff) {
        for (const std::string& key : kept_.front().keys) keys_.erase(key);
        if (near_entry_of_.front() != kNoEntry)
            (kept_.front().banded ? near_ids_ : legacy_ids_).erase(near_entry_of_.front());
        kept_.pop_front();
        near_entry_of_.pop_front();
    }
    near_.expire(cutoff);
    if (legacy_) {
        legacy_->expire(cutoff);
        if (legacy_->size() == 0) legacy_.reset();  // its tables are megabytes
    }
}

std::string Deduper::save() const {
    std::string out = "news_dedup 2\n";
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
        // Format 2: "b" and the 16 band keys, or "-" for a story without (no words, or
        // restored from format 1).
        if (k.banded) {
            out += " b";
            for (const uint64_t key : k.bands) {
                std::snprintf(head, sizeof head, " %016llx", static_cast<unsigned long long>(key));
                out += head;
            }
        } else {
            out += " -";
        }
        out.push_back('\n');
    }
    return out;
}

void Deduper::restore(std::string_view blob) {
    news::LengthPrefixedReader r(blob, "news_dedup state");
    if (r.word() != "news_dedup") throw std::runtime_error("news_dedup state: unknown format");
    const std::string_view version = r.word();
    if (version != "1" && version != "2")
        throw std::runtime_error("news_dedup state: format " + std::string(version) + " is not 1 or 2");
    const bool v2 = version == "2";
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
        if (v2) {
            const std::string_view mark = r.word();
            if (mark == "b") {
                k.banded = true;
                for (uint64_t& key : k.bands) key = r.hex();
            } else if (mark != "-") {
                r.fail("'b' or '-'");
            }
        }
        if (k.ts > fresh.newest_) fresh.newest_ = k.ts;
        fresh.remember(std::move(k));
    }
    fresh.expire();
    *this = std::move(fresh);
}

}  // namespace tradehost::news_dedup
