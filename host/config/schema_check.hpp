// Checks one instance's config against the schema its plugin declares and converts it to
// the typed th_config the plugin reads: unknown keys, wrong types, out-of-range values and
// missing required keys are reported at their `file:line:col`.
#pragma once

#include "common/diagnostics.hpp"
#include "config/deployment.hpp"
#include "loader/plugin_library.hpp"

#include <tradehost/detail/config_values.hpp>

#include <memory>

namespace tradehost {

std::unique_ptr<th_config> check_instance_config(const InstanceSpec& spec, const PluginLibrary& lib, Diagnostics& diags);

}  // namespace tradehost
