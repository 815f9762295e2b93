// `tradehost new-plugin NAME --kind KIND [--lang cpp|c] [--dir D]`: writes a standalone plugin
// project that builds against the installed SDK (find_package(TradehostSDK 1)) and passes its
// own test.
#include "cli/commands.hpp"
#include "cli/plugin_templates.hpp"
#include "common/install_layout.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

namespace fs = std::filesystem;

namespace tradehost::cli {

namespace {

const char* kHelp =
    "usage: tradehost new-plugin NAME --kind feed|strategy|broker|risk|model|sink [--lang cpp|c] [--dir D]\n"
    "\n"
    "Writes a standalone plugin project into D (default ./NAME): CMakeLists.txt using\n"
    "find_package(TradehostSDK 1), src/NAME.cpp with the lifecycle filled in and commented,\n"
    "tests/test_NAME.cpp (GoogleTest through the SDK's harness) and a README.\n"
    "--lang c writes the plugin in C99 instead (kinds feed, model, sink): src/NAME.c with\n"
    "snapshot/restore through tradehost/blob.h, and tests/test_NAME.c, a C program over the\n"
    "SDK's C harness (tradehost/testing/harness.h). Build it with\n"
    "  cmake -S D -B D/build -DCMAKE_PREFIX_PATH=<tradehost install prefix> && cmake --build D/build\n"
    "  ctest --test-dir D/build\n"
    "NAME: lowercase letters, digits and '_', starting with a letter.\n";

std::string camel(const std::string& name) {
    std::string out;
    bool up = true;
    for (char c : name) {
        if (c == '_') {
            up = true;
            continue;
        }
        out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        up = false;
    }
    return out;
}

std::string fill(std::string text, const std::map<std::string, std::string>& vars) {
    for (const auto& [k, v] : vars) {
        const std::string key = "{{" + k + "}}";
        for (size_t p = text.find(key); p != std::string::npos; p = text.find(key, p + v.size())) text.replace(p, key.size(), v);
    }
    return text;
}

}  // namespace

int cmd_new_plugin(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    std::string name, kind, dir, lang = "cpp";
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--kind" && i + 1 < args.size()) kind = args[++i];
        else if (args[i] == "--lang" && i + 1 < args.size()) lang = args[++i];
        else if (args[i] == "--dir" && i + 1 < args.size()) dir = args[++i];
        else if (!args[i].empty() && args[i][0] != '-' && name.empty()) name = args[i];
        else {
            std::fprintf(stderr, "tradehost new-plugin: unexpected argument '%s'\n%s", args[i].c_str(), kHelp);
            return kExitUsage;
        }
    }
    bool valid = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
    for (char c : name) valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!valid) {
        std::fprintf(stderr, "tradehost new-plugin: invalid plugin name '%s'\n%s", name.c_str(), kHelp);
        return kExitUsage;
    }
    if (lang != "cpp" && lang != "c++" && lang != "c") {
        std::fprintf(stderr, "tradehost new-plugin: --lang must be cpp or c, not '%s'\n", lang.c_str());
        return kExitUsage;
    }
    const bool c = lang == "c";
    const PluginTemplate* t = find_template(kind, c);
    if (!t && c && find_template(kind, false)) {
        std::fprintf(stderr,
                     "tradehost new-plugin: --lang c has templates for feed, model and sink; a %s in C starts from\n"
                     "  one of them (the ports and the order events are in plugin.h), or use --lang cpp\n",
                     kind.c_str());
        return kExitUsage;
    }
    if (!t) {
        std::fprintf(stderr, "tradehost new-plugin: --kind must be one of feed, strategy, broker, risk, model, sink\n");
        return kExitUsage;
    }
    if (dir.empty()) dir = name;
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
        std::fprintf(stderr, "tradehost new-plugin: '%s' exists and is not empty; nothing written\n", dir.c_str());
        return kExitUsage;
    }
    std::string upper = name;
    for (char& ch : upper) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    const std::string ext = c ? ".c" : ".cpp";
    const std::map<std::string, std::string> vars = {
        {"name", name},       {"Class", camel(name)},          {"NAME", upper},
        {"kind", kind},       {"description", t->description}, {"source", "src/" + name + ext},
        {"lang", c ? "C99" : "C++17"}};
    std::vector<std::pair<std::string, std::string>> files = {
        {"CMakeLists.txt", c ? kCMakeTemplateC : kCMakeTemplate},
        {"README.md", t->readme},
        {"src/" + name + ext, t->source},
        {"tests/test_" + name + ext, t->test},
        {".gitignore", "/build/\n"},
    };
    if (c) files.emplace_back("tests/check.h", kCheckHeaderC);
    for (const auto& [rel, text] : files) {
        fs::path p = fs::path(dir) / rel;
        fs::create_directories(p.parent_path(), ec);
        std::ofstream out(p);
        out << fill(text, vars);
        if (!out) {
            std::fprintf(stderr, "tradehost new-plugin: cannot write %s\n", p.string().c_str());
            return kExitRuntime;
        }
    }
    // The packaged SDK is in /usr, where CMake looks by itself, and `cmake --install` goes to
    // /usr/local/lib/tradehost/plugins, where the packaged host looks.
    const auto layout = install_layout();
    std::printf("wrote %s %s plugin '%s' to %s\n"
                "build and test it:\n"
                "  cmake -S %s -B %s/build -G Ninja%s\n"
                "  cmake --build %s/build && ctest --test-dir %s/build\n",
                c ? "C" : "C++", kind.c_str(), name.c_str(), dir.c_str(), dir.c_str(), dir.c_str(),
                layout.system ? "" : " -DCMAKE_PREFIX_PATH=<tradehost install prefix>", dir.c_str(), dir.c_str());
    if (layout.system)
        std::printf("  cmake --install %s/build    # to %s, where tradehost looks\n", dir.c_str(), layout.local_plugin_dir.c_str());
    return 0;
}

}  // namespace tradehost::cli
