// Word-list file reading; see lexicon_file.hpp.
#include "lexicon_file.hpp"

#include "unicode_text.hpp"

#include <tradehost/plugin.hpp>

#include <charconv>
#include <fstream>
#include <sstream>

namespace tradehost::sentiment {

LexiconLine::LexiconLine(const std::string& file, size_t line_no, std::string_view text)
    : file_(file), line_no_(line_no), text_(strip_python_whitespace(text)) {
    size_t start = 0;
    for (;;) {
        const size_t tab = text_.find('\t', start);
        fields_.push_back(text_.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
}

void LexiconLine::fail(const std::string& what, size_t field_index) const {
    size_t col = 1;
    if (field_index < fields_.size()) col = static_cast<size_t>(fields_[field_index].data() - text_.data()) + 1;
    throw ConfigError(file_ + ":" + std::to_string(line_no_) + ":" + std::to_string(col) + ": " + what);
}

std::string_view LexiconLine::field(size_t i) const {
    if (i >= fields_.size())
        fail("expected at least " + std::to_string(i + 1) + " tab-separated fields, found " +
                 std::to_string(fields_.size()), fields_.size());
    return fields_[i];
}

double LexiconLine::number(size_t i) const {
    const std::string_view f = field(i);
    double v = 0;
    const char* end = f.data() + f.size();
    const auto r = std::from_chars(f.data(), end, v);
    if (f.empty() || r.ec != std::errc() || r.ptr != end)
        fail("expected a number, found '" + std::string(f) + "'", i);
    return v;
}

void for_each_lexicon_line(const std::string& path, bool skip_empty,
                           const std::function<void(const LexiconLine&)>& each) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open the word list");
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    size_t start = 0, line_no = 1;
    for (;; ++line_no) {
        const size_t nl = text.find('\n', start);
        const std::string_view line = std::string_view(text).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!(skip_empty && line.empty())) each(LexiconLine(path, line_no, line));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
}

}  // namespace tradehost::sentiment
