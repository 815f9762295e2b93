// Private helpers shared by HttpClient and LineStream: libcurl's process-wide init (once, from
// any thread), a RAII header list, and case-insensitive header handling.
#pragma once

#include <curl/curl.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::venue::net {

/// curl_global_init is not thread-safe and must run before any easy handle exists; every
/// constructor that creates a handle calls this first. Never cleaned up (other code in the
/// process, e.g. another adapter's copy of this library, may still use libcurl).
void ensure_curl_global();

bool iequals(std::string_view a, std::string_view b) noexcept;

/// Owns a curl_slist of request headers ("Name: value"; an empty value is sent as "Name;",
/// which is curl's way of sending a header with no value).
class CurlHeaderList {
public:
    CurlHeaderList() = default;
    ~CurlHeaderList();
    CurlHeaderList(const CurlHeaderList&) = delete;
    CurlHeaderList& operator=(const CurlHeaderList&) = delete;
    /// False when curl could not allocate the entry.
    bool add(std::string_view name, std::string_view value);
    /// Stops curl from sending a header it would add on its own ("Name:" in curl's terms).
    bool suppress(std::string_view name);
    curl_slist* get() const noexcept { return list_; }

private:
    bool append(const std::string& line);
    curl_slist* list_ = nullptr;
};

/// Parses one raw header line as handed to CURLOPT_HEADERFUNCTION. Returns the status code
/// for a status line ("HTTP/1.1 503 ..."), 0 otherwise. A "Name: value" line is appended to
/// `headers` (value trimmed); the blank line ending the block and anything else are ignored.
long parse_header_line(std::string_view line, std::vector<std::pair<std::string, std::string>>& headers);

/// True for the empty line (CRLF or LF) that ends a header block.
bool is_header_block_end(std::string_view line) noexcept;

}  // namespace tradehost::venue::net
