// The decision log's part of the TCA report: a session's `decisions` rows, and the links from
// each parent order (through its children's orders) to the decisions that made it.
#pragma once

#include "tca/tca.hpp"

struct sqlite3;

namespace tradehost::tca {

/// Fill r.decisions and each parent's causes from the journal (r.has_decisions false when
/// the journal predates the table). Throws TcaError on a read error.
void load_decisions(sqlite3* db, uint64_t session, Report& r);

/// Parse a JSON array of ids as the journal writes it ("[3,7]"); anything else reads empty.
std::vector<uint64_t> parse_ids(const std::string& text);

}  // namespace tradehost::tca
