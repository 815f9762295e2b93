// The venue kit's version (follows the SDK's).
#pragma once

namespace tradehost::venue {
/// "1.0.0": the kit is versioned with the SDK package.
const char* kit_version() noexcept;
}  // namespace tradehost::venue
