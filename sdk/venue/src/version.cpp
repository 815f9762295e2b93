#include "tradehost/venue/version.hpp"

namespace tradehost::venue {
const char* kit_version() noexcept { return "1.0.0"; }
}  // namespace tradehost::venue
