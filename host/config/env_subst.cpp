#include "config/env_subst.hpp"

#include <cstdlib>

namespace tradehost {

bool substitute_env(const std::string& text, std::string& out, std::string& error) {
    out.clear();
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c != '$') {
            out += c;
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        if (i + 1 >= text.size() || text[i + 1] != '{') {
            out += c;
            continue;
        }
        size_t close = text.find('}', i + 2);
        if (close == std::string::npos) {
            error = "unterminated '${' in '" + text + "'";
            return false;
        }
        std::string ref = text.substr(i + 2, close - i - 2);
        std::string name = ref, def;
        bool has_def = false;
        size_t dash = ref.find(":-");
        if (dash != std::string::npos) {
            name = ref.substr(0, dash);
            def = ref.substr(dash + 2);
            has_def = true;
        }
        if (name.empty()) {
            error = "empty variable name in '${" + ref + "}'";
            return false;
        }
        for (char ch : name)
            if (!(ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
                error = "invalid variable name '" + name + "'";
                return false;
            }
        const char* v = std::getenv(name.c_str());
        if (v) out += v;
        else if (has_def) out += def;
        else {
            error = "environment variable " + name + " is not set";
            return false;
        }
        i = close;
    }
    return true;
}

}  // namespace tradehost
