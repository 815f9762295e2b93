// The project templates `tradehost new-plugin` writes. Their text lives in
// host/cli/templates/ and is embedded at build time (embed_templates.cmake).
#pragma once

#include <string>

namespace tradehost::cli {

struct PluginTemplate {
    const char* kind;
    const char* description;
    const char* readme;
    const char* source;
    const char* test;
};

/// The template of `kind` (feed, strategy, broker, risk, model, sink) in C++, or with `c`
/// the C99 one (feed, model, sink); nullptr if there is none.
const PluginTemplate* find_template(const std::string& kind, bool c);

/// CMakeLists.txt of a generated project, C++ and C.
extern const char* const kCMakeTemplate;
extern const char* const kCMakeTemplateC;
/// tests/check.h of a C project: the CHECK and MUST macros its test uses.
extern const char* const kCheckHeaderC;

}  // namespace tradehost::cli
