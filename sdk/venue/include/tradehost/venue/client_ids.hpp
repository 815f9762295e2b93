// Client order ids in a venue's limits: each venue documents the form of the id a client may
// put on an order (Binance ^[.A-Z:/a-z0-9_-]{1,36}$, Kraken free text up to 18 characters or
// a UUID, ...). The host's ids (up to TH_ID_LEN - 1 characters, whatever the instance name)
// do not always fit, so the execution worker sends each order under a venue client id that
// does: the host's id itself when it fits, else one derived from it by a hash (the same id for
// the same host id, so a restart or a resend names the order the same way). The ledger keeps
// the mapping; reports carry the host's id.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tradehost::venue {

/// What a venue accepts as a client order id.
struct ClientIdFormat {
    /// Longest id accepted; 0: the venue documents no limit below the host's own.
    std::size_t max_len = 0;
    /// Characters accepted besides ASCII letters and digits; ignored when any_printable.
    std::string_view extra_chars;
    /// Any printable ASCII character (the venue documents no charset).
    bool any_printable = true;
    /// A UUID (8-4-4-4-12 hex) is accepted whatever max_len says (Kraken's cl_ord_id).
    bool uuid_ok = false;
    /// False: the venue has no client id field; the id stays in the ledger only.
    bool sent = true;
};

/// True when `id` is non-empty and in `format` as it is.
bool client_id_fits(const ClientIdFormat& format, std::string_view id);

/// The venue client id for the host's `host_id`: `host_id` itself when it fits; otherwise a
/// UUID shaped from its SHA-256 when the venue takes UUIDs, else a readable prefix of the
/// host id (the characters that fit) and 16 hex digits of its SHA-256, or only hex digits
/// when the limit leaves no room for a prefix. `salt` > 0 derives another id (the worker's
/// way around the rare clash with an id already in its ledger).
std::string venue_client_id(const ClientIdFormat& format, std::string_view host_id, unsigned salt = 0);

}  // namespace tradehost::venue
