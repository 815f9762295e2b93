// The replay position as versioned text, for hot reload: "replay 1 <cursor> <rows>".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tradehost::replay {

/// Text of "`cursor` rows of `rows` published".
std::string encode_cursor(size_t cursor, size_t rows);

/// The cursor from encode_cursor's text; throws InvalidArgument if it is malformed or was
/// taken over a file with another number of rows than `rows`.
size_t decode_cursor(std::string_view blob, size_t rows);

}  // namespace tradehost::replay
