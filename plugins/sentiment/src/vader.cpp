// VADER scoring; see vader.hpp. Each step follows the reference function named in its
// comment, in the reference's order of operations: doubles are not associative, and the
// point is to equal the reference bit for bit.
#include "vader.hpp"

#include "lexicon_file.hpp"
#include "vader_rules.hpp"

#include <tradehost/plugin.hpp>

#include <cmath>
#include <charconv>

namespace tradehost::sentiment {

namespace vr = vader_rules;

namespace {

// string.punctuation: what _strip_punc_if_word strips from both ends of a token.
bool is_ascii_punctuation(char c) noexcept {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// SentiText._strip_punc_if_word: strip punctuation unless that leaves two characters or
// fewer (then the token was probably an emoticon such as ":)").
std::string_view strip_punc_if_word(std::string_view token) noexcept {
    size_t b = 0, e = token.size();
    while (b < e && is_ascii_punctuation(token[b])) ++b;
    while (e > b && is_ascii_punctuation(token[e - 1])) --e;
    const std::string_view stripped = token.substr(b, e - b);
    return code_point_count(stripped, 3) <= 2 ? token : stripped;
}

// normalize(score, alpha=15)
double normalize(double score) noexcept {
    const double norm = score / std::sqrt((score * score) + vr::kNormalizeAlpha);
    if (norm < -1.0) return -1.0;
    if (norm > 1.0) return 1.0;
    return norm;
}

size_t count_char(std::string_view s, char c) noexcept {
    size_t n = 0;
    for (char x : s) n += x == c;
    return n;
}

// _punctuation_emphasis: up to four '!' add 0.292 each; two or three '?' add 0.18 each,
// more add 0.96.
double punctuation_emphasis(std::string_view text) noexcept {
    size_t ep = count_char(text, '!');
    if (ep > 4) ep = 4;
    const double ep_amplifier = static_cast<double>(ep) * 0.292;
    const size_t qm = count_char(text, '?');
    double qm_amplifier = 0;
    if (qm > 1) qm_amplifier = qm <= 3 ? static_cast<double>(qm) * 0.18 : 0.96;
    return ep_amplifier + qm_amplifier;
}

// _but_check, including its use of list.index(): each value is scaled where it first
// occurs in the list, which is not always its own position (equal values repeat).
void but_check(const std::vector<std::string_view>& lower, std::vector<double>& s) {
    size_t bi = 0;
    while (bi < lower.size() && lower[bi] != "but") ++bi;
    if (bi == lower.size()) return;
    for (size_t k = 0; k < s.size(); ++k) {
        const double v = s[k];
        size_t si = 0;
        while (s[si] != v) ++si;
        if (si < bi) s[si] = v * 0.5;
        else if (si > bi) s[si] = v * 1.5;
    }
}

std::string join(std::initializer_list<std::string_view> words) {
    std::string out;
    for (std::string_view w : words) {
        if (!out.empty()) out.push_back(' ');
        out.append(w);
    }
    return out;
}

}  // namespace

Vader::Vader(const std::string& lexicon_path, const std::string& emoji_path) {
    words_.max_load_factor(0.5f);  // short bucket chains: one lookup per token is the hot path
    // make_lex_dict: token and mean valence are the first two tab-separated fields.
    for_each_lexicon_line(lexicon_path, /*skip_empty=*/true, [&](const LexiconLine& line) {
        WordInfo& w = words_[std::string(line.field(0))];
        lexicon_size_ += !w.in_lexicon;
        w.in_lexicon = true;
        w.valence = line.number(1);
    });
    // make_emoji_dict: emoji and its description. Only single code points can ever match,
    // because polarity_scores looks emojis up one character at a time.
    for_each_lexicon_line(emoji_path, /*skip_empty=*/false, [&](const LexiconLine& line) {
        const std::string_view emoji = line.field(0);
        size_t i = 0;
        const char32_t cp = emoji.empty() ? 0 : next_code_point(emoji, i);
        if (!emoji.empty() && i == emoji.size()) emojis_[cp] = std::string(line.field(1));
    });
    for (size_t k = 0; k < vr::kBoosterCount; ++k) {
        boosters_.emplace(vr::kBoosters[k]);
        WordInfo& w = words_[std::string(vr::kBoosters[k].first)];
        w.is_booster = true;
        w.booster = vr::kBoosters[k].second;
    }
    for (size_t k = 0; k < vr::kSpecialCaseCount; ++k) special_cases_.emplace(vr::kSpecialCases[k]);
    auto add_words = [this](std::string_view phrase) {
        if (phrase.find(' ') == std::string_view::npos) return;
        for (std::string_view w : split_python_whitespace(phrase)) words_[std::string(w)].idiom_word = true;
    };
    for (const auto& [phrase, v] : special_cases_) add_words(phrase);
    for (const auto& [phrase, v] : boosters_) add_words(phrase);
}

// polarity_scores, first part: emojis become their descriptions, spaced from the text
// before them unless a space is already there.
std::string Vader::replace_emojis(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    bool prev_space = true;
    for (size_t i = 0; i < text.size();) {
        const char32_t cp = next_code_point(text, i);
        if (cp < 0x80) {  // no emoji is ASCII
            out.push_back(static_cast<char>(cp));
            prev_space = cp == ' ';
            continue;
        }
        const auto it = emojis_.find(cp);
        if (it != emojis_.end()) {
            if (!prev_space) out.push_back(' ');
            out += it->second;
            prev_space = false;
        } else {
            append_utf8(out, cp);
            prev_space = cp == ' ';
        }
    }
    return out;
}

// SentiText._words_and_emoticons
std::vector<Vader::Token> Vader::tokens(std::string_view text) const {
    std::vector<Token> out;
    const std::vector<std::string_view> raw_words = split_python_whitespace(text);
    out.reserve(raw_words.size());
    for (std::string_view raw : raw_words) {
        const std::string_view word = strip_punc_if_word(raw);
        Token t{case_.lower(word), case_.is_upper(word), nullptr, false, 0.0, false};
        if (const auto it = words_.find(t.lower); it != words_.end()) {
            if (it->second.in_lexicon) t.valence = &it->second.valence;
            t.is_booster = it->second.is_booster;
            t.booster = it->second.booster;
            t.idiom_word = it->second.idiom_word;
        }
        out.push_back(std::move(t));
    }
    return out;
}

// scalar_inc_dec
double Vader::scalar_inc_dec(const Token& word, double valence, bool cap_diff) const {
    if (!word.is_booster) return 0.0;
    double scalar = word.booster;
    if (valence < 0) scalar *= -1;
    if (word.upper && cap_diff) {
        if (valence > 0) scalar += vr::kCapsIncrease;
        else scalar -= vr::kCapsIncrease;
    }
    return scalar;
}

// _special_idioms_check (called with i >= 3)
double Vader::special_idioms_check(double valence, const std::vector<Token>& w, size_t i) const {
    // Every n-gram looked up below spans words i-3..i+2; if none of them is an idiom word,
    // none can match and the result is `valence` unchanged.
    bool any = false;
    for (size_t k = i - 3; k <= i + 2 && k < w.size() && !any; ++k) any = w[k].idiom_word;
    if (!any) return valence;
    const std::string onezero = join({w[i - 1].lower, w[i].lower});
    const std::string twoonezero = join({w[i - 2].lower, w[i - 1].lower, w[i].lower});
    const std::string twoone = join({w[i - 2].lower, w[i - 1].lower});
    const std::string threetwoone = join({w[i - 3].lower, w[i - 2].lower, w[i - 1].lower});
    const std::string threetwo = join({w[i - 3].lower, w[i - 2].lower});
    for (const std::string* seq : {&onezero, &twoonezero, &twoone, &threetwoone, &threetwo}) {
        const auto it = special_cases_.find(*seq);
        if (it != special_cases_.end()) {
            valence = it->second;
            break;
        }
    }
    if (w.size() - 1 > i) {
        const auto it = special_cases_.find(join({w[i].lower, w[i + 1].lower}));
        if (it != special_cases_.end()) valence = it->second;
    }
    if (w.size() - 1 > i + 1) {
        const auto it = special_cases_.find(join({w[i].lower, w[i + 1].lower, w[i + 2].lower}));
        if (it != special_cases_.end()) valence = it->second;
    }
    // booster/dampener bi-grams such as "sort of" or "kind of"
    for (const std::string* n_gram : {&threetwoone, &threetwo, &twoone}) {
        const auto it = boosters_.find(*n_gram);
        if (it != boosters_.end()) valence = valence + it->second;
    }
    return valence;
}

namespace {

// _negation_check
double negation_check(double valence, const std::vector<std::string_view>& w, size_t start_i, size_t i) {
    if (start_i == 0) {
        if (vr::negated(w[i - 1])) valence = valence * vr::kNegationScalar;
    }
    if (start_i == 1) {
        if (w[i - 2] == "never" && (w[i - 1] == "so" || w[i - 1] == "this")) valence = valence * 1.25;
        else if (w[i - 2] == "without" && w[i - 1] == "doubt") valence = valence;
        else if (vr::negated(w[i - 2])) valence = valence * vr::kNegationScalar;
    }
    if (start_i == 2) {
        // The reference's precedence: (never and (so or this)) or (so or this one word back).
        if ((w[i - 3] == "never" && (w[i - 2] == "so" || w[i - 2] == "this")) ||
            (w[i - 1] == "so" || w[i - 1] == "this"))
            valence = valence * 1.25;
        else if (w[i - 3] == "without" && (w[i - 2] == "doubt" || w[i - 1] == "doubt")) valence = valence;
        else if (vr::negated(w[i - 3])) valence = valence * vr::kNegationScalar;
    }
    return valence;
}

}  // namespace

// sentiment_valence (with _least_check at its end)
double Vader::sentiment_valence(const std::vector<Token>& w, const Lower& lower, size_t i, bool cap_diff) const {
    const Token& item = w[i];
    if (item.valence == nullptr) return 0.0;
    const double lexicon_valence = *item.valence;

    double valence = lexicon_valence;
    // "no" before another lexicon word negates it instead of counting itself
    if (item.lower == "no" && i != w.size() - 1 && w[i + 1].valence != nullptr) valence = 0.0;
    if ((i > 0 && lower[i - 1] == "no") || (i > 1 && lower[i - 2] == "no") ||
        (i > 2 && lower[i - 3] == "no" && (lower[i - 1] == "or" || lower[i - 1] == "nor")))
        valence = lexicon_valence * vr::kNegationScalar;

    if (item.upper && cap_diff) {
        if (valence > 0) valence += vr::kCapsIncrease;
        else valence -= vr::kCapsIncrease;
    }

    for (size_t start_i = 0; start_i < 3; ++start_i) {
        // Modifiers up to three words back, dampened by distance; lexicon words do not modify.
        if (i > start_i && w[i - (start_i + 1)].valence == nullptr) {
            double s = scalar_inc_dec(w[i - (start_i + 1)], valence, cap_diff);
            if (start_i == 1 && s != 0) s = s * 0.95;
            if (start_i == 2 && s != 0) s = s * 0.9;
            valence = valence + s;
            valence = negation_check(valence, lower, start_i, i);
            if (start_i == 2) valence = special_idioms_check(valence, w, i);
        }
    }

    // _least_check: "least" before a word negates it, except in "at least" / "very least".
    if (i > 1 && w[i - 1].valence == nullptr && lower[i - 1] == "least") {
        if (lower[i - 2] != "at" && lower[i - 2] != "very") valence = valence * vr::kNegationScalar;
    } else if (i > 0 && w[i - 1].valence == nullptr && lower[i - 1] == "least") {
        valence = valence * vr::kNegationScalar;
    }
    return valence;
}

VaderScores Vader::raw_scores(std::string_view input) const {
    // No emoji is ASCII: most headlines need no replacing (and no copy).
    bool ascii = true;
    for (char c : input) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    const std::string replaced = ascii ? std::string() : replace_emojis(input);
    const std::string_view text = strip_python_whitespace(ascii ? input : std::string_view(replaced));
    const std::vector<Token> words = tokens(text);

    // SentiText.is_cap_diff (allcap_differential): some, but not all, words in ALL CAPS.
    size_t allcap = 0;
    for (const Token& t : words) allcap += t.upper;
    const size_t cap_differential = words.size() - allcap;
    const bool cap_diff = 0 < cap_differential && cap_differential < words.size();

    Lower lower;
    lower.reserve(words.size());
    for (const Token& t : words) lower.emplace_back(t.lower);

    std::vector<double> sentiments;
    sentiments.reserve(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
        // Boosters and "kind of" only modify other words.
        if (words[i].is_booster || (i < words.size() - 1 && lower[i] == "kind" && lower[i + 1] == "of")) {
            sentiments.push_back(0);
            continue;
        }
        sentiments.push_back(sentiment_valence(words, lower, i, cap_diff));
    }
    but_check(lower, sentiments);

    // score_valence
    VaderScores out;
    if (sentiments.empty()) return out;
    double sum_s = 0;  // Python's sum(): left to right (CPython < 3.12 compensates nothing)
    for (double s : sentiments) sum_s += s;
    const double punct = punctuation_emphasis(text);
    if (sum_s > 0) sum_s += punct;
    else if (sum_s < 0) sum_s -= punct;
    out.compound = normalize(sum_s);

    // _sift_sentiment_scores: +1/-1 compensate for neutral words that count as 1.
    double pos_sum = 0, neg_sum = 0;
    size_t neu_count = 0;
    for (double s : sentiments) {
        if (s > 0) pos_sum += (s + 1);
        if (s < 0) neg_sum += (s - 1);
        if (s == 0) ++neu_count;
    }
    if (pos_sum > std::fabs(neg_sum)) pos_sum += punct;
    else if (pos_sum < std::fabs(neg_sum)) neg_sum -= punct;
    const double total = pos_sum + std::fabs(neg_sum) + static_cast<double>(neu_count);
    out.pos = std::fabs(pos_sum / total);
    out.neg = std::fabs(neg_sum / total);
    out.neu = std::fabs(static_cast<double>(neu_count) / total);
    return out;
}

VaderScores Vader::polarity_scores(std::string_view text) const {
    VaderScores s = raw_scores(text);
    return VaderScores{python_round(s.neg, 3), python_round(s.neu, 3), python_round(s.pos, 3),
                       python_round(s.compound, 4)};
}

double python_round(double x, int digits) {
    // Fast path (session 10): away from a tie, the correctly rounded decimal is
    // n = nearest integer to x * 10^digits, and the double nearest n / 10^digits is exactly
    // what IEEE division of the two (both exact doubles) returns. x * 10^digits is off the
    // exact product by at most half an ulp (about 1e-13 for |x| <= 1000), far below the
    // 1e-9 margin kept from a tie; |x| is bounded so n and the power stay exact.
    static constexpr double kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    if (digits >= 0 && digits <= 6 && std::fabs(x) < 1e3) {
        const double scaled = x * kPow10[digits];
        const double n = std::nearbyint(scaled);  // ties to even, but ties take the slow path
        if (std::fabs(std::fabs(scaled - n) - 0.5) > 1e-9) return n / kPow10[digits];
    }
    // Formatting with a precision rounds the exact binary value to nearest, ties to even,
    // as CPython's round() does through _Py_dg_dtoa; reading it back gives the nearest double.
    // std::to_chars/from_chars do the same without the C locale's say in the decimal point.
    char buf[400];
    const auto end = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, digits).ptr;
    double out = 0;
    std::from_chars(buf, end, out);
    return out;
}

}  // namespace tradehost::sentiment
