// Reading tab-separated word lists line by line, with errors that name file:line:column.
#ifndef TRADEHOST_SENTIMENT_LEXICON_FILE_HPP
#define TRADEHOST_SENTIMENT_LEXICON_FILE_HPP

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::sentiment {

/// One line of a word list, split on tabs after Python-style whitespace stripping (the way
/// vaderSentiment reads its files).
class LexiconLine {
public:
    LexiconLine(const std::string& file, size_t line_no, std::string_view text);
    /// Field `i`; throws ConfigError "file:line: expected at least i+1 tab-separated fields".
    std::string_view field(size_t i) const;
    /// Field `i` as a decimal number; throws ConfigError "file:line:col: ..." if it is not one.
    double number(size_t i) const;
    size_t field_count() const noexcept { return fields_.size(); }
    [[noreturn]] void fail(const std::string& what, size_t field_index) const;

private:
    const std::string& file_;
    size_t line_no_;
    std::string_view text_;
    std::vector<std::string_view> fields_;
};

/// Call `each` for every line of `path` ('\n'-separated, trailing newlines ignored).
/// `skip_empty`: empty lines are skipped (else they reach `each` with one empty field).
/// Throws ConfigError if the file cannot be read.
void for_each_lexicon_line(const std::string& path, bool skip_empty,
                           const std::function<void(const LexiconLine&)>& each);

}  // namespace tradehost::sentiment

#endif
