#include "config/schema_check.hpp"

#include "common/event_names.hpp"

namespace tradehost {

std::unique_ptr<th_config> check_instance_config(const InstanceSpec& spec, const PluginLibrary& lib, Diagnostics& d) {
    auto cfg = std::make_unique<th_config>();
    const std::string where = spec.name + ".config.";
    // Defaults first; values from the file replace them.
    for (const auto& f : lib.fields()) {
        if (!f.default_value) continue;
        th_config::Value v;
        if (f.type == TH_CFG_STRING_LIST) {
            v.type = TH_CFG_STRING_LIST;
            v.list = detail::parse_list_default(f.default_value);
        } else detail::convert_config_value(f, f.default_value, v);  // checked when loaded
        cfg->values[f.key] = v;
    }
    for (const auto& e : spec.config) {
        const th_config_field* f = lib.field(e.key);
        if (!f) {
            std::string known;
            for (const auto& k : lib.fields()) known += (known.empty() ? "" : ", ") + std::string(k.key);
            d.error(e.key_loc, "unknown config key '" + e.key + "' for plugin '" + lib.name() + "' (known: " +
                                   (known.empty() ? "none" : known) + ")");
            continue;
        }
        th_config::Value v;
        if (f->type == TH_CFG_STRING_LIST) {
            if (!e.is_list) {
                d.error(e.value_loc, where + e.key + ": expected a list such as [a, b]");
                continue;
            }
            v.type = TH_CFG_STRING_LIST;
            v.list = e.list;
        } else {
            if (e.is_list || e.is_map) {
                d.error(e.value_loc, where + e.key + ": expected a " + config_type_name(f->type) + ", got a " +
                                         (e.is_list ? "list" : "mapping"));
                continue;
            }
            std::string err = detail::convert_config_value(*f, e.scalar, v);
            if (!err.empty()) {
                // Never echo a secret's value, even when it is malformed.
                if (f->flags & TH_CFG_SECRET) err = "invalid value for a secret key";
                // ... nor a value from the environment, which may be one.
                else if (!e.env_ref.empty())
                    err = "invalid " + std::string(config_type_name(f->type)) + " from " + e.env_ref + " (the value is not shown)";
                d.error(e.value_loc, where + e.key + ": " + err);
                continue;
            }
        }
        cfg->values[e.key] = std::move(v);
    }
    for (const auto& f : lib.fields()) {
        if ((f.flags & TH_CFG_REQUIRED) && !cfg->values.count(f.key)) {
            Location at = spec.config_loc.line ? spec.config_loc : spec.loc;
            d.error(at, "instance '" + spec.name + "': missing required config key '" + std::string(f.key) + "' (" +
                            config_type_name(f.type) + ": " + (f.doc ? f.doc : "") + ")");
        }
    }
    return cfg;
}

}  // namespace tradehost
