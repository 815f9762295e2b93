// Feed parsing with libexpat; see feed_document.hpp.
#include "feed_document.hpp"

#include "feed_dates.hpp"  // plugins/news_common
#include "utf8.hpp"        // plugins/news_common

#include <expat.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace tradehost::rss {

namespace {

// Expat reports "namespace-URI<sep>local-name"; these are the URIs that matter.
constexpr char kSep = '|';
constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1 = "http://purl.org/rss/1.0/";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

struct Name {
    std::string_view ns, local;
};

Name split_name(const char* full) {
    std::string_view s(full);
    const size_t bar = s.find(kSep);
    if (bar == std::string_view::npos) return {{}, s};
    return {s.substr(0, bar), s.substr(bar + 1)};
}

bool is_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && is_ws(s[b])) ++b;
    while (e > b && is_ws(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
}

const char* attr(const char** atts, std::string_view name) {
    for (size_t i = 0; atts[i] != nullptr; i += 2)
        if (name == atts[i]) return atts[i + 1];
    return nullptr;
}

class Parser {
public:
    Parser() : p_(XML_ParserCreateNS(nullptr, kSep)) {
        if (!p_) throw std::runtime_error("out of memory creating the XML parser");
        XML_SetUserData(p_, this);
        XML_SetElementHandler(p_, &Parser::start_cb, &Parser::end_cb);
        XML_SetCharacterDataHandler(p_, &Parser::text_cb);
    }
    ~Parser() { XML_ParserFree(p_); }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    FeedDocument parse(std::string_view xml) {
        if (XML_Parse(p_, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_ERROR)
            throw std::runtime_error("line " + std::to_string(XML_GetCurrentLineNumber(p_)) + ", column " +
                                     std::to_string(XML_GetCurrentColumnNumber(p_) + 1) + ": " +
                                     XML_ErrorString(XML_GetErrorCode(p_)));
        if (doc_.format.empty()) throw std::runtime_error("not an RSS or Atom feed (root element <" + root_ + ">)");
        return std::move(doc_);
    }

private:
    static void start_cb(void* self, const char* name, const char** atts) { static_cast<Parser*>(self)->start(name, atts); }
    static void end_cb(void* self, const char* name) { static_cast<Parser*>(self)->end(name); }
    static void text_cb(void* self, const char* s, int len) {
        auto* p = static_cast<Parser*>(self);
        if (p->capture_depth_ > 0) p->text_.append(s, static_cast<size_t>(len));
    }

    bool is_rss(const Name& n) const { return n.ns.empty() || n.ns == kRss1; }

    void start(const char* full, const char** atts) {
        const Name n = split_name(full);
        ++depth_;
        if (depth_ == 1) {
            root_ = std::string(n.local);
            if (n.ns == kAtom && n.local == "feed") doc_.format = "atom";
            else if ((n.ns.empty() && n.local == "rss") || (n.ns == kRdf && n.local == "RDF")) doc_.format = "rss";
        }
        if (capture_depth_ > 0) {  // inside a captured child: nested markup (xhtml) is text
            ++capture_depth_;
            return;
        }
        const bool item_start = (doc_.format == "rss" && is_rss(n) && n.local == "item") ||
                                (doc_.format == "atom" && n.ns == kAtom && n.local == "entry");
        if (item_start && !in_item_) {
            in_item_ = true;
            item_depth_ = depth_;
            item_ = FeedItem{};
            have_alternate_ = false;
            return;
        }
        if (in_item_ && depth_ == item_depth_ + 1) {
            child_ = n;
            child_html_ = false;
            if (n.ns == kAtom) {
                const char* type = attr(atts, "type");
                child_html_ = type != nullptr && std::string_view(type) == "html";
                if (n.local == "link") take_atom_link(atts);
            }
            capture_depth_ = 1;
            text_.clear();
            return;
        }
        // the channel's / feed's own title
        if (!in_item_ && n.local == "title" && doc_.title.empty() &&
            ((doc_.format == "atom" && n.ns == kAtom && depth_ == 2) || (doc_.format == "rss" && depth_ == 3))) {
            child_ = n;
            child_html_ = false;
            feed_title_ = true;
            capture_depth_ = 1;
            text_.clear();
        }
    }

    void take_atom_link(const char** atts) {
        const char* href = attr(atts, "href");
        const char* rel = attr(atts, "rel");
        if (!href) return;
        const bool alternate = rel == nullptr || std::string_view(rel) == "alternate";
        if (alternate && !have_alternate_) {
            item_.link = trim(href);
            have_alternate_ = true;
        } else if (item_.link.empty()) {
            item_.link = trim(href);
        }
    }

    void take_date(std::optional<th_time_ns>& slot, const std::string& text) {
        if (text.empty()) return;
        const auto t = news::parse_feed_date(text);
        if (t) slot = t;
        else if (item_.bad_date.empty()) item_.bad_date = text;
    }

    void end_child() {
        const std::string value = child_html_ ? html_to_text(text_) : trim(text_);
        if (feed_title_) {
            doc_.title = html_to_text(value);
            feed_title_ = false;
            return;
        }
        const std::string_view l = child_.local;
        if (doc_.format == "rss") {
            if (is_rss(child_)) {
                if (l == "title") item_.title = html_to_text(value);
                else if (l == "link") item_.link = value;
                else if (l == "description") item_.summary = html_to_text(value);
                else if (l == "guid") item_.id = value;
                else if (l == "pubDate") take_date(item_.published, value);
            } else if (child_.ns == kDc && l == "date" && !item_.published) {
                take_date(item_.published, value);
            }
            return;
        }
        if (child_.ns != kAtom) return;
        if (l == "id") item_.id = value;
        else if (l == "title") item_.title = value;
        else if (l == "summary") item_.summary = value;
        else if (l == "content" && item_.summary.empty()) item_.summary = html_to_text(value);
        else if (l == "published") take_date(item_.published, value);
        else if (l == "updated") take_date(item_.updated, value);
    }

    void end(const char* full) {
        (void)full;
        if (capture_depth_ > 0 && --capture_depth_ == 0) end_child();
        if (in_item_ && depth_ == item_depth_) {
            in_item_ = false;
            if (!item_.published) item_.published = item_.updated;  // Atom: updated is required, published not
            doc_.items.push_back(std::move(item_));
        }
        --depth_;
    }

    XML_Parser p_;
    FeedDocument doc_;
    std::string root_;
    int depth_ = 0;
    bool in_item_ = false;
    int item_depth_ = 0;
    FeedItem item_;
    bool have_alternate_ = false;
    Name child_;
    bool child_html_ = false;
    bool feed_title_ = false;
    int capture_depth_ = 0;
    std::string text_;
};

// Decodes one character reference at s[i] ('&' ... ';'); false if it is not one.
bool decode_reference(std::string_view s, size_t& i, std::string& out) {
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return false;
    const std::string_view ref = s.substr(i + 1, semi - i - 1);
    unsigned long cp = 0;
    if (!ref.empty() && ref[0] == '#') {
        const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
        const std::string digits(ref.substr(hex ? 2 : 1));
        if (digits.empty()) return false;
        char* end = nullptr;
        cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (*end != '\0' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    } else {
        static constexpr struct { std::string_view name; unsigned long cp; } kNamed[] = {
            {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
            {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
            {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"euro", 0x20AC},
            {"pound", 0xA3}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}};
        for (const auto& n : kNamed)
            if (n.name == ref) cp = n.cp;
        if (cp == 0) return false;
    }
    news::append_utf8(out, static_cast<char32_t>(cp));
    i = semi + 1;
    return true;
}

}  // namespace

FeedDocument parse_feed(std::string_view xml) {
    Parser p;
    return p.parse(xml);
}

std::string html_to_text(std::string_view html) {
    std::string raw;
    raw.reserve(html.size());
    for (size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '<') {  // a tag (or comment): becomes a word break
            const size_t close = html.find('>', i);
            if (close == std::string_view::npos) break;
            raw.push_back(' ');
            i = close + 1;
        } else if (c == '&' && decode_reference(html, i, raw)) {
            continue;
        } else {
            raw.push_back(c);
            ++i;
        }
    }
    // collapse whitespace (ASCII and the no-break space decoded above)
    std::string out;
    bool space = false;
    for (size_t i = 0; i < raw.size(); ++i) {
        const bool nbsp = static_cast<unsigned char>(raw[i]) == 0xC2 && i + 1 < raw.size() &&
                          static_cast<unsigned char>(raw[i + 1]) == 0xA0;
        if (nbsp || is_ws(raw[i])) {
            space = true;
            if (nbsp) ++i;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(raw[i]);
    }
    return out;
}

}  // namespace tradehost::rss
