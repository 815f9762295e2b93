// Typed config values behind the opaque th_config, and the host-side getters.
//
// Shared by the host and the SDK test harness so both check and convert config the same
// way. Plugins never include this; they read config through th_host_api.
#ifndef TRADEHOST_DETAIL_CONFIG_VALUES_HPP
#define TRADEHOST_DETAIL_CONFIG_VALUES_HPP

#include <tradehost/plugin.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

struct th_config {
    struct Value {
        th_config_type type = TH_CFG_STRING;
        bool b = false;
        int64_t i = 0;       // INT, DURATION (ns), DECIMAL (th_fixed)
        double f = 0;
        std::string s;       // STRING (also the raw text of scalars)
        std::vector<std::string> list;
    };
    std::map<std::string, Value> values;
};

namespace tradehost::detail {

/// Convert `text` to a value of `field`'s type. Returns "" on success or what is wrong.
inline std::string convert_config_value(const th_config_field& field, const std::string& text,
                                        th_config::Value& out) {
    out = th_config::Value{};
    out.type = static_cast<th_config_type>(field.type);
    out.s = text;
    auto bounds = [&](double v) -> std::string {
        if (field.min < field.max && (v < field.min || v > field.max)) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "must be between %g and %g", field.min, field.max);
            return buf;
        }
        return "";
    };
    switch (field.type) {
    case TH_CFG_BOOL:
        if (text == "true" || text == "yes" || text == "on") out.b = true;
        else if (text == "false" || text == "no" || text == "off") out.b = false;
        else return "expected a boolean (true/false), got '" + text + "'";
        return "";
    case TH_CFG_INT: {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE) return "expected an integer, got '" + text + "'";
        out.i = v;
        return bounds(static_cast<double>(v));
    }
    case TH_CFG_FLOAT: {
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(v)) return "expected a number, got '" + text + "'";
        out.f = v;
        return bounds(v);
    }
    case TH_CFG_STRING:
        return "";
    case TH_CFG_DECIMAL: {
        th_fixed v = 0;
        if (!parse_fixed(text, v)) return "expected a decimal with at most 8 places, got '" + text + "'";
        out.i = v;
        return bounds(to_double(v));
    }
    case TH_CFG_DURATION: {
        int64_t v = 0;
        if (!parse_duration_ns(text, v)) return "expected a duration such as 250ms, 2s, 1m, got '" + text + "'";
        out.i = v;
        return bounds(static_cast<double>(v));
    }
    case TH_CFG_STRING_LIST:
        return "expected a list of strings";
    default:
        return "field has an unknown type " + std::to_string(field.type);
    }
}

/// The default of a STRING_LIST key: items separated by commas, optionally in brackets
/// ("AAPL, MSFT" or "[AAPL, MSFT]"); blanks around items are dropped.
inline std::vector<std::string> parse_list_default(std::string text) {
    std::vector<std::string> out;
    auto trim = [](std::string s) {
        size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
        return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    text = trim(text);
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string item = trim(text.substr(start, comma - start));
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
    }
    return out;
}

inline const th_config::Value* find_value(const th_config* c, const char* key, th_config_type t) {
    if (!c || !key) return nullptr;
    auto it = c->values.find(key);
    if (it == c->values.end() || it->second.type != t) return nullptr;
    return &it->second;
}

inline th_status cfg_get_bool(const th_config* c, const char* key, int* out) {
    auto* v = find_value(c, key, TH_CFG_BOOL);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->b ? 1 : 0;
    return TH_OK;
}
inline th_status cfg_get_int(const th_config* c, const char* key, int64_t* out) {
    auto* v = find_value(c, key, TH_CFG_INT);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->i;
    return TH_OK;
}
inline th_status cfg_get_float(const th_config* c, const char* key, double* out) {
    auto* v = find_value(c, key, TH_CFG_FLOAT);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->f;
    return TH_OK;
}
inline th_status cfg_get_string(const th_config* c, const char* key, const char** out) {
    auto* v = find_value(c, key, TH_CFG_STRING);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->s.c_str();
    return TH_OK;
}
inline th_status cfg_get_fixed(const th_config* c, const char* key, th_fixed* out) {
    auto* v = find_value(c, key, TH_CFG_DECIMAL);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->i;
    return TH_OK;
}
inline th_status cfg_get_duration(const th_config* c, const char* key, int64_t* out) {
    auto* v = find_value(c, key, TH_CFG_DURATION);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->i;
    return TH_OK;
}
inline th_status cfg_get_list_size(const th_config* c, const char* key, size_t* out) {
    auto* v = find_value(c, key, TH_CFG_STRING_LIST);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    *out = v->list.size();
    return TH_OK;
}
inline th_status cfg_get_list_item(const th_config* c, const char* key, size_t i, const char** out) {
    auto* v = find_value(c, key, TH_CFG_STRING_LIST);
    if (!v || !out) return TH_ERR_NOT_FOUND;
    if (i >= v->list.size()) return TH_ERR_INVALID_ARGUMENT;
    *out = v->list[i].c_str();
    return TH_OK;
}

/// Read a size-prefixed array element `i` of stride `stride` into a zeroed T.
template <class T> T read_sized(const void* base, uint32_t stride, uint32_t i) {
    T out;
    std::memset(&out, 0, sizeof out);
    const unsigned char* p = static_cast<const unsigned char*>(base) + static_cast<size_t>(stride) * i;
    std::memcpy(&out, p, stride < sizeof(T) ? stride : sizeof(T));
    return out;
}

/// The plugin's entry copied into a zeroed struct of this build's size.
inline th_plugin_entry read_entry(const th_plugin_entry* e) {
    th_plugin_entry out;
    std::memset(&out, 0, sizeof out);
    std::memcpy(&out, e, e->size < sizeof out ? e->size : sizeof out);
    return out;
}

/// The plugin's ports, each copied min(size, sizeof) into a zeroed struct.
inline std::vector<th_port_desc> read_ports(const th_plugin_entry& e) {
    std::vector<th_port_desc> out;
    if (!e.ports || e.port_count == 0) return out;
    uint32_t stride = e.ports[0].size;
    if (stride < offsetof(th_port_desc, doc)) return out;
    for (uint32_t i = 0; i < e.port_count; ++i) out.push_back(read_sized<th_port_desc>(e.ports, stride, i));
    return out;
}

/// The plugin's config fields, each copied min(size, sizeof) into a zeroed struct.
inline std::vector<th_config_field> read_fields(const th_plugin_entry& e) {
    std::vector<th_config_field> out;
    if (!e.config_fields || e.config_field_count == 0) return out;
    uint32_t stride = e.config_fields[0].size;
    if (stride < offsetof(th_config_field, doc)) return out;
    for (uint32_t i = 0; i < e.config_field_count; ++i)
        out.push_back(read_sized<th_config_field>(e.config_fields, stride, i));
    return out;
}

}  // namespace tradehost::detail

#endif
