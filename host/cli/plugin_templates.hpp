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

/// The template of `kind` (feed, strategy, broker, risk, model, sink), or nullptr.
const PluginTemplate* find_template(const std::string& kind);

/// CMakeLists.txt of a generated project.
extern const char* const kCMakeTemplate;

}  // namespace tradehost::cli
