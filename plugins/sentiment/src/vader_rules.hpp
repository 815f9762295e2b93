// The fixed word lists and constants of VADER's rules, exactly as the reference
// (vaderSentiment.py 3.3.1) defines them; the empirically derived numbers come from the
// paper's user studies.
#ifndef TRADEHOST_SENTIMENT_VADER_RULES_HPP
#define TRADEHOST_SENTIMENT_VADER_RULES_HPP

#include <string_view>
#include <utility>

namespace tradehost::sentiment::vader_rules {

constexpr double kBoosterIncrease = 0.293;   // B_INCR: a booster word's mean effect
constexpr double kBoosterDecrease = -0.293;  // B_DECR: a dampener's
constexpr double kCapsIncrease = 0.733;      // C_INCR: a word in ALL CAPS among others
constexpr double kNegationScalar = -0.74;    // N_SCALAR: a negated word's valence factor
constexpr double kNormalizeAlpha = 15;       // normalize(): approximates the max expected sum

/// Negation words (NEGATE); any word containing "n't" negates too.
bool is_negation_word(std::string_view lower) noexcept;
/// negated([word]) of the reference: a negation word or one containing "n't".
bool negated(std::string_view lower) noexcept;

/// Booster/dampener words and their effects (BOOSTER_DICT).
extern const std::pair<std::string_view, double> kBoosters[];
extern const size_t kBoosterCount;
/// Idioms that replace a word's valence (SPECIAL_CASES).
extern const std::pair<std::string_view, double> kSpecialCases[];
extern const size_t kSpecialCaseCount;

}  // namespace tradehost::sentiment::vader_rules

#endif
