// The th_host_api table the host hands every plugin instance. The th_host_ctx of an
// instance is its Instance.
#pragma once

#include <tradehost/plugin.h>

namespace tradehost {

/// Fill `api` with the host's functions.
void fill_host_api(th_host_api& api);

}  // namespace tradehost
