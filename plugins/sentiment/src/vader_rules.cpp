// VADER's word lists; see vader_rules.hpp. Copied in meaning from vaderSentiment.py 3.3.1
// (MIT, C.J. Hutto; notice in data/LICENSE-vaderSentiment.txt).
#include "vader_rules.hpp"

#include <algorithm>
#include <array>

namespace tradehost::sentiment::vader_rules {

namespace {
constexpr double I = kBoosterIncrease;
constexpr double D = kBoosterDecrease;

constexpr std::array<std::string_view, 59> kNegate = {
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
    "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
    "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
    "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
    "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
    "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
    "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
    "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"};
}  // namespace

const std::pair<std::string_view, double> kBoosters[] = {
    {"absolutely", I}, {"amazingly", I}, {"awfully", I}, {"completely", I}, {"considerable", I},
    {"considerably", I}, {"decidedly", I}, {"deeply", I}, {"effing", I}, {"enormous", I},
    {"enormously", I}, {"entirely", I}, {"especially", I}, {"exceptional", I},
    {"exceptionally", I}, {"extreme", I}, {"extremely", I}, {"fabulously", I}, {"flipping", I},
    {"flippin", I}, {"frackin", I}, {"fracking", I}, {"fricking", I}, {"frickin", I},
    {"frigging", I}, {"friggin", I}, {"fully", I}, {"fuckin", I}, {"fucking", I}, {"fuggin", I},
    {"fugging", I}, {"greatly", I}, {"hella", I}, {"highly", I}, {"hugely", I},
    {"incredible", I}, {"incredibly", I}, {"intensely", I}, {"major", I}, {"majorly", I},
    {"more", I}, {"most", I}, {"particularly", I}, {"purely", I}, {"quite", I}, {"really", I},
    {"remarkably", I}, {"so", I}, {"substantially", I}, {"thoroughly", I}, {"total", I},
    {"totally", I}, {"tremendous", I}, {"tremendously", I}, {"uber", I}, {"unbelievably", I},
    {"unusually", I}, {"utter", I}, {"utterly", I}, {"very", I},
    {"almost", D}, {"barely", D}, {"hardly", D}, {"just enough", D}, {"kind of", D},
    {"kinda", D}, {"kindof", D}, {"kind-of", D}, {"less", D}, {"little", D}, {"marginal", D},
    {"marginally", D}, {"occasional", D}, {"occasionally", D}, {"partly", D}, {"scarce", D},
    {"scarcely", D}, {"slight", D}, {"slightly", D}, {"somewhat", D}, {"sort of", D},
    {"sorta", D}, {"sortof", D}, {"sort-of", D}};
const size_t kBoosterCount = sizeof(kBoosters) / sizeof(kBoosters[0]);

const std::pair<std::string_view, double> kSpecialCases[] = {
    {"the shit", 3}, {"the bomb", 3}, {"bad ass", 1.5}, {"badass", 1.5}, {"bus stop", 0.0},
    {"yeah right", -2}, {"kiss of death", -1.5}, {"to die for", 3},
    {"beating heart", 3.1}, {"broken heart", -2.9}};
const size_t kSpecialCaseCount = sizeof(kSpecialCases) / sizeof(kSpecialCases[0]);

bool is_negation_word(std::string_view lower) noexcept {
    // Every negation word starts with one of these letters; most words are ruled out here.
    if (lower.empty() || std::string_view("acdhimnorsuw").find(lower[0]) == std::string_view::npos) return false;
    return std::find(kNegate.begin(), kNegate.end(), lower) != kNegate.end();
}

bool negated(std::string_view lower) noexcept {
    return is_negation_word(lower) || lower.find("n't") != std::string_view::npos;
}

}  // namespace tradehost::sentiment::vader_rules
