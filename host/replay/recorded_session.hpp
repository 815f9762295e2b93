// What `tradehost replay` runs again: one session of a journal that recorded its inputs
// (host.record_inputs): every event its sources published, in order, with instruments as
// symbols; the durable state as it began; and the fingerprint of the deployment it ran.
#pragma once

#include "journal/journal.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace tradehost {

class ReplayError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RecordedInput {
    std::string instance, port;       ///< the source and its output port that published it
    std::vector<unsigned char> wire;  ///< the event in the wire form of nats/wire.hpp
};

struct RecordedSession {
    uint64_t session = 0;
    std::string config;         ///< the deployment file the session ran
    std::string config_sha256;  ///< of its files (deployment_sha256)
    std::vector<JournalOptions::StateRow> start_state;
    std::vector<RecordedInput> inputs;
};

/// Read session `session` of the journal at `path` (0: the latest session that recorded
/// its inputs). Throws ReplayError saying what is missing: no such file, no such session,
/// a session that did not record its inputs (and how to make one that does).
RecordedSession read_recorded_session(const std::string& path, uint64_t session);

/// A journal opened read-only (a running host may be writing it), closed with the handle.
/// Throws ReplayError naming the file when it cannot be opened.
using ReadOnlyJournal = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;
ReadOnlyJournal open_journal_read_only(const std::string& path);

/// SHA-256 (hex) of a deployment's files' contents, base first, each with its length, so
/// replay can tell the operator that the deployment changed since the session ran.
std::string deployment_sha256(const std::vector<std::string>& files);

}  // namespace tradehost
